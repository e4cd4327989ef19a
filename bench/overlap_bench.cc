// How the overlap checks scale with the number of live mappings: `exact` (meant to be
// O(log n) per op) against the contract oracle (plain loops, O(n) per op by design) and the
// linux-6.1 dma-debug model. Each benchmark replays one trace: N long-lived mappings on
// distinct lines, then 1000 map/unmap pairs of a small buffer that shares a line with one of
// them. Read the ratios between N values within one run, not the absolute times.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "model/contract/contract_oracle.h"
#include "model/contract/exact_checker.h"
#include "model/dma_debug/dma_debug_checker.h"
#include "model/dma_debug/era.h"
#include "model/replay/replayer.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

constexpr int kChurn = 1000;

Trace ManyLiveMappings(int live) {
  std::string t = "dmasim 1\nplatform arch=arm64 line=64 dma_align=64\ndevice d noncoherent\n";
  for (int i = 0; i < live; ++i) {
    absl::StrAppendFormat(&t, "buf b%d at=0x%x len=32\n", i, 0x100000 + 64 * i);
  }
  absl::StrAppendFormat(&t, "buf x at=0x%x len=16\n", 0x100000 + 32);  // b0's line, 2nd half
  for (int i = 0; i < live; ++i) {
    absl::StrAppendFormat(&t, "m%d = map d b%d from_device\nmapping_error m%d\n", i, i, i);
  }
  for (int k = 0; k < kChurn; ++k) {
    absl::StrAppendFormat(&t, "x%d = map d x to_device\nmapping_error x%d\nunmap x%d\n", k, k, k);
  }
  absl::StatusOr<Trace> trace = ParseTrace(t, "bench.dma");
  if (!trace.ok()) std::abort();
  return *trace;
}

template <typename MakeObserver>
void Run(benchmark::State& state, MakeObserver make) {
  const Trace trace = ManyLiveMappings(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto observer = make();
    ReplayOnce(trace, trace.platform, {observer.get()});
    benchmark::DoNotOptimize(observer.get());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(trace.ops.size()));
}

void BM_Exact(benchmark::State& state) {
  Run(state, [] { return MakeExactChecker(CheckerOptions{}); });
}
void BM_ContractOracle(benchmark::State& state) {
  Run(state, [] { return MakeContractOracle(); });
}
void BM_DmaDebug61(benchmark::State& state) {
  Run(state, [] { return MakeDmaDebugChecker(*ResolveVersion("linux-6.1"), CheckerOptions{}); });
}

BENCHMARK(BM_Exact)->RangeMultiplier(10)->Range(10, 10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ContractOracle)->RangeMultiplier(10)->Range(10, 10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DmaDebug61)->RangeMultiplier(10)->Range(10, 10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dmasim

BENCHMARK_MAIN();
