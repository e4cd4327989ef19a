// Test helpers for the dma-debug scenario tests: parse a small text trace, replay it through
// one era model, and look at the reports.
#ifndef DMASIM_MODEL_DMA_DEBUG_TEST_UTIL_H_
#define DMASIM_MODEL_DMA_DEBUG_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "model/dma_debug/dma_debug_checker.h"
#include "model/dma_debug/era.h"
#include "model/replay/replayer.h"
#include "model/trace/trace_parser.h"

namespace dmasim::dma_debug::testing {

inline CheckerOptions AllErrors() {
  CheckerOptions o;
  o.all_errors = true;
  return o;
}

// The outcome of one replay.
struct Outcome {
  std::vector<CheckerReport> reports;
  uint32_t error_count = 0;
  EraProfile profile;

  // "kind@op" per report, in order.
  std::vector<std::string> Kinds() const {
    std::vector<std::string> v;
    for (const CheckerReport& r : reports) v.push_back(absl::StrCat(r.kind, "@", r.op));
    return v;
  }
  std::vector<std::string> Messages() const {
    std::vector<std::string> v;
    for (const CheckerReport& r : reports) v.push_back(r.message);
    return v;
  }
};

// Replays `text` (a .dma trace) through the model of `version` ("linux-6.1", an era id...).
inline Outcome Replay(const std::string& text, const std::string& version = "linux-6.1",
                  const CheckerOptions& options = AllErrors()) {
  Outcome run;
  absl::StatusOr<Trace> t = ParseTrace(text, "test.dma");
  EXPECT_TRUE(t.ok()) << t.status();
  if (!t.ok()) return run;
  std::optional<ResolvedEra> r = ResolveVersion(version);
  EXPECT_TRUE(r.has_value()) << version;
  if (!r.has_value()) return run;
  DmaDebugChecker checker(MakeEraProfile(*r), options);
  ReplayOnce(*t, t->platform, {&checker});
  run.reports = checker.reports();
  run.error_count = checker.error_count();
  run.profile = checker.profile();
  return run;
}

// A trace header: two coherent devices on a coherent 64-byte-line platform.
inline std::string Header(const std::string& extra = "") {
  return "dmasim 1\nplatform arch=coherent line=64 page=4096\ndevice d0 coherent\n"
         "device d1 coherent\n" +
         extra;
}

}  // namespace dmasim::dma_debug::testing

#endif  // DMASIM_MODEL_DMA_DEBUG_TEST_UTIL_H_
