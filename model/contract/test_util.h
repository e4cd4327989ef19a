// Test helpers for model/contract: parse a text trace, replay it through the contract oracle
// and the exact checker, and summarise findings as "kind@op" words.
#ifndef DMASIM_MODEL_CONTRACT_TEST_UTIL_H_
#define DMASIM_MODEL_CONTRACT_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "model/contract/contract_oracle.h"
#include "model/contract/exact_checker.h"
#include "model/replay/replayer.h"
#include "model/trace/trace_parser.h"

namespace dmasim::contract_test {

inline Trace MustParse(absl::string_view text) {
  absl::StatusOr<Trace> t = ParseTrace(text, "test.dma");
  if (!t.ok()) {
    ADD_FAILURE() << t.status() << "\n" << text;
    return Trace{};
  }
  return *t;
}

// What the contract oracle and exact said about one trace.
struct Outcome {
  OracleResult contract;
  std::vector<CheckerReport> exact;
};

inline Outcome RunBoth(const Trace& t, CheckerOptions options = {}) {
  std::unique_ptr<Oracle> oracle = MakeContractOracle();
  std::unique_ptr<Checker> exact = MakeExactChecker(options);
  ReplayOnce(t, t.platform, {oracle.get(), exact.get()});
  return {oracle->result(), exact->reports()};
}

// "kind@op" for every finding, in order.
inline std::vector<std::string> Words(const OracleResult& r) {
  std::vector<std::string> out;
  for (const OracleFinding& f : r.findings) out.push_back(absl::StrCat(f.kind, "@", f.op));
  return out;
}

// Only the findings of rule `kind`.
inline std::vector<OracleFinding> OfKind(const OracleResult& r, absl::string_view kind) {
  std::vector<OracleFinding> out;
  for (const OracleFinding& f : r.findings) {
    if (f.kind == kind) out.push_back(f);
  }
  return out;
}

}  // namespace dmasim::contract_test

#endif  // DMASIM_MODEL_CONTRACT_TEST_UTIL_H_
