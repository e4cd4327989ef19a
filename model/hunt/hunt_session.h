// One hunting process: each input is decoded (trace_decoder.h), replayed, checked against
// the model's invariants, and every finding is turned into a signature; a signature the
// findings database does not have yet is minimized and written there as a repro.
//
// Whichever engine produces the inputs (libFuzzer's callback or the plain seeded search)
// calls RunInput; the session is deterministic given its inputs.
//
// Deduplication (docs/hunt.md): minimizing is far dearer than an exec, so a finding is
// minimized only when its *slice* (FindingSlice: the ops that name its mappings) has a shape
// not seen before in this process; a known slice counts a hit for the signature its first
// minimization gave. Minimization is also budgeted in predicate calls (kMinimizeTriesPerExec
// per exec, after a head start) so that it cannot starve the search; a finding past the
// budget is counted as deferred, unless its layout is new: a finding whose (era, oracle,
// class, kind, relation words and map directions of its slice) was never minimized in this
// process is minimized whatever the budget.
#ifndef DMASIM_MODEL_HUNT_HUNT_SESSION_H_
#define DMASIM_MODEL_HUNT_HUNT_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "model/hunt/finding.h"
#include "model/hunt/findings_db.h"
#include "model/hunt/hunt_stats.h"
#include "model/hunt/trace_decoder.h"

namespace dmasim::hunt {

inline constexpr int64_t kMinimizeTriesPerExec = 4;
inline constexpr int64_t kMinimizeHeadStart = 20000;

struct HuntConfig {
  HuntScope scope;
  DecoderOptions decoder;
  std::string engine;             // "libFuzzer" or "plain search", for the repro headers
  bool check_invariants = true;   // exact/contract and classification on every exec
  bool check_determinism = false; // also replay every input twice
};

class HuntSession {
 public:
  HuntSession(HuntConfig config, FindingsDb* db);

  // One exec. `features` (may be null) receives hashes of what the replay reached (op kinds,
  // report and finding kinds, finding keys, slice shapes): the plain search's coverage.
  void RunInput(const uint8_t* data, size_t size, std::vector<uint64_t>* features = nullptr);

  HuntStats& stats() { return stats_; }
  // Problems met while writing (one line each; the hunt goes on).
  const std::vector<std::string>& errors() const { return errors_; }
  // Inputs that broke an invariant: (what broke, the input as hex).
  const std::vector<std::pair<std::string, std::string>>& violations() const {
    return violations_;
  }

 private:
  HuntConfig config_;
  ReplayRequest request_;
  FindingsDb* db_;
  HuntStats stats_;
  absl::btree_map<std::string, std::string> slice_sigs_;  // slice signature id -> signature id
  absl::btree_set<std::string> coarse_keys_;               // layouts minimized at least once
  std::vector<std::string> errors_;
  std::vector<std::pair<std::string, std::string>> violations_;
};

std::string HexBytes(const uint8_t* data, size_t size);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_HUNT_SESSION_H_
