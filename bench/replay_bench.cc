// Replay cost of one short trace, the unit of work of every fuzzing and property run: a
// 42-op dpaa2-tx workload (7 packets) (generated in memory) through every dma-debug era, `exact`, the
// contract oracle and the hazard oracle on the trace's own platform. Read items/s (ops/s)
// and the ratio between the benchmarks of one run, not the absolute times.
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "model/verdict/replay.h"
#include "model/workload/skb_generator.h"

namespace dmasim {
namespace {

Trace ShortTrace() {
  SkbParams p;
  p.profile = "dpaa2-tx";
  p.packets = 7;
  p.arch = "arm64";
  absl::StatusOr<Trace> t = GenerateSkbTrace(p);
  if (!t.ok()) std::abort();
  return *t;
}

void BM_ReplayAllObservers(benchmark::State& state) {
  const Trace trace = ShortTrace();
  ReplayRequest request;
  for (auto _ : state) {
    absl::StatusOr<ReplayOutcome> out = Replay(trace, request);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(trace.ops.size()));
  state.counters["execs/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReplayAllObservers);

}  // namespace
}  // namespace dmasim

BENCHMARK_MAIN();
