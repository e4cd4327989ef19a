#include "model/hazard/internal/line_state.h"

#include "model/base/check.h"

namespace dmasim::hazard {
namespace {

// Groups per-byte hits into runs of one kind.
class HitRuns {
 public:
  explicit HitRuns(const LineCtx& ctx) : ctx_(ctx) {}
  ~HitRuns() { Flush(); }
  void Add(HitKind kind, uint32_t byte) {
    if (ctx_.hits == nullptr) return;
    if (open_ && run_.kind == kind && run_.first + run_.count == byte) {
      ++run_.count;
      return;
    }
    Flush();
    run_ = Hit{kind, byte, 1, ctx_.intended[byte]};
    open_ = true;
  }
  void Flush() {
    if (open_) ctx_.hits->push_back(run_);
    open_ = false;
  }

 private:
  const LineCtx& ctx_;
  Hit run_;
  bool open_ = false;
};

HitKind LostKind(const LineCtx& ctx, uint32_t byte) {
  return ctx.versions->IsDevice(ctx.intended[byte]) ? HitKind::kDeviceWriteLost
                                                    : HitKind::kCpuWriteLost;
}

// Byte `i` still holds its intended version in `s`, where a reader can get it back.
// A device write lives in memory until a write-back overwrites it, even under a dirty line
// (a non-coherent device still reads it; an invalidate would expose it again). A CPU write
// (or initial contents) lives in the cache: if the line is dirty with another value at
// that byte, the copy in memory is shadowed (the CPU reads the line, the write-back will
// overwrite memory), so it does not count. Only a swiotlb copy-back can create that case,
// and the copy is where the loss is reported.
inline bool Present(const LineState& s, const LineCtx& ctx, uint32_t i) {
  return Holds(s, i, ctx.intended[i], *ctx.versions);
}

// Replaces `s` by `next`, reporting every intended version that existed before and not after.
void Transition(LineState& s, LineState& next, const LineCtx& ctx) {
  if (ctx.hits != nullptr) {
    HitRuns runs(ctx);
    const bool same_cache = s.w[0] == next.w[0];
    for (uint32_t i = 0; i < s.size(); ++i) {
      if (ctx.intended[i] == kDead) continue;
      // Presence can only change where a word of byte i (or the cache state) changed.
      if (same_cache && s.mem(i) == next.mem(i) && s.copy(i) == next.copy(i)) continue;
      if (Present(s, ctx, i) && !Present(next, ctx, i)) runs.Add(LostKind(ctx, i), i);
    }
  }
  s.w.swap(next.w);
}

void SetAbsent(LineState& s) {
  s.w[0] = static_cast<Version>(Cache::kAbsent);
  for (uint32_t i = 0; i < s.size(); ++i) s.copy(i) = kDead;
}

}  // namespace

bool Holds(const LineState& s, uint32_t i, Version v, const VersionTable& versions) {
  if (s.cached() && s.copy(i) == v) return true;
  if (s.mem(i) != v) return false;
  return s.cache() != Cache::kDirty || versions.IsDevice(v);
}

LineState LineState::Initial(uint32_t size, Version first_initial) {
  DMASIM_CHECK(size >= 1);
  LineState s;
  s.n = size;
  s.w.assign(1 + 2 * size, kDead);
  for (uint32_t i = 0; i < size; ++i) s.mem(i) = first_initial + i;
  return s;
}

void Fill(LineState& s) {
  if (s.cached()) return;
  s.w[0] = static_cast<Version>(Cache::kClean);
  for (uint32_t i = 0; i < s.size(); ++i) s.copy(i) = s.mem(i);
}

void WriteBack(LineState& s, const LineCtx& ctx) {
  if (s.cache() != Cache::kDirty) return;
  LineState next = s;
  for (uint32_t i = 0; i < s.size(); ++i) next.mem(i) = s.copy(i);
  next.w[0] = static_cast<Version>(Cache::kClean);
  Transition(s, next, ctx);
}

void Drop(LineState& s, const LineCtx& ctx) {
  if (!s.cached()) return;
  LineState next = s;
  SetAbsent(next);
  Transition(s, next, ctx);
}

void Evict(LineState& s, const LineCtx& ctx) {
  WriteBack(s, ctx);
  Drop(s, ctx);
}

void CpuWrite(LineState& s, uint32_t off, uint32_t len, const Version* vals) {
  DMASIM_CHECK(off + len <= s.size());
  Fill(s);  // write-allocate
  for (uint32_t i = 0; i < len; ++i) s.copy(off + i) = vals[i];
  s.w[0] = static_cast<Version>(Cache::kDirty);
}

void CopyWrite(LineState& s, uint32_t off, uint32_t len, const Version* vals,
               const LineCtx& ctx) {
  LineState next = s;
  CpuWrite(next, off, len, vals);
  Transition(s, next, ctx);
}

void CpuRead(LineState& s, uint32_t off, uint32_t len, const LineCtx& ctx, Version* seen) {
  DMASIM_CHECK(off + len <= s.size());
  Fill(s);
  HitRuns runs(ctx);
  for (uint32_t i = off; i < off + len; ++i) {
    const Version v = s.copy(i);
    if (seen != nullptr) seen[i - off] = v;
    const Version want = ctx.intended[i];
    // The copy is stale; the intended version can then only be in memory.
    if (want != kDead && v != want && Present(s, ctx, i)) runs.Add(HitKind::kStaleCpuRead, i);
  }
}

void DevWrite(LineState& s, bool coherent, uint32_t off, uint32_t len, const Version* vals) {
  DMASIM_CHECK(off + len <= s.size());
  for (uint32_t i = 0; i < len; ++i) {
    s.mem(off + i) = vals[i];
    // A snooping write updates the cached copy (same end result as write-back + invalidate
    // + write: no byte of the line is lost, the line keeps its clean/dirty state).
    if (coherent && s.cached()) s.copy(off + i) = vals[i];
  }
}

void DevRead(LineState& s, bool coherent, uint32_t off, uint32_t len, const LineCtx& ctx) {
  DMASIM_CHECK(off + len <= s.size());
  HitRuns runs(ctx);
  for (uint32_t i = off; i < off + len; ++i) {
    const bool from_cache = coherent && s.cached();
    const Version v = from_cache ? s.copy(i) : s.mem(i);
    const Version want = ctx.intended[i];
    if (want == kDead || v == want) continue;
    if (Present(s, ctx, i)) runs.Add(HitKind::kStaleDeviceRead, i);
  }
}

}  // namespace dmasim::hazard
