// Scaling of replay on trace files (the NIC-like family of gen_nic_trace.py; scale.py is the
// driver): for each FILE given, the floor and the figures of issue 13, measured in one run.
//
//   floor/F       one absl::flat_hash_map insert per map op and one erase per unmap op of F:
//                 the least any checker keyed by mapping pays per op (the unit of the
//                 ratios scale.py prints)
//   parse/F       ParseTraceFile (read and parse)
//   end_to_end/F  parse + every era, exact and the contract oracle (`dmasim replay
//                 --oracle contract`, printing aside)
//   eras/F, exact/F, contract/F, hazard/F: one observer family alone on the parsed trace
//                 (hazard: on the trace's own arch, measured only; its bound may stop it)
//
// Items are ops: read items_per_second, and each figure's ns per op over floor's.
//   scale_bench FILE... [--benchmark_...]
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "benchmark/benchmark.h"
#include "model/replay/replayer.h"
#include "model/trace/trace_parser.h"
#include "model/verdict/registry.h"
#include "model/verdict/replay.h"

namespace dmasim {
namespace {

void SetOps(benchmark::State& state, const Trace& t) {
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(t.ops.size()));
}

void Floor(benchmark::State& state, const Trace& t) {
  for (auto _ : state) {
    absl::flat_hash_map<int, int> live;
    for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
      const Op& op = t.ops[i];
      if (op.kind == OpKind::kMap || op.kind == OpKind::kMapSg) live.emplace(op.handle, i);
      if (op.kind == OpKind::kUnmap || op.kind == OpKind::kUnmapSg) live.erase(op.handle);
    }
    benchmark::DoNotOptimize(live);
  }
  SetOps(state, t);
}

void Parse(benchmark::State& state, const std::string& path, const Trace& t) {
  for (auto _ : state) {
    absl::StatusOr<Trace> p = ParseTraceFile(path);
    if (!p.ok()) state.SkipWithError(std::string(p.status().message()).c_str());
    benchmark::DoNotOptimize(p);
  }
  SetOps(state, t);
}

ReplayRequest ContractRequest() {
  ReplayRequest r;
  r.oracles = {"contract"};  // every era and exact: the default checkers
  return r;
}

void EndToEnd(benchmark::State& state, const std::string& path, const Trace& t) {
  for (auto _ : state) {
    absl::StatusOr<Trace> p = ParseTraceFile(path);
    if (!p.ok()) state.SkipWithError(std::string(p.status().message()).c_str());
    absl::StatusOr<ReplayOutcome> out = Replay(*p, ContractRequest());
    benchmark::DoNotOptimize(out);
  }
  SetOps(state, t);
}

// Observers of one family alone, fed by the replayer.
void Observers(benchmark::State& state, const Trace& t, const std::string& family) {
  std::vector<std::unique_ptr<Observer>> owned;
  if (family == "eras" || family == "exact") {
    for (const std::string& id : AllCheckerIds()) {
      if ((id == "exact") != (family == "exact")) continue;
      absl::StatusOr<std::unique_ptr<Checker>> c = NewChecker(id, CheckerOptions{});
      if (c.ok()) owned.push_back(std::move(*c));
    }
  } else if (family == "contract") {
    owned.push_back(NewContractOracle());
  } else {
    owned.push_back(NewHazardOracle(t.platform));
  }
  std::vector<Observer*> observers;
  for (const auto& o : owned) observers.push_back(o.get());
  for (auto _ : state) ReplayOnce(t, t.platform, observers);
  if (family == "hazard") {
    const OracleResult r = static_cast<Oracle*>(owned[0].get())->result();
    state.SetLabel(r.note.empty() ? std::string(VerdictName(r.verdict)) : r.note);
  }
  SetOps(state, t);
}

}  // namespace
}  // namespace dmasim

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::string> files(argv + 1, argv + argc);
  if (files.empty()) {
    std::fprintf(stderr, "usage: scale_bench FILE.dma... [--benchmark_...]\n");
    return 2;
  }
  // The parsed traces live until the benchmarks ran.
  std::vector<std::unique_ptr<dmasim::Trace>> traces;
  for (const std::string& f : files) {
    absl::StatusOr<dmasim::Trace> t = dmasim::ParseTraceFile(f);
    if (!t.ok()) {
      std::fprintf(stderr, "%s\n", std::string(t.status().message()).c_str());
      return 2;
    }
    traces.push_back(std::make_unique<dmasim::Trace>(std::move(*t)));
    const dmasim::Trace& tr = *traces.back();
    auto ms = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMillisecond); };
    ms(benchmark::RegisterBenchmark(("floor/" + f).c_str(), dmasim::Floor, std::cref(tr)));
    ms(benchmark::RegisterBenchmark(("parse/" + f).c_str(), dmasim::Parse, f, std::cref(tr)));
    ms(benchmark::RegisterBenchmark(("end_to_end/" + f).c_str(), dmasim::EndToEnd, f,
                                    std::cref(tr)));
    for (const char* family : {"eras", "exact", "contract", "hazard"}) {
      ms(benchmark::RegisterBenchmark((std::string(family) + "/" + f).c_str(), dmasim::Observers,
                                      std::cref(tr), std::string(family)));
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
