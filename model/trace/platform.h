// Platforms as data: for each arch, the CPU cache maintenance the kernel performs for a
// non-coherent device at map (= sync_for_device) and at unmap (= sync_for_cpu), per DMA
// direction, and what an invalidate does to partially covered lines at a buffer's edges.
//
// This is the table of SPEC §3 / reference dma-debug.md §7. Adding a platform is adding a row
// to kArchPolicies in platform.cc; nothing else switches on arch names.
#ifndef DMASIM_MODEL_TRACE_PLATFORM_H_
#define DMASIM_MODEL_TRACE_PLATFORM_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/trace/trace.h"

namespace dmasim {

// One cache maintenance operation over the lines a buffer covers.
enum class CacheOp : uint8_t {
  kNone,
  kWriteback,            // clean: write dirty lines back, keep them cached
  kInvalidate,           // drop lines (see EdgePolicy for partially covered lines)
  kWritebackInvalidate,  // clean + invalidate: write back dirty lines, then drop them
};

// What a plain invalidate does to a line only partly covered by the buffer.
enum class EdgePolicy : uint8_t {
  kDrop,                 // the whole line is dropped, dirty neighbour bytes are lost
  kWritebackInvalidate,  // the partial line is written back first (arm, arm64)
};

// An arch's cache maintenance policy for non-coherent devices.
struct ArchPolicy {
  absl::string_view name;
  bool all_coherent;              // every device is coherent whatever its flag
  CacheOp for_device[3];          // at map / sync_for_device, indexed by Direction
  CacheOp for_cpu[3];             // at unmap / sync_for_cpu, indexed by Direction
  EdgePolicy edge;
  uint32_t default_dma_align;     // 0: same as the line size
  absl::string_view summary;      // one line for docs and `--help`
};

// The arch table, in a fixed order (docs and default platform lists use it).
const std::vector<ArchPolicy>& AllArchs();
// nullptr when `name` is not an arch of the table.
const ArchPolicy* FindArch(absl::string_view name);

inline CacheOp ForDeviceOp(const ArchPolicy& a, Direction d) {
  return a.for_device[static_cast<int>(d)];
}
inline CacheOp ForCpuOp(const ArchPolicy& a, Direction d) {
  return a.for_cpu[static_cast<int>(d)];
}
absl::string_view CacheOpName(CacheOp op);  // "none", "wb", "inv", "wb+inv"

// The dma_align a platform gets when its trace does not write dma_align=: the arch's
// default, else the line size (also for an arch not in the table).
uint32_t DefaultDmaAlign(absl::string_view arch, uint32_t line);

// Whether `dev` snoops the CPU cache on this platform.
bool DeviceIsCoherent(const PlatformDecl& p, const DeviceDecl& dev);

}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_PLATFORM_H_
