// The trace_fuzzer's decoder: any byte string -> a valid Trace over a small world, built
// with the public TraceBuilder (so every trace is valid by construction).
//
// The world is chosen so that one exec is cheap and interesting layouts are likely:
//   * the platform: an arch of `DecoderOptions::archs` (default: every arch of the table),
//     line 64/32/128, dma_align the arch default or given (line, 2 lines, 1), prefetch,
//     CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC;
//   * 2, 1 or 3 devices (a zero byte gives two), each coherent or not, with or without an
//     IOMMU, swiotlb, forced bounce;
//   * 1..4 buffers of every kind inside two pages, each starting at one of 8 lines and one
//     of 8 sub-line offsets (eighths of a line), with lengths measured in lines and eighths:
//     neighbours share lines and dma_align granules often;
//   * up to `max_ops` ops: every op kind, every direction and attribute, and every wrong call
//     of the builder (unmap with another size, direction, attributes, nents or function, a
//     double unmap, a sync outside the mapping or with another direction or nents, a missing
//     mapping_error, an unbind with live mappings), plus a "map the same region again" op
//     (alone or in bursts of up to 8) and bursts of unmaps, which make one region mapped by
//     several devices and overlap-counter runs (9 live mappings of a line, then removals)
//     likely.
// Byte layout: docs/hunt.md ("The trace_fuzzer decoder"). Bytes past the end read as 0; an
// op that needs a handle when none exists maps a buffer instead, so no byte is wasted.
#ifndef DMASIM_MODEL_HUNT_TRACE_DECODER_H_
#define DMASIM_MODEL_HUNT_TRACE_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/trace/trace.h"

namespace dmasim::hunt {

struct DecoderOptions {
  std::vector<std::string> archs;  // arch names (platform.h); empty: every arch
  int max_ops = 48;
};

// Physical address of the decoder's first page (its buffers lie in the two pages from here,
// or, for one placement byte in 32, in the two pages below 2^64 from kDecoderTop).
inline constexpr uint64_t kDecoderBase = 0x100000;
inline constexpr uint64_t kDecoderTop = ~uint64_t{0} - 2 * 4096 + 1;

Trace DecodeFuzzTrace(const uint8_t* data, size_t size, const DecoderOptions& options = {});

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_TRACE_DECODER_H_
