// The narrowings of the contract-soundness property (soundness_test.cc): traces that break
// no contract rule and still hazard, because the documented rules or a platform's policy
// leave a gap. Each narrowing is stated here once, with the reason and the repro in
// repro/props/ that shows it; the property names them by number.
//
// Two kinds: transforms that keep the generated traces inside the narrowed set (so the
// generator never produces the gap), and excuses for findings the gap explains (when the
// gap depends on the arch the hazard oracle runs on).
#ifndef DMASIM_PROPS_SUPPORT_NARROWING_H_
#define DMASIM_PROPS_SUPPORT_NARROWING_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "model/replay/observer.h"
#include "model/trace/platform.h"
#include "model/trace/trace.h"

namespace dmasim::props {

// Narrowing 2 (repro/props/soundness-skip-cpu-sync-first-map.dma,
// repro/props/soundness-skip-cpu-sync-cpu-too-early.dma): skip_cpu_sync used only as
// rule 11 describes it (reference dma-debug.md §6 rule 11: "the first map performs the
// CPU-cache maintenance; later maps may pass DMA_ATTR_SKIP_CPU_SYNC ... on unmap,
// SKIP_CPU_SYNC leaves the buffer in the device domain"):
//   * every map with skip_cpu_sync is of a region (the same elements, byte for byte) that a
//     partner mapping without the attribute (at map and at unmap) holds live from before
//     this map until after its unmap, and
//   * after the skip_cpu_sync unmap the CPU leaves the region alone until the partner
//     hands it back (its next sync_for_cpu or its unmap): the buffer is still "in the
//     device domain".
// The contract has no rule about skip_cpu_sync at all (docs/oracles.md: it is no exemption
// for different regions), so a first mapping that skips the sync, or a CPU read right after
// a skipping unmap, is clean and reads stale data on non-coherent arches.
bool SkipCpuSyncAsRule11(const Trace& trace);
// `trace` with skip_cpu_sync removed from every map without a partner, then without the CPU
// accesses that come too early. The contract ignores the attribute and no rule asks for a
// CPU access, so a clean trace stays clean.
Trace WithSkipCpuSyncAsRule11(const Trace& trace);

// Narrowing 4 (repro/props/soundness-cpu-write-before-unmap.dma): a CPU write into a live
// mapping's bytes while the CPU owns them (after sync_for_cpu) is followed by a
// sync_for_device on that mapping before its unmap. Rule 5 asks for sync_for_device only
// "before giving the buffer back", and after sync_for_cpu the CPU owns the buffer, so the
// contract allows write-then-unmap; but unmap is a sync_for_cpu again, and every arch that
// invalidates there (arc, arm64, arm, riscv, mips-spec) drops the dirty write. Only
// bidirectional mappings matter (rule 4 forbids CPU writes into from_device buffers,
// to_device unmaps maintain nothing).
bool CpuWritesSyncedBeforeUnmap(const Trace& trace);
// `trace` without the cpu_write ops that break the above (removing a CPU write never makes
// a clean trace break a rule).
Trace WithCpuWritesSyncedBeforeUnmap(const Trace& trace);

// The excuses that depend on the arch the hazard oracle runs on, for one (trace, arch).
class SoundnessExcuses {
 public:
  SoundnessExcuses(const Trace& trace, absl::string_view arch);

  // Whether the whole (trace, arch) pair is outside the property:
  // Narrowing 1 (repro/props/soundness-mips-prefetch.dma): the `mips` row has no post-DMA
  //   invalidate, which is right only for CPUs that never speculate. With prefetch=yes a
  //   line of a from_device buffer is pulled in during the transfer and read stale after
  //   the unmap, whatever the driver does: a platform row that does not fit the platform
  //   (`mips-spec` is the row for speculating CPUs), not a contract gap.
  // Narrowing 3, second half (repro/props/soundness-bounce-pre-copy-dropped.dma): on an
  //   arch that invalidates before FROM_DEVICE, the swiotlb pre-copy of a bounced
  //   from_device mapping is invalidated away at the map (the first half, below, excuses
  //   that finding). What follows depends on the device: if it writes only part of the
  //   mapping, the copy-back at the unmap carries stale slot bytes over the buffer; a later
  //   mapping that reuses the slot can lose the old copy's bytes at an eviction. Rather
  //   than chase each consequence, a (trace, arch) pair with a bounced from_device mapping
  //   on such an arch is left out.
  bool SkipArch() const { return skip_arch_; }

