// What a hunt found, per signature, and the findings table printed at its end: era x oracle
// x class, with distinct signatures, hits and one example repro each. Stats travel from
// worker processes to the supervisor as text lines (Serialize / ParseStatsLine).
#ifndef DMASIM_MODEL_HUNT_HUNT_STATS_H_
#define DMASIM_MODEL_HUNT_HUNT_STATS_H_

#include <cstdint>
#include <string>

#include "absl/container/btree_map.h"
#include "absl/strings/string_view.h"

namespace dmasim::hunt {

struct SigStats {
  std::string era, oracle, cls, kind;
  std::string file;      // repro file name in the findings folder ("" if not written)
  int64_t hits = 0;      // inputs of this run that showed it
  bool written = false;  // this run wrote its repro (else it was in the folder already)
};

struct HuntStats {
  int64_t execs = 0;
  int64_t minimizations = 0;
  int64_t minimize_tries = 0;
  int64_t deferred = 0;       // findings not minimized: the minimization budget was spent
  int64_t invariant_failures = 0;
  int64_t corpus = 0;         // the worker's corpus size (plain search; libFuzzer: its own)
  int64_t features = 0;       // coverage: plain search features, or libFuzzer's cov
  absl::btree_map<std::string, SigStats> sigs;  // by signature id

  // Adds another worker's stats (sums counts; a signature written by either is written).
  void Merge(const HuntStats& other);
  // Lines "stat KEY VALUE" and "sig ID HITS WRITTEN ERA ORACLE CLASS KIND FILE", then "end".
  std::string Serialize() const;
};

// Applies one line of Serialize() output to `stats`; false for a line it does not know.
// "end" returns true and sets *complete.
bool ParseStatsLine(absl::string_view line, HuntStats* stats, bool* complete);

// The table (text, ends in a newline) and its JSON form (one object, no newline).
std::string HuntTable(const HuntStats& stats, absl::string_view out_dir);
std::string HuntTableJson(const HuntStats& stats, absl::string_view out_dir);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_HUNT_STATS_H_
