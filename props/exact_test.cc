// `exact` equals the contract oracle's sharing findings on every trace (issue 11; the
// property docs/oracles.md states for `exact`): same op, same kind (sharing -> overlap,
// sharing-within-sg -> overlap-within-sg, cpu-write-shared-line), same mappings in the
// same order, same granule, in the same order, and no other report.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "model/replay/replayer.h"
#include "model/verdict/registry.h"
#include "props/support/arbitrary.h"
#include "rapidcheck/gtest.h"

namespace dmasim::props {
namespace {

std::string ExactKind(const std::string& rule) {
  if (rule == "sharing") return "overlap";
  if (rule == "sharing-within-sg") return "overlap-within-sg";
  return rule;
}

template <typename T>
std::string Line(const T& r, const std::string& kind) {
  return absl::StrCat("op ", r.op, ": ", kind, " [", absl::StrJoin(r.handles, ","), "] line ",
                      r.line, "\n");
}

RC_GTEST_PROP(Exact, EqualsTheContractsSharingFindings, ()) {
  const Trace t = *GenMixedTrace();
  absl::StatusOr<std::unique_ptr<Checker>> exact = NewChecker("exact", CheckerOptions{});
  RC_ASSERT(exact.ok());
  std::unique_ptr<Oracle> contract = NewContractOracle();
  ReplayOnce(t, t.platform, {exact->get(), contract.get()});
  std::string want, got;
  for (const OracleFinding& f : contract->result().findings) {
    if (f.sharing) absl::StrAppend(&want, Line(f, ExactKind(f.kind)));
  }
  for (const CheckerReport& r : (*exact)->reports()) absl::StrAppend(&got, Line(r, r.kind));
  RC_ASSERT(got == want);
}

}  // namespace
}  // namespace dmasim::props
