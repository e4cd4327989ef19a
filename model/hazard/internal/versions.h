// Byte versions for the hazard oracle.
//
// Every write (CPU, device) gives each byte it writes a fresh version id, unique across the
// whole replay; a line's initial contents get fresh ids too. A version therefore names one
// written byte value, so a swiotlb copy (which moves a version from the buffer to the slot or
// back) can never be confused with an unrelated write. `VersionTable` remembers who wrote
// each version (in blocks: one block per write), which decides whether a lost version is a
// `cpu-write-lost` or a `device-write-lost` and which mapping a finding names.
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_VERSIONS_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_VERSIONS_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace dmasim::hazard {

using Version = uint32_t;
// The "intended" value of a byte nobody can observe any more (a freed swiotlb slot, a slot
// not yet used). Never a physical byte value: reads and losses of such bytes are not
// findings.
inline constexpr Version kDead = 0;
// "Some version intended nowhere" (line_explorer.h): never allocated (Allocate stops below
// 2^32 - 1), hence never intended.
inline constexpr Version kStale = ~Version{0};

// Who wrote a byte version: initial contents, the CPU, or a device.
enum class Writer : uint8_t {
  kInitial,  // contents before the trace (counted as CPU data: the kernel put them there)
  kCpu,      // cpu_write, or the CPU side of a swiotlb copy
  kDevice,   // dev_write (explicit or implicit)
};

// Who wrote a block of versions.
struct VersionInfo {
  Writer writer = Writer::kInitial;
  int op = -1;      // op index of the write (-1 for initial contents)
  int handle = -1;  // mapping of a device write, else -1
};

// Allocates version ids in increasing order and answers "who wrote version v".
class VersionTable {
 public:
  // Whether `count` more ids fit in the 32-bit id space.
  bool CanAllocate(uint64_t count) const { return count < (uint64_t{1} << 32) - next_; }
  // Returns the first of `count` consecutive fresh ids (count >= 1, CanAllocate(count)).
  Version Allocate(uint32_t count, const VersionInfo& info);
  // Writer of a version returned by Allocate (DMASIM_CHECKs that it was).
  const VersionInfo& Info(Version v) const;
  bool IsDevice(Version v) const { return Info(v).writer == Writer::kDevice; }

  // How many bytes, on any line, have `v` as their intended version (LineExplorer keeps
  // the count). Intended versions only ever change to fresh ones or to one intended
  // elsewhere (a swiotlb copy into a slot), so a version intended nowhere can never be
  // intended again: a line may forget which such version a byte holds.
  // Only a swiotlb copy moves a version away from the byte it was written to. Without
  // `roaming` (no device can bounce) the counts are not kept: a version that is not its
  // byte's intended one is then intended nowhere.
  void set_roaming(bool on) { roaming_ = on; }
  bool roaming() const { return roaming_; }
  void Retain(Version v) {
    if (roaming_) ++intended_refs_[v];
  }
  void Release(Version v);
  bool IntendedAnywhere(Version v) const { return roaming_ && intended_refs_.contains(v); }

 private:
  // The versions of one write: the first id of its range and who made it.
  struct Block {
    Version first;
    VersionInfo info;
  };
  std::vector<Block> blocks_;  // sorted by `first` (ids only grow)
  Version next_ = 1;           // 0 is kDead
  bool roaming_ = true;  // the safe default
  // Lookups only: the hash order never reaches any output.
  absl::flat_hash_map<Version, uint32_t> intended_refs_;
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_VERSIONS_H_
