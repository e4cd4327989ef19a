// Per handle of a trace: where its mapping starts and ends, the physical bytes it maps and
// the attributes in force at map and at unmap. Shared by the soundness narrowings.
#ifndef DMASIM_PROPS_SUPPORT_HANDLE_SPANS_H_
#define DMASIM_PROPS_SUPPORT_HANDLE_SPANS_H_

#include <climits>
#include <cstdint>
#include <utility>
#include <vector>

#include "model/trace/trace.h"

namespace dmasim::props {

struct HandleSpan {
  int map_op = -1;
  int end_op = INT_MAX;         // the first unmap/unmap_sg, or INT_MAX (never unmapped)
  uint32_t attrs = 0;           // at map
  bool skip_at_unmap = false;   // skip_cpu_sync in the attrs the unmap passes
  Direction dir = Direction::kBidirectional;
  std::vector<std::pair<uint64_t, uint64_t>> region;  // (phys, len) per element

  bool skip_at_map() const { return (attrs & kAttrSkipCpuSync) != 0; }
  // Live at op i (mapped before it, not yet unmapped), ignoring failed maps.
  bool LiveAt(int i) const { return map_op < i && i < end_op; }
};

std::vector<HandleSpan> Spans(const Trace& t);

// Whether two element lists share a physical byte.
bool Overlap(const std::vector<std::pair<uint64_t, uint64_t>>& a,
             const std::vector<std::pair<uint64_t, uint64_t>>& b);
// Whether two elements of one list share a physical byte.
bool SelfOverlap(const std::vector<std::pair<uint64_t, uint64_t>>& a);

inline bool IsMapOp(OpKind k) { return k == OpKind::kMap || k == OpKind::kMapSg; }
inline bool IsUnmapOp(OpKind k) { return k == OpKind::kUnmap || k == OpKind::kUnmapSg; }

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_HANDLE_SPANS_H_
