#include "props/support/handle_spans.h"

namespace dmasim::props {

std::vector<HandleSpan> Spans(const Trace& t) {
  std::vector<HandleSpan> s(t.handles.size());
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    const Op& op = t.ops[i];
    if (IsMapOp(op.kind)) {
      HandleSpan& h = s[op.handle];
      h.map_op = i;
      h.attrs = op.attrs;
      h.dir = op.dir;
      h.skip_at_unmap = h.skip_at_map();
      for (const Element& e : op.elems) h.region.push_back({t.bufs[e.buf].at + e.off, e.len});
    } else if (IsUnmapOp(op.kind) && s[op.handle].end_op == INT_MAX) {
      HandleSpan& h = s[op.handle];
      h.end_op = i;
      if (op.override_attrs) h.skip_at_unmap = (*op.override_attrs & kAttrSkipCpuSync) != 0;
    }
  }
  return s;
}

bool Overlap(const std::vector<std::pair<uint64_t, uint64_t>>& a,
             const std::vector<std::pair<uint64_t, uint64_t>>& b) {
  for (const auto& [pa, la] : a) {
    for (const auto& [pb, lb] : b) {
      if (pa < pb + lb && pb < pa + la) return true;
    }
  }
  return false;
}

bool SelfOverlap(const std::vector<std::pair<uint64_t, uint64_t>>& a) {
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = i + 1; j < a.size(); ++j) {
      if (Overlap({a[i]}, {a[j]})) return true;
    }
  }
  return false;
}

}  // namespace dmasim::props
