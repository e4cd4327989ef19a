// trace_fuzzer: bytes -> DecodeFuzzTrace (model/hunt/trace_decoder.h) -> a replay through
// every checker and both oracles, twice. Aborts when one of the model's invariants breaks
// (model/hunt/invariants.h) or when the trace does not survive print -> parse. Findings
// (a checker disagreeing with an oracle) are not crashes: `dmasim hunt` records those.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "model/hunt/invariants.h"
#include "model/hunt/trace_decoder.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const dmasim::Trace trace = dmasim::hunt::DecodeFuzzTrace(data, size);
  const std::string text = dmasim::PrintTrace(trace);
  absl::StatusOr<dmasim::Trace> back = dmasim::ParseTrace(text, "decoded");
  if (!back.ok() || !(*back == trace)) {
    std::fprintf(stderr, "trace_fuzzer: decoded trace does not round-trip:\n%s", text.c_str());
    std::abort();
  }
  const std::string broken = dmasim::hunt::ReplayAndCheck(trace);
  if (!broken.empty()) {
    std::fprintf(stderr, "trace_fuzzer: invariant violated: %s\n%s", broken.c_str(), text.c_str());
    std::abort();
  }
  return 0;
}
