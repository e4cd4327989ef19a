// The `exact` checker: dmasim's proposal for a better dma-debug overlap check.
//
// It reports exactly the contract oracle's sharing findings (rules `sharing`,
// `sharing-within-sg`, `cpu-write-shared-line`), at the same op, naming the same mappings in
// the same order and the same granule, and nothing else. Unlike dma-debug it
//   * tracks every dma_align granule a mapping covers, not the L1 line of its start,
//   * keys at dma_align (ARCH_DMA_MINALIGN), not L1_CACHE_BYTES,
//   * tracks to_device mappings too (a to_device mapping next to a from_device one is a
//     bug; only two to_device mappings may share),
//   * knows the same region mapped several times is legal (rule 11), so it needs neither
//     the SKIP_CPU_SYNC exemption nor an overlap counter,
//   * honours the clean promise only when both mappings carry it (rule 12),
//   * tracks ownership (map / sync_for_device .. sync_for_cpu / unmap) to catch CPU writes
//     into a granule a device owns part of.
// Device coherence is known but deliberately does not change the verdict: the contract is
// platform-independent (a sharing that is harmless on a coherent machine corrupts data on a
// non-coherent one), so the message only notes "harmless on this platform" when every
// device involved is coherent.
//
// Cost: O(log n) per op in the number n of live mapping elements, plus the entries of the
// granules the op touches (GranuleIndex), plus O(log) per ownership change.
//
// Reports: kind "overlap" (two mappings), "overlap-within-sg" (elements of one sg mapping),
// "cpu-write-shared-line"; all overlap=true, counted like err_printk (error_count always,
// printed while num_errors lasts or with all_errors).
#ifndef DMASIM_MODEL_CONTRACT_EXACT_CHECKER_H_
#define DMASIM_MODEL_CONTRACT_EXACT_CHECKER_H_

#include <memory>

#include "model/replay/observer.h"

namespace dmasim {

inline constexpr char kExactCheckerId[] = "exact";

std::unique_ptr<Checker> MakeExactChecker(const CheckerOptions& options);

}  // namespace dmasim

#endif  // DMASIM_MODEL_CONTRACT_EXACT_CHECKER_H_
