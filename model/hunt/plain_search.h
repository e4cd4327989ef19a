// The hunt's engine when libFuzzer is not linked in (g++ builds): a plain seeded search over
// the same decoder. Inputs are fresh random byte strings or mutations (bit flips, byte
// sets, inserts, erases, chunk copies, splices) of corpus entries; an input joins the
// in-memory corpus when it reaches a feature (HuntSession's: op kinds, report and finding
// kinds, finding keys, slice shapes) that no earlier input reached. Deterministic: the same
// seed, seed corpus and run count give the same inputs in the same order.
#ifndef DMASIM_MODEL_HUNT_PLAIN_SEARCH_H_
#define DMASIM_MODEL_HUNT_PLAIN_SEARCH_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "model/hunt/hunt_session.h"

namespace dmasim::hunt {

inline constexpr size_t kPlainMaxInput = 256;
inline constexpr size_t kPlainMaxCorpus = 8192;

struct PlainSearchOptions {
  uint64_t seed = 1;
  int64_t runs = 0;        // stop after this many execs (0: no limit)
  double seconds = 60;     // stop after this long (0: no limit)
  std::vector<std::vector<uint8_t>> seeds;  // the seed corpus, replayed first
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler: stop after this exec
  // Called about every `report_every` execs with the session (progress, stats to pass on).
  std::function<void(HuntSession&)> report;
  int64_t report_every = 256;
};

// Runs until a bound or `stop`. Returns the corpus size.
size_t PlainSearch(HuntSession* session, const PlainSearchOptions& options);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_PLAIN_SEARCH_H_
