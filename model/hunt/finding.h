// What the hunt looks for, taken from one replay: every false positive and missed overlap of
// a checker against an oracle (the classification), and, when asked for, every hazard a
// checker stays silent about.
//
// A `Finding` is one such disagreement before minimization; `FindingKey` is the part of it
// that a minimized trace must keep showing (checker, oracle, class, kind): the op indices
// and handles change as ops are removed.
#ifndef DMASIM_MODEL_HUNT_FINDING_H_
#define DMASIM_MODEL_HUNT_FINDING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/trace/trace.h"
#include "model/verdict/replay.h"

namespace dmasim::hunt {

inline constexpr char kFalsePositive[] = "false-positive";
inline constexpr char kMissedOverlap[] = "missed-overlap";
// The other report kinds of a dma-debug era against the contract (verdict/classify.h).
inline constexpr char kFalseReport[] = "false-report";
inline constexpr char kMissedReport[] = "missed-report";
// A hazard finding of a hazard oracle about which the checker emits no report: none at the
// finding's op and none naming one of its mappings.
inline constexpr char kSilentHazard[] = "silent-hazard";

struct FindingKey {
  std::string checker;  // checker id as run ("linux-5.15", "exact")
  std::string oracle;   // "contract" or "hazard:ARCH"
  std::string cls;      // kFalsePositive, kMissedOverlap, kSilentHazard
  std::string kind;     // the report kind (false positive) or the finding kind
  auto operator<=>(const FindingKey&) const = default;
};

struct Finding {
  FindingKey key;
  std::string era;  // the era model that ran (canonical id; "exact")
  int op = -1;
  std::vector<int> handles;
};

// Every finding of `out`, in a fixed order (classification order, then silent hazards by
// checker, oracle, finding order). `silent_hazards`: add the kSilentHazard findings.
std::vector<Finding> FindingsOf(const ReplayOutcome& out, bool silent_hazards);

// What the hunt replays: the checkers to judge and which oracles.
struct HuntScope {
  std::vector<std::string> checkers;  // ids; empty: every checker (AllCheckerIds)
  bool contract = true;
  bool hazard = true;
  bool silent_hazards = false;  // record kSilentHazard findings (--oracle hazard)
};

// The replay request of a scope: its checkers and oracles, the hazard oracle on the trace's
// own arch only.
ReplayRequest RequestFor(const HuntScope& scope);

// The smallest request that can show `key` (one checker, one oracle).
ReplayRequest RequestFor(const FindingKey& key);

// Whether replaying `trace` shows a finding with this key. The hazard oracle of the key
// must be on the trace's own arch (minimization never changes the platform).
bool ShowsFinding(const Trace& trace, const FindingKey& key);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_FINDING_H_
