// Existence (issue 11): for each era that reports EEXIST, RapidCheck falsifies "no false
// positive versus the contract" and "no missed overlap versus the contract", and the shrunk
// counterexample has the minimal shape of its class:
//   * false positive: one region mapped twice (two map ops: rule 11's one region for two
//     devices, or twice on one), or one map_sg listing one region twice; in both the
//     contract sees one region, dma-debug two entries starting in one line;
//   * missed overlap: two ops (two maps of different regions that share a granule but do
//     not start in one line, or one of them to_device; or a map and a CPU write next to it
//     in its granule), or one map_sg whose elements are different regions sharing a
//     granule without starting in one line.
// Each test runs RapidCheck itself (with the run's seed and case count) on a property that
// must fail, and checks the result: a failure, and the shape of the shrunk trace.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "model/replay/replayer.h"
#include "model/trace/trace_printer.h"
#include "model/verdict/registry.h"
#include "model/verdict/classify.h"
#include "props/support/arbitrary.h"
#include "props/support/oracles.h"
#include "rapidcheck/gtest.h"

namespace dmasim::props {
namespace {

bool IsMap(const Op& op) { return op.kind == OpKind::kMap || op.kind == OpKind::kMapSg; }

// (phys, len) of each element of a map op.
std::vector<std::pair<uint64_t, uint64_t>> Region(const Trace& t, const Op& op) {
  std::vector<std::pair<uint64_t, uint64_t>> r;
  for (const Element& e : op.elems) r.push_back({t.bufs[e.buf].at + e.off, e.len});
  return r;
}

bool HasClass(const Trace& t, const std::string& era, absl::string_view cls) {
  std::unique_ptr<Oracle> contract = NewContractOracle();
  ReplayOnce(t, t.platform, {contract.get()});
  for (const Classification& c :
       Classify(era, CheckerReports(t, era), "contract", contract->result())) {
    if (c.cls == cls) return true;
  }
  return false;
}

// Listens to nothing: these falsifications are expected, so they must not join the
// "properties had failures, reproduce with" list RapidCheck prints at exit.
class Quiet : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// Runs "no `cls` of `era` versus the contract" through RapidCheck; returns the shrunk
// counterexample, or nullopt when RapidCheck found none.
std::optional<Trace> Falsify(const std::string& era, absl::string_view cls) {
  auto last = std::make_shared<std::optional<Trace>>();
  const std::string c(cls);
  const auto property = [era, c, last]() {
    const Trace t = *GenAnyTrace();
    if (HasClass(t, era, c)) {
      *last = t;  // the last failing case RapidCheck tries is the shrunk one
      RC_FAIL(c);
    }
  };
  rc::detail::TestMetadata meta;
  meta.id = absl::StrCat("existence/", era, "/", c);
  Quiet quiet;
  const rc::detail::TestResult result =
      rc::detail::checkProperty(rc::detail::toProperty(property), meta,
                                rc::detail::configuration().testParams, quiet);
  if (!result.is<rc::detail::FailureResult>()) return std::nullopt;
  return *last;
}

void ExpectFalsePositiveOfMinimalShape(const std::string& era) {
  const std::optional<Trace> t = Falsify(era, "false-positive");
  ASSERT_TRUE(t.has_value()) << era << ": RapidCheck found no false positive";
  SCOPED_TRACE(absl::StrCat(era, ": shrunk counterexample\n", PrintTrace(*t)));
  std::cout << era << " false positive, shrunk:\n" << PrintTrace(*t);
  ASSERT_GE(t->ops.size(), 1u);
  ASSERT_LE(t->ops.size(), 2u);
  for (const Op& op : t->ops) EXPECT_TRUE(IsMap(op));
  if (t->ops.size() == 2) {
    EXPECT_EQ(Region(*t, t->ops[0]), Region(*t, t->ops[1]));  // one region mapped twice
  } else {
    const auto r = Region(*t, t->ops[0]);  // one map_sg listing one region twice
    ASSERT_EQ(t->ops[0].kind, OpKind::kMapSg);
    ASSERT_GE(r.size(), 2u);
    EXPECT_EQ(r[0], r[1]);
  }
}

void ExpectMissedOverlapOfMinimalShape(const std::string& era) {
  const std::optional<Trace> t = Falsify(era, "missed-overlap");
  ASSERT_TRUE(t.has_value()) << era << ": RapidCheck found no missed overlap";
  SCOPED_TRACE(absl::StrCat(era, ": shrunk counterexample\n", PrintTrace(*t)));
  std::cout << era << " missed overlap, shrunk:\n" << PrintTrace(*t);
  ASSERT_GE(t->ops.size(), 1u);
  ASSERT_LE(t->ops.size(), 2u);
  ASSERT_TRUE(IsMap(t->ops[0]));
  if (t->ops.size() == 2) {
    // Two maps, or a map and the CPU write next to it.
    EXPECT_TRUE(IsMap(t->ops[1]) || t->ops[1].kind == OpKind::kCpuWrite);
  } else {
    EXPECT_EQ(t->ops[0].kind, OpKind::kMapSg);  // one sg list of neighbours
    EXPECT_GE(t->ops[0].elems.size(), 2u);
  }
}

#define DMASIM_EXISTENCE(Name, era)                                                  \
  TEST(Existence, Name##FalsePositive) { ExpectFalsePositiveOfMinimalShape(era); }  \
  TEST(Existence, Name##MissedOverlap) { ExpectMissedOverlapOfMinimalShape(era); }

DMASIM_EXISTENCE(Linux5_14, "linux-5.14")
DMASIM_EXISTENCE(Linux5_15Rc2, "linux-5.15-rc2")
DMASIM_EXISTENCE(Linux5_15, "linux-5.15")
DMASIM_EXISTENCE(Linux6_18, "linux-6.18")
DMASIM_EXISTENCE(Linux7_0, "linux-7.0")

}  // namespace
}  // namespace dmasim::props
