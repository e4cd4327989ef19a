// SoundnessExcuses (narrowing.h): the arch-dependent narrowings 1, 3, 5, 6 and 7.
#include <algorithm>
#include <utility>
#include <vector>

#include "model/base/check.h"
#include "model/replay/replayer.h"
#include "model/trace/platform.h"
#include "props/support/handle_spans.h"
#include "props/support/narrowing.h"

namespace dmasim::props {
namespace {

// Records, per handle and element, whether the mapping bounced on the platform of the pass.
class BounceRecorder : public Observer {
 public:
  explicit BounceRecorder(size_t handles) : bounced_(handles) {}
  void OnOp(const OpEvent& e) override {
    if (e.mapping == nullptr || !IsMapOp(e.op->kind) || e.mapping->failed) return;
    for (const MappedElement& m : e.mapping->elems) {
      bounced_[e.op->handle].push_back(m.bounce != kNoBounce);
    }
  }
  std::vector<std::vector<bool>> Take() { return std::move(bounced_); }

 private:
  std::vector<std::vector<bool>> bounced_;  // empty for a failed map
};

// The cache lines an element list touches, as byte ranges.
std::vector<std::pair<uint64_t, uint64_t>> Lines(
    const std::vector<std::pair<uint64_t, uint64_t>>& region, uint64_t line) {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (const auto& [phys, len] : region) {
    if (len == 0) continue;
    const uint64_t first = phys / line * line;
    const uint64_t end = (phys + len + line - 1) / line * line;
    out.push_back({first, end - first});
  }
  return out;
}

// Whether an element of `a` that bounced and an element of `b` that did not (or the other
// way round) share a cache line; `same` when a and b are one mapping (then e != f).
bool BouncedNextToDirect(const HandleSpan& a, const std::vector<bool>& ba, const HandleSpan& b,
                         const std::vector<bool>& bb, bool same, uint64_t line) {
  for (size_t e = 0; e < ba.size(); ++e) {
    for (size_t f = 0; f < bb.size(); ++f) {
      if ((same && e == f) || ba[e] == bb[f]) continue;
      if (Overlap(Lines({a.region[e]}, line), Lines({b.region[f]}, line))) return true;
    }
  }
  return false;
}

}  // namespace

SoundnessExcuses::SoundnessExcuses(const Trace& trace, absl::string_view arch)
    : trace_(trace) {
  const ArchPolicy* a = arch_ = FindArch(arch);
  DMASIM_CHECK(a != nullptr);
  inv_before_from_device_ = ForDeviceOp(*a, Direction::kFromDevice) == CacheOp::kInvalidate;
  no_post_dma_invalidate_ = ForCpuOp(*a, Direction::kFromDevice) == CacheOp::kNone &&
                            !a->all_coherent;
  BounceRecorder rec(trace.handles.size());
  ReplayOnce(trace, PlatformWithArch(trace, arch), {&rec});
  const std::vector<std::vector<bool>> elem_bounced = rec.Take();
  bounced_.resize(trace.handles.size());
  for (size_t h = 0; h < bounced_.size(); ++h) {
    bounced_[h] = std::find(elem_bounced[h].begin(), elem_bounced[h].end(), true) !=
                  elem_bounced[h].end();
  }
  const std::vector<HandleSpan> s = Spans(trace);
  const PlatformDecl p = PlatformWithArch(trace, arch);
  std::vector<bool> coherent(s.size(), true);
  for (size_t h = 0; h < s.size(); ++h) {
    const Op& map = trace.ops[trace.handles[h].def_op];
    coherent[h] = DeviceIsCoherent(p, trace.devices[map.device]);
  }
  skip_arch_ = no_post_dma_invalidate_ && trace.platform.prefetch;  // 1
  twins_.resize(s.size());
  line_neighbours_.resize(s.size());
  const uint64_t line = trace.platform.line;
  for (size_t h = 0; h < s.size(); ++h) {
    if (inv_before_from_device_ && bounced_[h] && s[h].dir == Direction::kFromDevice) {
      skip_arch_ = true;  // 3: the pre-copy is invalidated away at the map
    }
    if (bounced_[h] && SelfOverlap(s[h].region)) twins_[h].push_back(static_cast<int>(h));
    if (BouncedNextToDirect(s[h], elem_bounced[h], s[h], elem_bounced[h], true, line)) {
      line_neighbours_[h].push_back(static_cast<int>(h));
    }
    for (size_t o = 0; o < s.size(); ++o) {
      const bool same_time = s[h].map_op < s[o].end_op && s[o].map_op < s[h].end_op;
      const bool two_memories =
          bounced_[h] || bounced_[o] || coherent[h] != coherent[o];
      if (o != h && same_time && two_memories && Overlap(s[o].region, s[h].region)) {
        twins_[h].push_back(static_cast<int>(o));
      }
      if (o != h && same_time &&
          BouncedNextToDirect(s[h], elem_bounced[h], s[o], elem_bounced[o], false, line)) {
        line_neighbours_[h].push_back(static_cast<int>(o));
      }
    }
  }
}

bool SoundnessExcuses::FromDeviceMapDrops(const OracleFinding& f) const {
  const bool lost = f.kind == "cpu-write-lost" || f.kind == "device-write-lost";
  if (!lost || !inv_before_from_device_ || f.op < 0 ||
      f.op >= static_cast<int>(trace_.ops.size())) {
    return false;
  }
  const Op& op = trace_.ops[f.op];
  return IsMapOp(op.kind) && op.dir == Direction::kFromDevice;
}

bool SoundnessExcuses::EdgeLineDropped(const OracleFinding& f) const {
  if (f.kind != "cpu-write-lost" || !f.sharing || arch_->edge != EdgePolicy::kDrop ||
      f.op < 0 || f.op >= static_cast<int>(trace_.ops.size())) {
    return false;
  }
  const Op& op = trace_.ops[f.op];
  if (op.handle < 0 || op.kind == OpKind::kMappingError || op.kind == OpKind::kDevRead ||
      op.kind == OpKind::kDevWrite) {
    return false;
  }
  const Direction dir = op.override_dir.value_or(trace_.ops[trace_.handles[op.handle].def_op].dir);
  const bool for_device = IsMapOp(op.kind) || op.kind == OpKind::kSyncForDevice;
  const CacheOp c = for_device ? ForDeviceOp(*arch_, dir) : ForCpuOp(*arch_, dir);
  return c == CacheOp::kInvalidate;
}

int SoundnessExcuses::Reason(const OracleFinding& f) const {
  if (f.kind == "exposure") return -1;
  if (FromDeviceMapDrops(f)) return 3;
  if (EdgeLineDropped(f)) return 5;
  for (int h : f.handles) {
    if (h >= 0 && h < static_cast<int>(twins_.size()) && !twins_[h].empty()) return 6;
  }
  const bool stale_line = f.kind == "stale-cpu-read" || f.kind == "device-write-lost";
  if (no_post_dma_invalidate_ && stale_line && f.sharing) return 7;
  for (int h : f.handles) {
    if (h >= 0 && h < static_cast<int>(line_neighbours_.size()) && !line_neighbours_[h].empty()) {
      return 8;  // an eviction names only the victim, not the copy-back that dirtied the line
    }
  }
  return 0;
}

}  // namespace dmasim::props
