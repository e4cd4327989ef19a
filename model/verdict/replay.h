// Replay of one trace through the chosen checkers and oracles: what `dmasim replay` prints,
// what repro tests check, and what the fuzz targets and property tests will call.
#ifndef DMASIM_MODEL_VERDICT_REPLAY_H_
#define DMASIM_MODEL_VERDICT_REPLAY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/verdict/classification.h"
#include "model/replay/observer.h"
#include "model/trace/trace.h"

namespace dmasim {

// What to run. Empty lists mean "the defaults": every checker that exists (plus every checker
// an `expect` line names whose model none of them runs, e.g. "linux-6.12-debug_sg"), every
// oracle, and the hazard oracle on the trace's own arch plus every arch an `expect
// hazard:ARCH` names.
struct ReplayRequest {
  std::vector<std::string> checkers;   // ids or kernel versions, as the user wrote them
  std::vector<std::string> oracles;    // "contract", "hazard"
  std::vector<std::string> platforms;  // archs for the hazard oracle
  CheckerOptions checker_options;
};

// One checker's reports in a replay.
struct CheckerOutcome {
  std::string id;   // as given
  std::string era;  // the model that ran
  std::vector<CheckerReport> reports;
  uint64_t not_listed = 0;  // reports past kMaxListed (Checker::reports_not_listed)
};

// One oracle's result in a replay.
struct OracleOutcome {
  std::string name;  // "contract" or "hazard:<arch>"
  OracleResult result;
};

// One `expect` line, checked.
struct ExpectOutcome {
  int line = 0;                       // source line of the expect statement
  std::string target;
  std::vector<std::string> expected;  // as written
  std::vector<std::string> observed;  // "kind@op" words (or the verdict), sorted, distinct
  bool ran = false;                   // the target was part of this replay
  bool ok = false;
};

// Everything one Replay() call found: reports, oracle results, classes, expectations.
struct ReplayOutcome {
  int ops = 0;
  std::vector<CheckerOutcome> checkers;
  std::vector<OracleOutcome> oracles;
  std::vector<Classification> classification;
  std::vector<ExpectOutcome> expectations;

  bool expectations_ok() const;
};

// InvalidArgument for an unknown checker, oracle or arch. Builds the request's observers
// for this one call; ReplaySession keeps them for many.
absl::StatusOr<ReplayOutcome> Replay(const Trace& trace, const ReplayRequest& request);

// One request's checkers and oracles, built once and reused trace after trace (an
// observer's Begin resets it): what a fuzzer, a property run or a benchmark replays
// millions of times. Run(trace) gives what Replay(trace, request) gives; the hazard
// oracles are built on first use, one per arch position, and reused across platforms.
class ReplaySession {
 public:
  // InvalidArgument for an unknown checker, oracle or arch (as Replay).
  static absl::StatusOr<std::unique_ptr<ReplaySession>> Create(const ReplayRequest& request);
  absl::StatusOr<ReplayOutcome> Run(const Trace& trace);

 private:
  ReplaySession() = default;
  Oracle* HazardSlot(size_t k, const PlatformDecl& platform);
  absl::StatusOr<std::vector<std::unique_ptr<Checker>>> ExpectNamedCheckers(
      const Trace& trace, std::vector<std::string>* ids, std::vector<std::string>* eras) const;

  CheckerOptions options_;
  bool contract_wanted_ = false;
  bool hazard_wanted_ = false;
  std::vector<std::string> archs_;  // the request's --platform archs (empty: per trace)
  std::vector<std::string> checker_ids_;   // as given, distinct
  std::vector<std::string> checker_eras_;  // the model each one runs
  std::vector<std::unique_ptr<Checker>> checkers_;
  bool default_checkers_ = false;  // no checker asked for: expect-named models run too
  std::unique_ptr<Oracle> contract_;
  std::vector<std::unique_ptr<Oracle>> hazards_;  // by position in the run's arch list
};

// Every `expect` target of `trace` names something that exists (a checker id or kernel
// version, "contract", "hazard:ARCH"); else InvalidArgument "FILE:LINE:COL: message". The
// parser checks the syntax; this checks against the registry, which the parser cannot see.
absl::Status CheckExpectTargets(const Trace& trace, absl::string_view file);

absl::string_view VerdictName(Verdict v);

// Whether `observed` ("kind@op" words) satisfies an expect line's verdict words (see
// docs/trace-format.md): "none" matches nothing observed; otherwise every KIND@OP word was
// observed, every bare KIND was observed at some op, and every observation is covered.
bool ExpectItemsMatch(const std::vector<std::string>& items,
                      const std::vector<std::string>& observed);  // "safe", "hazard", "unknown"

}  // namespace dmasim

#endif  // DMASIM_MODEL_VERDICT_REPLAY_H_
