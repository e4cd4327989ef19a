// The hazard oracle (SPEC §4): physical truth about a trace on one platform.
//
// A write-back, write-allocate CPU cache over byte-versioned memory. Every write gives each
// byte it writes a fresh version; a read is right iff it sees, for every byte, the last
// write in trace order (the *intended* version). Coherent devices snoop the cache,
// non-coherent ones see memory, and the kernel's cache maintenance (platform.h's arch table)
// and swiotlb copies happen where the kernel does them. At every point the hardware may
// evict any line (writing back a dirty one) and, with prefetch, fill any absent line; the
// oracle explores every such schedule exactly, line by line (line_explorer.h), and reports
// where *some* schedule goes wrong:
//   cpu-write-lost     a version the CPU wrote (or the initial contents) is destroyed while
//                      still the latest write of its byte: an invalidate drops a dirty line,
//                      a swiotlb copy-back overwrites it. Reported at the op that destroys it.
//   device-write-lost  same for a device write: typically a dirty line written back (by an
//                      eviction or a clean) over bytes the device wrote, or a swiotlb slot
//                      freed before its device write was copied back.
//   stale-cpu-read     a CPU read (explicit, the implicit end read, or the read half of a
//                      swiotlb copy) sees an old version while the latest one still exists.
//   stale-device-read  same for a device read (through a swiotlb slot: also when the CPU
//                      wrote the buffer after the last copy into the slot).
//   exposure           IOMMU device can reach bytes of another buffer (exposure.h).
// A read of a version that was *lost* is not reported again: the loss is the finding.
// Evictions are attributed to the op they happen just before (the end of the trace counts
// as op `ops.size()`). Implicit accesses (on by default) carry the index of the op they are
// placed before; the end-of-trace CPU read carries `ops.size()`.
//
// Verdict: `hazard` iff there is a finding (exposure included: it is a security hazard);
// else `unknown` if a line hit the state bound (OracleResult::note says which and where);
// else `safe`. A finding found before or elsewhere than a bound is real (it has a concrete
// schedule), so a bound never downgrades `hazard`; the note still says it was hit.
//
// docs/hazard-oracle.md is the full statement of these semantics.
#ifndef DMASIM_MODEL_HAZARD_HAZARD_ORACLE_H_
#define DMASIM_MODEL_HAZARD_HAZARD_ORACLE_H_

#include <cstddef>
#include <memory>

#include "absl/strings/string_view.h"
#include "model/replay/observer.h"
#include "model/trace/trace.h"

namespace dmasim {

// Most states one line may have before the oracle gives up on it (verdict `unknown`).
inline constexpr size_t kHazardStateCap = 4096;
// Most distinct lines one replay may explore (bounds memory for huge buffers); past it the
// oracle stops (verdict `unknown` unless a hazard was already found).
inline constexpr size_t kHazardMaxLines = size_t{1} << 16;

// Switches of the hazard oracle.
struct HazardOptions {
  // SPEC §4 implicit accesses: a device ownership window without explicit device access
  // gets a device read (to_device, bidirectional) and then a device write (from_device,
  // bidirectional) of every mapped byte just before the op that ends it; the trace ends
  // with a CPU read of every byte of every buffer.
  bool implicit_accesses = true;
  // Per-line state bound (see kHazardStateCap).
  size_t state_cap = kHazardStateCap;
  // Line-count bound (see kHazardMaxLines).
  size_t max_lines = kHazardMaxLines;
  // swiotlb: copy the buffer into the slot at map for every direction and regardless of
  // DMA_ATTR_SKIP_CPU_SYNC (kernels since 5.19, "swiotlb: fix info leak with
  // DMA_FROM_DEVICE" and its rework). false: only to_device/bidirectional and not with
  // skip_cpu_sync (older kernels).
  bool bounce_copy_at_map_all_dirs = true;
};

// The oracle for one platform pass. `platform.arch` must name an arch of platform.h.
std::unique_ptr<Oracle> MakeHazardOracle(const PlatformDecl& platform,
                                         const HazardOptions& options = {});

// Convenience for tests and tools: replays `trace` once under its platform with `arch`
// substituted (PlatformWithArch) and returns the hazard result.
OracleResult ReplayHazard(const Trace& trace, absl::string_view arch,
                          const HazardOptions& options = {});

// "safe", "hazard", "unknown".
absl::string_view HazardVerdictName(Verdict v);

}  // namespace dmasim

#endif  // DMASIM_MODEL_HAZARD_HAZARD_ORACLE_H_
