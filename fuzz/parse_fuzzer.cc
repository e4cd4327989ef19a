// parse_fuzzer: bytes as `.dma` text. Malformed input must get an error with a position
// ("input:LINE:COL: ..."); valid input must round-trip (parse(print(t)) == t, and printing
// is idempotent) and, when small enough to replay quickly (kMaxReplayOps ops, buffers of at
// most kMaxReplayBytes bytes), replay with the model's invariants holding.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "model/hunt/invariants.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"

namespace {

constexpr size_t kMaxReplayOps = 256;
constexpr uint64_t kMaxReplayBytes = 1 << 16;

// "input:LINE:COL: message" with LINE, COL >= 1.
bool HasPosition(const std::string& m) {
  const std::string prefix = "input:";
  if (m.compare(0, prefix.size(), prefix) != 0) return false;
  size_t k = prefix.size();
  for (int field = 0; field < 2; ++field) {
    const size_t start = k;
    while (k < m.size() && std::isdigit(static_cast<unsigned char>(m[k]))) ++k;
    if (k == start || k >= m.size() || m[k] != ':') return false;
    ++k;
  }
  return true;
}

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "parse_fuzzer: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<dmasim::Trace> t = dmasim::ParseTrace(text, "input");
  if (!t.ok()) {
    const std::string m(t.status().message());
    if (!HasPosition(m)) Fail("error without a position", m);
    return 0;
  }
  const std::string printed = dmasim::PrintTrace(*t);
  absl::StatusOr<dmasim::Trace> back = dmasim::ParseTrace(printed, "printed");
  if (!back.ok()) Fail("printed trace does not parse", std::string(back.status().message()));
  if (!(*back == *t)) Fail("parse(print(t)) != t", printed);
  if (dmasim::PrintTrace(*back) != printed) Fail("printing is not idempotent", printed);
  if (t->ops.size() > kMaxReplayOps) return 0;
  for (const dmasim::BufDecl& b : t->bufs) {
    if (b.len > kMaxReplayBytes) return 0;
  }
  const std::string broken = dmasim::hunt::ReplayAndCheck(*t);
  if (!broken.empty()) Fail("invariant violated", broken + "\n" + printed);
  return 0;
}
