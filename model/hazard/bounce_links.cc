// swiotlb: a bounced buffer byte and its slot byte are one logical byte with two homes, on
// two lines the explorer keeps apart. The per-line rules (line_state.h) only see one home;
// these checks join the two, where the kernel's copies leave them out of step:
//   * a device read of the slot when the buffer byte was written after the last copy into
//     the slot (the CPU wrote a device-owned bounced buffer): the slot can never hold that
//     write: stale-device-read (if the write still exists on the buffer line);
//   * a CPU read of the buffer while a device write through that mapping is still only in
//     its slot (before sync_for_cpu / unmap copied it back, or never, for a leaked
//     mapping): stale-cpu-read;
//   * a slot freed without copying such a device write back (skip_cpu_sync, `unmap size=`
//     shorter than the mapping, an unmap in the to_device direction): the write is
//     unreachable from then on: device-write-lost at the unmap.
// Lines are independent, so "some joint schedule" is "some state of one line and some state
// of the other": each check is exact. Semantics: docs/hazard-oracle.md ("swiotlb").
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/hazard/internal/oracle.h"
#include "model/hazard/internal/spans.h"

namespace dmasim::hazard {
namespace {

// Groups per-byte hits into runs (same line, same kind, consecutive bytes), one Hit each.
class ByteRuns {
 public:
  explicit ByteRuns(std::function<void(const LineExplorer&, const Hit&)> flush)
      : flush_(std::move(flush)) {}
  ~ByteRuns() { Flush(); }
  void Add(const LineExplorer& l, HitKind kind, uint32_t byte, Version v) {
    if (l_ == &l && run_.kind == kind && run_.first + run_.count == byte) {
      ++run_.count;
      return;
    }
    Flush();
    l_ = &l;
    run_ = Hit{kind, byte, 1, v};
  }
  void Flush() {
    if (l_ != nullptr) flush_(*l_, run_);
    l_ = nullptr;
  }

