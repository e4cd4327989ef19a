// The model's own invariants, checked by every fuzz target (which aborts on a violation)
// and by the hunt (which records the input). A disagreement between a dma-debug model and an
// oracle is not one of them: that is a finding.
//   * determinism: replaying a trace twice gives identical outcomes;
//   * `exact` reports exactly the contract oracle's sharing findings (same op, kind, mappings,
//     line, order), whenever both ran;
//   * the classification is the one SPEC §4 defines, recomputed here by brute force: each
//     overlap report is a false positive iff no sharing finding names its mapping, each
//     sharing finding a missed overlap iff no overlap report is about one of its mappings.
#ifndef DMASIM_MODEL_HUNT_INVARIANTS_H_
#define DMASIM_MODEL_HUNT_INVARIANTS_H_

#include <string>

#include "model/verdict/replay.h"

namespace dmasim::hunt {

// "" when every invariant holds; else which one broke and where (one line).
std::string CheckInvariants(const ReplayOutcome& first, const ReplayOutcome* second);

// The request every fuzz target replays: every checker (exact included), both oracles, the
// hazard oracle on the trace's own arch.
ReplayRequest FullRequest();

// Replays `trace` twice with FullRequest() and checks the invariants; "" when they hold.
std::string ReplayAndCheck(const Trace& trace);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_INVARIANTS_H_
