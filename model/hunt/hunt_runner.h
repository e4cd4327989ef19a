// Runs a hunt: N worker processes, each a HuntSession fed by libFuzzer (when this build
// links it: LibFuzzerAvailable()) or by the plain seeded search, and a supervisor that
// prints a progress line every few seconds, stops everything at the time bound or on
// SIGINT/SIGTERM, and returns the merged stats for the findings table.
//
// Workers send their stats over a pipe as complete snapshots (HuntStats::Serialize); a
// worker that dies keeps its last snapshot, and every repro it wrote is in the findings
// folder already (written atomically before it was counted). On SIGINT/SIGTERM a worker
// finishes the input in hand (its minimization and write included), sends its stats and
// exits. libFuzzer workers share `OUT/corpus` (their working corpus; the seed folders are
// only read) and write crash artifacts to `OUT/crashes/`. An input that breaks one of the
// model's invariants (invariants.h) is written to `OUT/invariants/` as a trace.
#ifndef DMASIM_MODEL_HUNT_HUNT_RUNNER_H_
#define DMASIM_MODEL_HUNT_HUNT_RUNNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "model/hunt/findings_db.h"
#include "model/hunt/hunt_session.h"
#include "model/hunt/hunt_stats.h"

namespace dmasim::hunt {

struct HuntRunOptions {
  HuntConfig config;
  int jobs = 1;
  uint64_t seed = 1;
  int64_t runs = 0;       // execs per worker (0: no limit)
  double seconds = 60;    // wall-clock bound (0: no limit; then `runs` must bound it)
  std::vector<std::string> corpus_dirs;        // seed folders (read only)
  std::vector<std::vector<uint8_t>> seeds;     // their files, loaded (plain search)
  bool libfuzzer = false;  // requires LibFuzzerAvailable()
  std::string dict;        // libFuzzer -dict= file, or ""
  bool progress = true;    // the progress line on stderr
};

// Whether this build links libFuzzer's LLVMFuzzerRunDriver (the `hunt` preset).
bool LibFuzzerAvailable();

// The hunt. Returns the merged stats of every worker. `db` is the open --out folder.
HuntStats RunHunt(const HuntRunOptions& options, const FindingsDb& db);

// Whether the supervisor was interrupted (SIGINT/SIGTERM) during the last RunHunt.
bool HuntWasInterrupted();

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_HUNT_RUNNER_H_
