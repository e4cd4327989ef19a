// skb_fuzzer: bytes -> DecodeSkbParams -> the skb workload generator -> a replay through
// every checker and both oracles, twice. Aborts when the generator rejects decoded params
// (DecodeSkbParams promises it never does) or when one of the model's invariants breaks.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "model/hunt/invariants.h"
#include "model/trace/trace_printer.h"
#include "model/workload/skb_generator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const dmasim::SkbParams params = dmasim::DecodeSkbParams(data, size);
  absl::StatusOr<dmasim::Trace> trace = dmasim::GenerateSkbTrace(params);
  if (!trace.ok()) {
    std::fprintf(stderr, "skb_fuzzer: generator rejected decoded params: %s\n",
                 std::string(trace.status().message()).c_str());
    std::abort();
  }
  const std::string broken = dmasim::hunt::ReplayAndCheck(*trace);
  if (!broken.empty()) {
    std::fprintf(stderr, "skb_fuzzer: invariant violated: %s\n%s", broken.c_str(),
                 dmasim::PrintTrace(*trace).c_str());
    std::abort();
  }
  return 0;
}
