// Byte versions for the hazard oracle.
//
// Every write (CPU, device) gives each byte it writes a fresh version id, unique across the
// whole replay; a line's initial contents get fresh ids too. A version therefore names one
// written byte value, so a swiotlb copy (which moves a version from the buffer to the slot or
// back) can never be confused with an unrelated write. `VersionTable` remembers who wrote
// each version (in blocks: one block per write), which decides whether a lost version is a
// `cpu-write-lost` or a `device-write-lost` and which mapping a finding names.
#ifndef DMASIM_MODEL_HAZARD_VERSIONS_H_
#define DMASIM_MODEL_HAZARD_VERSIONS_H_

#include <cstdint>
#include <vector>

namespace dmasim::hazard {

using Version = uint32_t;
// The "intended" value of a byte nobody can observe any more (a freed swiotlb slot, a slot
// not yet used). Never a physical byte value: reads and losses of such bytes are not
// findings.
inline constexpr Version kDead = 0;

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

 private:
  struct Block {
    Version first;
    VersionInfo info;
  };
  std::vector<Block> blocks_;  // sorted by `first` (ids only grow)
  Version next_ = 1;           // 0 is kDead
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_VERSIONS_H_
