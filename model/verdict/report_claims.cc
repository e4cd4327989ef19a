#include "model/verdict/report_claims.h"

#include "model/contract/rules.h"
#include "model/dma_debug/report_kinds.h"

namespace dmasim {

const std::vector<ReportClaim>& ReportClaims() {
  namespace k = dma_debug;
  static const std::vector<ReportClaim> kTable = {
      {k::kKindEexist, {rule::kSharing, rule::kSharingWithinSg}, false, true},
      {k::kKindOverlapOverflow, {rule::kSharing, rule::kSharingWithinSg}, false, true},
      {k::kKindEnomem, {}},
      {k::kKindOutOfMemory, {}},
      {k::kKindFreeNotAllocated, {rule::kUnmapNotMapped}},
      {k::kKindFreeInvalidAddress, {rule::kUnmapNotMapped}},
      {k::kKindFreeDifferentSize, {rule::kUnmapSize}},
      {k::kKindFreeWrongFunction, {rule::kUnmapWrongFunction}},
      {k::kKindFreeSgEntryCount, {rule::kUnmapNents}},
      {k::kKindFreeDifferentDirection, {rule::kUnmapDirection}},
      {k::kKindMapErrorNotChecked, {rule::kMappingErrorUnchecked}, true},
      {k::kKindFreeDifferentAttributes, {}},
      {k::kKindSyncNotAllocated, {rule::kSyncNotMapped}},
      {k::kKindSyncOutsideRange, {rule::kSyncOutside}},
      {k::kKindSyncDifferentDirection, {rule::kSyncDirection}},
      {k::kKindSyncReadOnlyForCpu, {rule::kSyncDirection}},
      {k::kKindSyncWriteOnlyToDevice, {rule::kSyncDirection}},
      {k::kKindSyncSgEntryCount, {rule::kSyncNents}},
      {k::kKindMapFromStack, {rule::kStackBuffer}},
      {k::kKindMapFromRodata, {rule::kRodataBuffer}},
      {k::kKindMapFromInvalidArea, {rule::kVmallocBuffer}},
      {k::kKindMapFromVmalloc, {rule::kVmallocBuffer}},
      {k::kKindPendingAtUnbind, {rule::kLeakAtUnbind}},
      {k::kKindSgSegmentTooLong, {}},
      {k::kKindSgSegmentBoundary, {}},
  };
  return kTable;
}

const ReportClaim* FindReportClaim(absl::string_view kind) {
  for (const ReportClaim& c : ReportClaims()) {
    if (c.kind == kind) return &c;
  }
  return nullptr;
}

}  // namespace dmasim
