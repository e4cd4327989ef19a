// One cache line's physical state and the primitive transitions on it (hazard oracle).
//
// A `LineState` is one point of the per-line state space: the cache's view of the line
// (absent, a clean copy, or a dirty copy, each with per-byte versions) and memory's
// per-byte versions. The transitions below are the only way states change; each one
// detects, byte by byte, what it does wrong against the line's *intended* versions (the last
// write of each byte in trace order), and reports it as a `Hit`:
//   * a *lost* version: the byte held its intended version somewhere (the cached copy or
//     memory) before the transition and nowhere after it. Kind by the version's writer:
//     CPU (or initial contents) -> kCpuWriteLost, device -> kDeviceWriteLost.
//   * a *stale read*: a read returns a version other than the intended one while the
//     intended version still exists in the line (in memory or in the cache). If it exists
//     nowhere it was lost earlier, and that loss is the finding (no double report).
// "Exists" (Present() in line_state.cc): in the cached copy, or in memory -- except that a
// CPU-written version in memory under a dirty line holding another value there is shadowed
// (the CPU reads the line, the write-back will overwrite memory) and does not count; a
// device-written version in memory always counts until it is overwritten.
// Bytes whose intended version is kDead are never reported.
//
// Write-back is always of the whole line (a cache has no per-byte dirty mask here): that is
// what makes a dirty line clobber device-written neighbour bytes.
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_LINE_STATE_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_LINE_STATE_H_

#include <cstdint>
#include <vector>

#include "model/hazard/internal/versions.h"

namespace dmasim::hazard {

// What a transition did wrong to a byte: the four hazard kinds.
enum class HitKind : uint8_t {
  kCpuWriteLost,
  kDeviceWriteLost,
  kStaleCpuRead,
  kStaleDeviceRead,
};

// Bytes [first, first + count) of a line suffered `kind`; `version` is the intended version
// of byte `first` (the one that was lost or should have been read).
struct Hit {
  HitKind kind = HitKind::kCpuWriteLost;
  uint32_t first = 0;
  uint32_t count = 0;
  Version version = kDead;
  bool operator==(const Hit&) const = default;
};

enum class Cache : Version { kAbsent = 0, kClean = 1, kDirty = 2 };

// One state of one line. Layout of `w`: [0] the Cache value, [1, 1+S) memory,
// [1+S, 1+2S) the cached copy (all kDead while absent, so equal states compare equal).
struct LineState {
  std::vector<Version> w;
  uint32_t n = 0;  // line size (cached: the accessors below are the hot path)

  static LineState Initial(uint32_t size, Version first_initial);
  uint32_t size() const { return n; }
  Cache cache() const { return static_cast<Cache>(w[0]); }
  bool cached() const { return cache() != Cache::kAbsent; }
  Version& mem(uint32_t i) { return w[1 + i]; }
  Version mem(uint32_t i) const { return w[1 + i]; }
  Version& copy(uint32_t i) { return w[1 + size() + i]; }
  Version copy(uint32_t i) const { return w[1 + size() + i]; }

  bool operator==(const LineState& o) const { return w == o.w; }
  bool operator<(const LineState& o) const { return w < o.w; }
};

// What a transition checks against. `hits` may be nullptr (no reporting).
struct LineCtx {
  const Version* intended = nullptr;  // size() entries
  const VersionTable* versions = nullptr;
  std::vector<Hit>* hits = nullptr;
};

// Hardware-initiated transitions (any time):
void Fill(LineState& s);                         // absent -> clean copy of memory
void Evict(LineState& s, const LineCtx& ctx);    // dirty: write back; then absent
// Cache maintenance (one line, atomic):
void WriteBack(LineState& s, const LineCtx& ctx);  // dirty -> clean, memory := copy
void Drop(LineState& s, const LineCtx& ctx);       // any -> absent, dirty data discarded
// CPU accesses (write-allocate; `vals` has `len` entries; reads return what they saw).
void CpuWrite(LineState& s, uint32_t off, uint32_t len, const Version* vals);
void CpuRead(LineState& s, uint32_t off, uint32_t len, const LineCtx& ctx, Version* seen);
// The CPU store half of a swiotlb memcpy: like CpuWrite, but `vals` are copies of versions
// that exist elsewhere, not a new logical write, so destroying the byte's intended version
// (e.g. a CPU store into a device-owned bounced buffer, overwritten by the copy-back) is a
// loss.
void CopyWrite(LineState& s, uint32_t off, uint32_t len, const Version* vals,
               const LineCtx& ctx);
// Whether `s` holds version `v` at byte `i` where a reader can get it back: the rule of
// "exists" above, for any version (the swiotlb checks ask it about the other line of a
// bounced byte).
bool Holds(const LineState& s, uint32_t i, Version v, const VersionTable& versions);
// Device accesses: a coherent device snoops (reads the cached copy if any, writes memory and
// the cached copy); a non-coherent one sees memory only.
void DevWrite(LineState& s, bool coherent, uint32_t off, uint32_t len, const Version* vals);
void DevRead(LineState& s, bool coherent, uint32_t off, uint32_t len, const LineCtx& ctx);

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_LINE_STATE_H_
