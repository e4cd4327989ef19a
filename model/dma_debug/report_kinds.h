// The stable report kinds of the dma-debug era models (CheckerReport::kind), one per
// message text (internal/messages.h), and which of them an era can print at all. The
// verdict layer pairs each kind with the contract rule it claims (docs/oracles.md, "Report
// kinds and the rules they claim").
#ifndef DMASIM_MODEL_DMA_DEBUG_REPORT_KINDS_H_
#define DMASIM_MODEL_DMA_DEBUG_REPORT_KINDS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "model/dma_debug/era.h"

namespace dmasim::dma_debug {

inline constexpr absl::string_view kKindEexist = "eexist";
inline constexpr absl::string_view kKindOverlapOverflow = "overlap-overflow";
inline constexpr absl::string_view kKindEnomem = "enomem";
inline constexpr absl::string_view kKindOutOfMemory = "out-of-memory";
inline constexpr absl::string_view kKindFreeNotAllocated = "free-not-allocated";
inline constexpr absl::string_view kKindFreeInvalidAddress = "free-invalid-address";
inline constexpr absl::string_view kKindFreeDifferentSize = "free-different-size";
inline constexpr absl::string_view kKindFreeWrongFunction = "free-wrong-function";
inline constexpr absl::string_view kKindFreeSgEntryCount = "free-sg-entry-count";
inline constexpr absl::string_view kKindFreeDifferentDirection = "free-different-direction";
inline constexpr absl::string_view kKindMapErrorNotChecked = "map-error-not-checked";
inline constexpr absl::string_view kKindFreeDifferentAttributes = "free-different-attributes";
inline constexpr absl::string_view kKindSyncNotAllocated = "sync-not-allocated";
inline constexpr absl::string_view kKindSyncOutsideRange = "sync-outside-range";
inline constexpr absl::string_view kKindSyncDifferentDirection = "sync-different-direction";
inline constexpr absl::string_view kKindSyncReadOnlyForCpu = "sync-read-only-for-cpu";
inline constexpr absl::string_view kKindSyncWriteOnlyToDevice = "sync-write-only-to-device";
inline constexpr absl::string_view kKindSyncSgEntryCount = "sync-sg-entry-count";
inline constexpr absl::string_view kKindMapFromStack = "map-from-stack";
inline constexpr absl::string_view kKindMapFromRodata = "map-from-rodata";
inline constexpr absl::string_view kKindMapFromInvalidArea = "map-from-invalid-area";
inline constexpr absl::string_view kKindMapFromVmalloc = "map-from-vmalloc";
inline constexpr absl::string_view kKindPendingAtUnbind = "pending-at-unbind";
inline constexpr absl::string_view kKindSgSegmentTooLong = "sg-segment-too-long";
inline constexpr absl::string_view kKindSgSegmentBoundary = "sg-segment-boundary";

// Every kind above, in that order.
const std::vector<absl::string_view>& AllReportKinds();

// Whether this era (and kernel config) can print a report of `kind` on some trace the
// format can express: false for checks the era lacks (EEXIST before 5.14, the attribute
// compare before 7.x, check_sg_segment without CONFIG_DMA_API_DEBUG_SG, ...) and for a
// vmalloc map that dma_map_single refuses before dma-debug sees it.
bool EraReportsKind(const EraProfile& profile, absl::string_view kind);

}  // namespace dmasim::dma_debug

#endif  // DMASIM_MODEL_DMA_DEBUG_REPORT_KINDS_H_
