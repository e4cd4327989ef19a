// Which physical bytes a map / sync / unmap call acts on, per element, as the kernel does it
// (hazard oracle).
//
// The kernel maintains caches and copies bounce slots one sg entry (or one single mapping)
// at a time: dma_direct_map_sg calls the single-page path per entry, and each entry's
// maintenance range is exactly that entry. So an element's edge lines are partial lines even
// when the next element continues on the same line. For a bounced element the cache
// maintenance applies to the swiotlb slot, not to the buffer.
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_SPANS_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_SPANS_H_

#include <cstdint>
#include <vector>

#include "model/replay/dma_layer.h"
#include "model/trace/trace.h"

namespace dmasim::hazard {

// One element's share of a call.
struct ElemSpan {
  uint64_t maint_start = 0;  // physical range the arch cache op covers (slot if bounced)
  uint64_t maint_len = 0;
  bool bounced = false;
  uint64_t orig = 0;      // bounced only: buffer bytes [orig, orig + copy_len) ...
  uint64_t slot = 0;      // ... correspond to slot bytes [slot, slot + copy_len)
  uint64_t copy_len = 0;  // 0: nothing to copy
};

// The spans a call acts on:
//   map/map_sg: every element, whole.
//   sync_* on a single mapping with OFF LEN: that range (maintenance unclipped, as the
//     kernel syncs whatever it is given; the swiotlb copy clipped to the slot).
//   unmap size=N on a single mapping: [0, N) likewise.
//   otherwise (sg, or no range): the first `nents` elements (default all), whole.
std::vector<ElemSpan> CallSpans(const Mapping& m, const Op& op);

// Bytes of a device access that land in bounce slots, with the buffer bytes they stand for:
// for each slot byte range of `r` inside a bounced element, {orig, slot, len}.
struct BounceTarget {
  uint64_t orig = 0;
  uint64_t slot = 0;
  uint64_t len = 0;
};
std::vector<BounceTarget> BounceTargets(const Mapping& m, const PhysRange& r);

// The declared buffers, sorted by address, so that the question below costs the buffers
// near a line, not every buffer of the trace (a finding asks it for each mapping it names).
class BufferCoverage {
 public:
  BufferCoverage() = default;
  explicit BufferCoverage(const Trace& trace);
  // Whether line [line, line + size) holds bytes of a declared buffer that are outside the
  // elements of `m` (the line is shared between the mapping and other data). Slot lines
  // hold no buffer bytes, so they are never shared.
  bool LineShared(const Mapping& m, uint64_t line, uint32_t size) const;

 private:
  std::vector<std::pair<uint64_t, uint64_t>> bufs_;  // [at, last byte], sorted by at
  std::vector<uint64_t> max_last_;                   // max last byte of bufs_[0..k]
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_SPANS_H_
