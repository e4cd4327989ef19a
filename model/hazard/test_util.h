// Test helpers for model/hazard: parse a text trace (a failure, not a crash, on bad text)
// and print an oracle result in full for assertion messages.
#ifndef DMASIM_MODEL_HAZARD_TEST_UTIL_H_
#define DMASIM_MODEL_HAZARD_TEST_UTIL_H_

#include <string>

#include "gtest/gtest.h"
#include "model/hazard/hazard_oracle.h"
#include "model/trace/trace_parser.h"

namespace dmasim::hazard_test {

inline Trace Parse(const std::string& text) {
  absl::StatusOr<Trace> t = ParseTrace(text, "test.dma");
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : Trace{};
}

inline std::string Dump(const OracleResult& r) {
  std::string s = std::string(HazardVerdictName(r.verdict)) + " " + r.note;
  for (const OracleFinding& f : r.findings) {
    s += "\n  op " + std::to_string(f.op) + " line " + std::to_string(f.line) + " " + f.kind +
         (f.sharing ? " sharing" : "") + ": " + f.message;
  }
  return s;
}

}  // namespace dmasim::hazard_test

#endif  // DMASIM_MODEL_HAZARD_TEST_UTIL_H_
