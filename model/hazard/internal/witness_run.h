// Internal to model/hazard: the state a witness replay (witness.h) shares with the
// HazardOracle it drives. A normal replay has none (HazardOracle::wit_ is null).
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_WITNESS_RUN_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_WITNESS_RUN_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/hazard/internal/witness_paths.h"
#include "model/hazard/witness.h"

namespace dmasim::hazard {

// (op, kind, line) of a finding.
using WitnessKey = std::tuple<int, std::string, uint64_t>;

// Most path nodes one search replay records (about 24 bytes each).
inline constexpr size_t kWitnessPathCap = size_t{1} << 21;

// One witness replay: a search (force = false) or a forced re-run (force = true).
struct WitnessRun {
  bool force = false;

  // Search: the findings wanted, and for each the (line, path) pairs that produce it.
  std::set<WitnessKey> wanted;
  PathArena arena{kWitnessPathCap};
  std::map<WitnessKey, std::vector<std::pair<uint64_t, int32_t>>> found;

  // Force: the lines to force and their choices; what happened on them.
  std::map<uint64_t, std::vector<ForcedChoice>> schedule;
  std::set<WitnessKey> hits;
  std::vector<WitnessStep> steps;
  std::vector<bool> step_is_eviction;  // by step
  bool failed = false;                 // a forced line could not follow its choices
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_WITNESS_RUN_H_