  // The number of the narrowing that explains `f`, or 0. `exposure` is never a data hazard
  // (IOMMU page granularity, a security finding): -1.
  //
  // Narrowing 3 (repro/props/soundness-from-device-map-drops-cpu-data.dma): a from_device
  //   map on an arch that invalidates before FROM_DEVICE (arc, arm, arm64-4.x, mips,
  //   mips-spec) drops the dirty data in the lines it invalidates: `cpu-write-lost` at the
  //   map (`device-write-lost` when the dirty bytes are a device's, put there by a swiotlb
  //   copy-back or a coherent device's write): the mapping's own bytes, and the swiotlb
  //   pre-copy into a bounced mapping's slot (swiotlb copies the buffer into the slot at
  //   every map since 5.19, then the arch invalidates the copy). Rule 4 makes the device the
  //   writer of a FROM_DEVICE buffer and says nothing about the CPU's earlier bytes; arm64
  //   stopped invalidating there in 5.19 (c50f11c6196f) because a partial device write then
  //   exposes stale memory. A platform policy.
  // Narrowing 5 (repro/props/soundness-unaligned-neighbour-write.dma): on the arches whose
  //   invalidate drops partly covered lines (arc, riscv, mips, mips-spec; arm and arm64 write
  //   them back first), a neighbour's dirty bytes in a mapping's edge line are lost at any
  //   op of the mapping that invalidates (map, sync, unmap): `cpu-write-lost` on a line the
  //   mapping shares with other data. Rule 2 wants mapped regions to begin and end on
  //   cache-line boundaries, but the contract has no alignment rule: it flags CPU writes
  //   into a granule shared with device-owned bytes (`cpu-write-shared-line`), not a
  //   neighbour written before the map or while the CPU owns the mapping. A contract gap.
  // Narrowing 6 (repro/props/soundness-rule11-bounced.dma,
  //   repro/props/soundness-rule11-mixed-coherence.dma): rule 11 lets one region be mapped
  //   several times at once (several devices, twice on one, twice in one sg list), and the
  //   contract leaves bounced elements out of its sharing rules (docs/oracles.md, C1), so
  //   two live mappings may cover the same bytes. Both assume the devices see one memory.
  //   They do not when one mapping bounces (its device works on its own slot: it reads the
  //   slot's stale copy of what the other device wrote, a copy-back dirties lines another
  //   device owns or overwrites another copy-back), nor when one device is coherent and the
  //   other is not (the coherent one reads a cached line the other's write to memory made
  //   stale). Any finding that names a mapping whose bytes overlap those of a mapping live at
  //   the same time (or its own other elements, when it bounces) with a bounce or a
  //   coherence difference between them. A contract gap.
  // Narrowing 7 (repro/props/soundness-mips-neighbour-read.dma): on `mips` (no post-DMA
  //   invalidate) a CPU read of a neighbour in the line of a device-owned from_device
  //   buffer pulls the line in during the transfer, and nothing invalidates it after: a
  //   later read of the buffer sees stale data (`stale-cpu-read`), a later write to the
  //   neighbour writes the stale line back over the device's data (`device-write-lost`),
  //   both on a line the mapping shares. The contract flags only writes next to a
  //   device-owned mapping (`cpu-write-shared-line`); a read is harmless on every arch that
  //   invalidates after DMA. The rule 2 alignment gap again, visible on mips only.
  // Narrowing 8 (repro/props/soundness-bounce-copy-back-shared-line.dma): the contract
  //   leaves a bounced element out of every sharing rule (docs/oracles.md, C1: "the copy
  //   back at unmap writes only the mapping's bytes"). But the copy-back is a CPU store
  //   through the cache into the buffer's lines: when a line also holds bytes of another,
  //   non-bounced mapping whose non-coherent device owns them, the dirty line is written
  //   back over that device's data (`device-write-lost`), exactly the `sharing` /
  //   `cpu-write-shared-line` hazard. C1's exemption is right for two bounced neighbours
  //   (the C1 incident), not for a bounced one next to a direct one (another mapping's
  //   element, or another element of the same sg list). Any finding that names a mapping
  //   with an element that shares a cache line with an element of a mapping live at the
  //   same time (or of itself), exactly one of the two bounced (an eviction's finding names
  //   only the victim). A contract gap.
  int Reason(const OracleFinding& f) const;

 private:
  bool FromDeviceMapDrops(const OracleFinding& f) const;
  bool EdgeLineDropped(const OracleFinding& f) const;

  const Trace& trace_;
  bool skip_arch_ = false;
  bool inv_before_from_device_ = false;
  bool no_post_dma_invalidate_ = false;
  const ArchPolicy* arch_ = nullptr;
  std::vector<bool> bounced_;            // by handle, on this arch
  std::vector<std::vector<int>> twins_;  // by handle: the mappings of narrowing 6
  std::vector<std::vector<int>> line_neighbours_;  // by handle: the mappings of narrowing 8
};

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_NARROWING_H_
