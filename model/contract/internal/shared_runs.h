// Grouping of the granules one op shares into runs (contract oracle and `exact`).
//
// A map reports each dma_align granule it shares once, not once per pair of mappings: the
// granules it shares are grouped into *runs*, maximal ranges of consecutive granules with
// the same set of partner mappings, and each run is one finding naming its oldest
// partners and counting the rest. A CPU write next to device-owned mappings is grouped the
// same way. So one op costs at most kMaxSharingFindingsPerOp findings however many
// mappings crowd a line, and output stays linear in the ops (issue 16).
//
// Both the contract oracle and `exact` compute *which* granules are shared with whom on
// their own (the contract pairwise, `exact` from its granule index) and only hand the
// result here, so the grouping is one definition and they agree by construction on it;
// what they are tested against each other on is the sharing itself.
#ifndef DMASIM_MODEL_CONTRACT_INTERNAL_SHARED_RUNS_H_
#define DMASIM_MODEL_CONTRACT_INTERNAL_SHARED_RUNS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dmasim {

// At most this many sharing findings (`sharing` findings of one map, or
// `cpu-write-shared-line` findings of one CPU write) per op; the last one allowed stands
// for every run left (SharedRun::runs > 1).
inline constexpr size_t kMaxSharingFindingsPerOp = 16;

// Mapping `handle` shares granules [first, last] (inclusive granule numbers, last < 2^64-1).
struct SharedSpan {
  uint64_t first = 0;
  uint64_t last = 0;
  int handle = -1;
};

// One finding's worth of shared granules.
struct SharedRun {
  uint64_t first = 0;         // the first granule
  uint64_t granules = 0;      // how many granules (consecutive when runs == 1)
  uint64_t runs = 1;          // > 1: the capped last finding, standing for this many runs
  std::vector<int> partners;  // every mapping involved, ascending (the oldest first)
};

// The runs of `spans`, ascending by granule, at most `max_runs` (>= 1) of them.
std::vector<SharedRun> GroupSharedRuns(const std::vector<SharedSpan>& spans, size_t max_runs);

}  // namespace dmasim

#endif  // DMASIM_MODEL_CONTRACT_INTERNAL_SHARED_RUNS_H_
