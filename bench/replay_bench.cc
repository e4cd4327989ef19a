// Replay cost of one short trace, the unit of work of every fuzzing and property run: a
// 42-op dpaa2-tx workload (7 packets) (generated in memory) through every dma-debug era, `exact`, the
// contract oracle and the hazard oracle on the trace's own platform. Read items/s (ops/s)
// and the ratio between the benchmarks of one run, not the absolute times: fresh observers
// per replay (Replay()), one ReplaySession reused, and the hash-map floor.
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
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

// The same work through one ReplaySession: observers built once, reused replay after replay
// (what a fuzzer or a property run does). Its execs/s over BM_ReplayAllObservers' is the
// saving of building the observers once.
void BM_ReplaySessionAllObservers(benchmark::State& state) {
  const Trace trace = ShortTrace();
  absl::StatusOr<std::unique_ptr<ReplaySession>> session = ReplaySession::Create({});
  if (!session.ok()) std::abort();
  for (auto _ : state) {
    absl::StatusOr<ReplayOutcome> out = (*session)->Run(trace);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(trace.ops.size()));
  state.counters["execs/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReplaySessionAllObservers);

// The floor of the ratios: one absl::flat_hash_map insert per map op and one erase per
// unmap op of the same trace.
void BM_FloorHashMapPerMapAndUnmap(benchmark::State& state) {
  const Trace trace = ShortTrace();
  for (auto _ : state) {
    absl::flat_hash_map<int, int> live;
    for (int i = 0; i < static_cast<int>(trace.ops.size()); ++i) {
      const Op& op = trace.ops[i];
      if (op.kind == OpKind::kMap || op.kind == OpKind::kMapSg) live.emplace(op.handle, i);
      if (op.kind == OpKind::kUnmap || op.kind == OpKind::kUnmapSg) live.erase(op.handle);
    }
    benchmark::DoNotOptimize(live);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(trace.ops.size()));
}
BENCHMARK(BM_FloorHashMapPerMapAndUnmap);

}  // namespace
}  // namespace dmasim

BENCHMARK_MAIN();