 private:
  std::function<void(const LineExplorer&, const Hit&)> flush_;
  const LineExplorer* l_ = nullptr;
  Hit run_;
};

}  // namespace

bool HazardOracle::WrittenVia(Version v, int handle) const {
  if (v == kDead) return false;
  const VersionInfo& info = versions_.Info(v);
  return info.writer == Writer::kDevice && info.handle == handle;
}

const LineExplorer* HazardOracle::FindLine(uint64_t addr) const {
  auto it = lines_.find(addr & ~uint64_t{line_ - 1});
  if (it == lines_.end() || it->second.bounded()) return nullptr;
  return &it->second;
}

void HazardOracle::BounceDeviceRead(const Mapping& m, const PhysRange& r, const Cause& c) {
  if (gave_up_) return;
  const bool coherent = Coherent(m);
  for (const BounceTarget& t : BounceTargets(m, r)) {
    Cause cc = c;
    cc.what = absl::StrFormat("%s through its swiotlb slot (buffer bytes at 0x%x)", c.what, t.orig);
    ByteRuns runs([&](const LineExplorer& l, const Hit& h) { AddHit(l, h, false, cc); });
    for (uint64_t k = 0; k < t.len; ++k) {
      const LineExplorer* s = FindLine(t.slot + k);
      const LineExplorer* b = FindLine(t.orig + k);
      if (s == nullptr || b == nullptr) continue;
      const uint32_t j = static_cast<uint32_t>(t.slot + k - s->addr());
      const uint32_t o = static_cast<uint32_t>(t.orig + k - b->addr());
      const Version want = b->intended(o);
      // A dead slot byte is no live mapping's (before its first copy, after the free).
      if (s->intended(j) == kDead || want == kDead || want == s->intended(j)) continue;
      if (s->MayReadOther(j, want, false, coherent) && b->MayHold(o, want)) {
        if (wit_ != nullptr) {
          NoteJoinWitness(HitKind::kStaleDeviceRead, cc, *s,
                          s->FirstReadingOther(j, want, false, coherent), *b,
                          b->FirstHolding(o, want));
        }
        runs.Add(*s, HitKind::kStaleDeviceRead, j, want);
      }
    }
  }
}

void HazardOracle::BounceCpuRead(uint64_t addr, uint64_t len, const Cause& c) {
  if (gave_up_) return;
  for (int handle : live_bounced_) {
    const Mapping& m = dma_->mapping(handle);
    for (const MappedElement& e : m.elems) {
      if (e.bounce == kNoBounce) continue;
      const uint64_t lo = std::max(addr, e.phys), hi = std::min(addr + len, e.phys + e.len);
      if (lo >= hi) continue;
      Cause cc = c;
      cc.what = absl::StrFormat("%s, before the copy-back from the swiotlb slot of %s", c.what,
                                HandleName(handle));
      ByteRuns runs([&](const LineExplorer& l, const Hit& h) { AddHit(l, h, false, cc); });
      for (uint64_t x = lo; x < hi; ++x) {
        const LineExplorer* b = FindLine(x);
        const LineExplorer* s = FindLine(e.bounce + (x - e.phys));
        if (s == nullptr || b == nullptr) continue;
        const uint32_t o = static_cast<uint32_t>(x - b->addr());
        const uint32_t j = static_cast<uint32_t>(e.bounce + (x - e.phys) - s->addr());
        const Version want = b->intended(o);
        // Only this mapping's device write is pending in its slot. Anything else the slot
        // holds (a copy of the buffer, or an older mapping's bytes left in a reused slot)
        // was copied from or back to the buffer line already: a version missing there was
        // lost there or read stale by that copy, and that is the finding.
        if (!WrittenVia(want, handle)) continue;
        if (b->MayReadOther(o, want, true, false) && s->MayHold(j, want)) {
          if (wit_ != nullptr) {
            NoteJoinWitness(HitKind::kStaleCpuRead, cc, *b,
                            b->FirstReadingOther(o, want, true, false), *s,
                            s->FirstHolding(j, want));
          }
          runs.Add(*b, HitKind::kStaleCpuRead, o, want);
        }
      }
    }
  }
}

void HazardOracle::BounceFree(const Mapping& m, const Cause& c) {
  if (gave_up_) return;
  Cause cc = c;
  cc.what = absl::StrCat(c.what, ", freeing its swiotlb slot without a copy-back,");
  ByteRuns runs([&](const LineExplorer& l, const Hit& h) { AddHit(l, h, false, cc); });
  for (const MappedElement& e : m.elems) {
    if (e.bounce == kNoBounce) continue;
    for (uint64_t k = 0; k < e.len; ++k) {
      const uint64_t slot = e.bounce + k;
      // A byte this unmap copied back was delivered, or the copy read it stale and that
      // stale read is the finding.
      bool copied = false;
      for (const PhysRange& r : copied_back_) copied |= slot >= r.start && slot - r.start < r.len;
      if (copied) continue;
      const LineExplorer* s = FindLine(slot);
      const LineExplorer* b = FindLine(e.phys + k);
      if (s == nullptr || b == nullptr) continue;
      const uint32_t j = static_cast<uint32_t>(slot - s->addr());
      const uint32_t o = static_cast<uint32_t>(e.phys + k - b->addr());
      const Version v = s->intended(j);
      if (v != b->intended(o) || !WrittenVia(v, m.handle)) continue;  // as in BounceCpuRead
      if (s->MayHold(j, v) && b->MayLack(o, v)) {
        if (wit_ != nullptr) {
          NoteJoinWitness(HitKind::kDeviceWriteLost, cc, *s, s->FirstHolding(j, v), *b,
                          b->FirstLacking(o, v));
        }
        runs.Add(*s, HitKind::kDeviceWriteLost, j, v);
      }
    }
  }
}

}  // namespace dmasim::hazard
