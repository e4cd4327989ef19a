#include "model/dma_debug/report_kinds.h"

namespace dmasim::dma_debug {

const std::vector<absl::string_view>& AllReportKinds() {
  static const std::vector<absl::string_view> kAll = {
      kKindEexist, kKindOverlapOverflow, kKindEnomem, kKindOutOfMemory,
      kKindFreeNotAllocated, kKindFreeInvalidAddress, kKindFreeDifferentSize,
      kKindFreeWrongFunction, kKindFreeSgEntryCount, kKindFreeDifferentDirection,
      kKindMapErrorNotChecked, kKindFreeDifferentAttributes, kKindSyncNotAllocated,
      kKindSyncOutsideRange, kKindSyncDifferentDirection, kKindSyncReadOnlyForCpu,
      kKindSyncWriteOnlyToDevice, kKindSyncSgEntryCount, kKindMapFromStack,
      kKindMapFromRodata, kKindMapFromInvalidArea, kKindMapFromVmalloc,
      kKindPendingAtUnbind, kKindSgSegmentTooLong, kKindSgSegmentBoundary};
  return kAll;
}

bool EraReportsKind(const EraProfile& p, absl::string_view kind) {
  if (kind == kKindEexist) return p.eexist != EexistMode::kNever;
  if (kind == kKindFreeDifferentAttributes) return p.unmap_attr_compare;
  if (kind == kKindSyncSgEntryCount) return p.sync_sg_count_check;
  if (kind == kKindMapFromInvalidArea || kind == kKindMapFromVmalloc) {
    return p.map_single_checks && !p.reject_vmalloc_single;
  }
  if (kind == kKindSgSegmentTooLong || kind == kKindSgSegmentBoundary) {
    return p.sg_segment_check == SgSegmentCheck::kAlways ||
           (p.sg_segment_check == SgSegmentCheck::kDebugSgOnly && p.debug_sg);
  }
  if (kind == kKindOutOfMemory) return p.fixed_pool != 0;
  for (absl::string_view k : AllReportKinds()) {
    if (k == kind) return true;
  }
  return false;
}

}  // namespace dmasim::dma_debug
