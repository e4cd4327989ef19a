// props_replay_dump SEED COUNT: the full replay (every checker, the contract, the hazard
// oracle on the trace's arch) of COUNT generated traces (any, clean and skb, by turns), as
// the JSON of `dmasim replay --json`, one object per line. The determinism property runs
// it in two processes and compares the bytes (Abseil's hash seeds differ per process, so a
// hash order reaching output shows up here, not within one process).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/numbers.h"
#include "model/base/prng.h"
#include "model/verdict/replay.h"
#include "model/verdict/report.h"
#include "model/workload/skb_generator.h"
#include "props/support/trace_gen.h"

int main(int argc, char** argv) {
  uint64_t seed = 0;
  int count = 0;
  if (argc != 3 || !absl::SimpleAtoi(argv[1], &seed) || !absl::SimpleAtoi(argv[2], &count)) {
    std::fprintf(stderr, "usage: props_replay_dump SEED COUNT\n");
    return 2;
  }
  dmasim::Rng r(seed);
  for (int i = 0; i < count; ++i) {
    const uint64_t s = r.Next();
    dmasim::Trace t;
    switch (i % 3) {
      case 0: t = dmasim::props::RandomTrace(s); break;
      case 1: t = dmasim::props::CleanTrace(s); break;
      default: t = *dmasim::GenerateSkbTrace(dmasim::props::RandomSkbParams(s)); break;
    }
    absl::StatusOr<dmasim::ReplayOutcome> out = dmasim::Replay(t, dmasim::ReplayRequest{});
    if (!out.ok()) return 1;
    std::printf("%s\n", dmasim::ReplayToJson("trace", t, *out).c_str());
  }
  return 0;
}
