// The trace transforms of the soundness narrowings (narrowing.h): 2 and 4.
#include "props/support/narrowing.h"

#include <vector>

#include "model/trace/remove_ops.h"
#include "props/support/handle_spans.h"

namespace dmasim::props {
namespace {

// The rule-11 partner of handle `m` (which skips the sync): the same region, no
// skip_cpu_sync at either end, mapped before it and unmapped after it; -1 if none. A
// require_coherent partner does not count: its map fails on a non-coherent platform.
int Partner(const std::vector<HandleSpan>& s, size_t m) {
  for (size_t p = 0; p < s.size(); ++p) {
    const HandleSpan& o = s[p];
    if (p == m || o.skip_at_map() || o.skip_at_unmap || o.region != s[m].region) continue;
    if (o.attrs & kAttrRequireCoherent) continue;
    if (o.map_op < s[m].map_op && o.end_op > s[m].end_op) return static_cast<int>(p);
  }
  return -1;
}
bool Covered(const std::vector<HandleSpan>& s, size_t m) { return Partner(s, m) >= 0; }

bool Skips(const HandleSpan& h) { return h.skip_at_map() || h.skip_at_unmap; }

// The cpu_write ops followed by the unmap of a live mapping whose bytes they wrote, with no
// sync_for_device of it in between.
std::vector<int> WritesLostAtUnmap(const Trace& t) {
  const std::vector<HandleSpan> s = Spans(t);
  std::vector<int> bad;
  for (int w = 0; w < static_cast<int>(t.ops.size()); ++w) {
    const Op& op = t.ops[w];
    if (op.kind != OpKind::kCpuWrite || op.len == 0) continue;
    const std::vector<std::pair<uint64_t, uint64_t>> bytes{{t.bufs[op.buf].at + op.off, op.len}};
    for (size_t h = 0; h < s.size(); ++h) {
      if (!s[h].LiveAt(w) || s[h].end_op == INT_MAX || !Overlap(bytes, s[h].region)) continue;
      bool synced = false;
      for (int j = w + 1; j < s[h].end_op; ++j) {
        synced = synced || (t.ops[j].kind == OpKind::kSyncForDevice &&
                            t.ops[j].handle == static_cast<int>(h));
      }
      if (!synced) {
        bad.push_back(w);
        break;
      }
    }
  }
  return bad;
}

}  // namespace

namespace {

// The CPU accesses between a skipping unmap and its partner's next hand-back (sync_for_cpu
// or unmap) that touch the region.
std::vector<int> CpuAccessesTooEarly(const Trace& t) {
  const std::vector<HandleSpan> s = Spans(t);
  std::vector<int> bad;
  for (size_t h = 0; h < s.size(); ++h) {
    if (!s[h].skip_at_unmap || s[h].end_op == INT_MAX) continue;
    const int p = Partner(s, h);
    if (p < 0) continue;
    for (int i = s[h].end_op + 1; i < static_cast<int>(t.ops.size()); ++i) {
      const Op& op = t.ops[i];
      const bool hand_back = op.handle == p && (op.kind == OpKind::kSyncForCpu || IsUnmapOp(op.kind));
      if (hand_back) break;
      if (op.kind != OpKind::kCpuRead && op.kind != OpKind::kCpuWrite) continue;
      if (Overlap({{t.bufs[op.buf].at + op.off, op.len}}, s[h].region)) bad.push_back(i);
    }
  }
  return bad;
}

Trace WithPartnersOnly(const Trace& trace) {
  Trace t = trace;
  // Dropping the attribute from one mapping can uncover another (it was its partner), so
  // repeat until nothing changes; each round removes at least one attribute.
  for (bool changed = true; changed;) {
    changed = false;
    const std::vector<HandleSpan> s = Spans(t);
    for (size_t h = 0; h < s.size(); ++h) {
      if (!Skips(s[h]) || Covered(s, h)) continue;
      for (Op& op : t.ops) {
        if (op.handle != static_cast<int>(h)) continue;
        if (IsMapOp(op.kind)) op.attrs &= ~uint32_t{kAttrSkipCpuSync};
        if (IsUnmapOp(op.kind) && op.override_attrs) {
          *op.override_attrs &= ~uint32_t{kAttrSkipCpuSync};
        }
      }
      changed = true;
    }
  }
  return t;
}

}  // namespace

bool SkipCpuSyncAsRule11(const Trace& trace) {
  const std::vector<HandleSpan> s = Spans(trace);
  for (size_t h = 0; h < s.size(); ++h) {
    if (Skips(s[h]) && !Covered(s, h)) return false;
  }
  return CpuAccessesTooEarly(trace).empty();
}

Trace WithSkipCpuSyncAsRule11(const Trace& trace) {
  Trace t = WithPartnersOnly(trace);
  const std::vector<int> bad = CpuAccessesTooEarly(t);
  return bad.empty() ? t : RemoveOps(t, bad);
}

bool CpuWritesSyncedBeforeUnmap(const Trace& trace) { return WritesLostAtUnmap(trace).empty(); }

Trace WithCpuWritesSyncedBeforeUnmap(const Trace& trace) {
  const std::vector<int> bad = WritesLostAtUnmap(trace);
  return bad.empty() ? trace : RemoveOps(trace, bad);
}

}  // namespace dmasim::props
