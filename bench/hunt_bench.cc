// The hunt's unit of work: exec/s of the trace_fuzzer target beside an empty target fed the
// same inputs, in one run (read the ratio of the execs/s counters, not absolute times).
//   BM_EmptyTarget          an LLVMFuzzerTestOneInput that does nothing
//   BM_Decode               the decoder alone
//   BM_HuntExec             what `dmasim hunt` does per input: decode, one replay through
//                           every checker and both oracles, the invariants, the findings
//   BM_TraceFuzzerExec      what trace_fuzzer does per input: decode, print/parse round
//                           trip, two replays, the invariants
// Inputs: the checked-in corpus/trace_fuzzer files, in a loop.
#include <dirent.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "model/hunt/finding.h"
#include "model/hunt/invariants.h"
#include "model/hunt/trace_decoder.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"

namespace dmasim {
namespace {

using Bytes = std::vector<uint8_t>;

const std::vector<Bytes>& Inputs() {
  static const std::vector<Bytes> inputs = [] {
    std::vector<Bytes> out;
    const std::string dir = std::string(DMASIM_SOURCE_DIR) + "/corpus/trace_fuzzer";
    DIR* d = opendir(dir.c_str());
    std::vector<std::string> names;
    for (dirent* e = d != nullptr ? readdir(d) : nullptr; e != nullptr; e = readdir(d)) {
      if (e->d_name[0] != '.') names.push_back(dir + "/" + e->d_name);
    }
    if (d != nullptr) closedir(d);
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) {
      std::ifstream in(n, std::ios::binary);
      out.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    if (out.empty()) std::abort();
    return out;
  }();
  return inputs;
}

__attribute__((noinline)) int EmptyTarget(const uint8_t* data, size_t size) {
  benchmark::DoNotOptimize(data);
  benchmark::DoNotOptimize(size);
  return 0;
}

int DecodeOnly(const uint8_t* data, size_t size) {
  const Trace t = hunt::DecodeFuzzTrace(data, size);
  benchmark::DoNotOptimize(t.ops.size());
  return 0;
}

int HuntExec(const uint8_t* data, size_t size) {
  static const ReplayRequest request = hunt::FullRequest();
  const Trace t = hunt::DecodeFuzzTrace(data, size);
  absl::StatusOr<ReplayOutcome> out = Replay(t, request);
  if (!hunt::CheckInvariants(*out, nullptr).empty()) std::abort();
  benchmark::DoNotOptimize(hunt::FindingsOf(*out, true).size());
  return 0;
}

int TraceFuzzerExec(const uint8_t* data, size_t size) {
  const Trace t = hunt::DecodeFuzzTrace(data, size);
  absl::StatusOr<Trace> back = ParseTrace(PrintTrace(t), "decoded");
  if (!back.ok() || !(*back == t)) std::abort();
  if (!hunt::ReplayAndCheck(t).empty()) std::abort();
  return 0;
}

void Run(benchmark::State& state, int (*target)(const uint8_t*, size_t)) {
  const std::vector<Bytes>& in = Inputs();
  size_t k = 0;
  for (auto _ : state) {
    const Bytes& b = in[k++ % in.size()];
    target(b.data(), b.size());
  }
  state.counters["execs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_EmptyTarget(benchmark::State& s) { Run(s, EmptyTarget); }
void BM_Decode(benchmark::State& s) { Run(s, DecodeOnly); }
void BM_HuntExec(benchmark::State& s) { Run(s, HuntExec); }
void BM_TraceFuzzerExec(benchmark::State& s) { Run(s, TraceFuzzerExec); }
BENCHMARK(BM_EmptyTarget);
BENCHMARK(BM_Decode);
BENCHMARK(BM_HuntExec);
BENCHMARK(BM_TraceFuzzerExec);

}  // namespace
}  // namespace dmasim

BENCHMARK_MAIN();
