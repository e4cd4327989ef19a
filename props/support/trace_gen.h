// Seeded trace generators for the property tests: the three flavours of issue 11.
//
//   * RandomTrace: any valid trace, wrong calls included (double unmaps, unmaps with other
//     size/direction/attrs/nents or the wrong function, syncs outside the mapping or in
//     another direction, device overruns, unbinds with live mappings, unchecked maps,
//     failed maps, stack/vmalloc/rodata buffers), on small buffers crowded into a few
//     lines so that line sharing, aliases and same-region mappings are common.
//   * CleanTrace: a careful driver (maps checked, device accesses in the mapping's
//     direction while the device owns it, CPU accesses only after sync_for_cpu or before
//     the map, correct unmaps, everything unmapped), then repaired: ops the contract oracle
//     flags are removed until it flags nothing. Every CleanTrace breaks no contract rule.
//   * SkbParams: parameter blocks for the skb workload generator (model/workload).
//
// Every trace is built through TraceBuilder, so it is valid by construction. Generation is
// a pure function of the seed (our splitmix64 Rng, never std:: distributions): RapidCheck
// supplies the seed (arbitrary.h), so its seed and shrink path reproduce a case exactly.
#ifndef DMASIM_PROPS_SUPPORT_TRACE_GEN_H_
#define DMASIM_PROPS_SUPPORT_TRACE_GEN_H_

#include <cstdint>
#include <string>

#include "model/trace/trace.h"
#include "model/workload/skb_generator.h"

namespace dmasim::props {

// Knobs of RandomTrace and CleanTrace. Defaults: everything the format can express.
struct GenOptions {
  int max_ops = 24;               // the op count is drawn in [0, max_ops]
  bool big_buffers = false;       // some buffers of 8..80 KiB (dma-debug's bucket walk)
  std::string arch;               // empty: any arch of the platform table
  bool noncoherent_only = false;  // every device declared noncoherent
  bool allow_iommu = true;
  bool allow_swiotlb = true;      // swiotlb / force_bounce devices, bounce_kmalloc platforms
  bool force_bounce_all = false;  // every device force_bounce (every mapping bounces)
  bool allow_require_coherent = true;
  bool allow_clean = true;        // the clean attribute (DEBUGGING_IGNORE_CACHELINES)
  bool allow_bad_kinds = true;    // stack / vmalloc / rodata buffers
  // dma_align never below the line (the platform side of rule 3: ARCH_DMA_MINALIGN covers
  // the cache line on every non-coherent arch). Off: dma_align 1..2*line.
  bool dma_align_covers_line = false;
};

Trace RandomTrace(uint64_t seed, const GenOptions& options = {});

// A trace with no contract finding (checked: the repair loop ends only when the contract
// oracle is silent; the empty trace is the worst case).
Trace CleanTrace(uint64_t seed, const GenOptions& options = {});

// Parameters GenerateSkbTrace accepts: any profile and arch, 1..10 packets, 1..4 in flight.
SkbParams RandomSkbParams(uint64_t seed);

// The contract oracle's findings on `trace` are none.
bool ContractClean(const Trace& trace);

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_TRACE_GEN_H_
