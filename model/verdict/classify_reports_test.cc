// ClassifyReports: every judged dma-debug report kind confirmed by the contract at its op
// or a false report; every contract finding of a rule the era checks reported or missed.
// Replayed end to end (Replay), so the era models, the contract and the table meet.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/dma_debug/report_kinds.h"
#include "model/trace/trace_parser.h"
#include "model/verdict/classify.h"
#include "model/verdict/replay.h"
#include "model/verdict/report_claims.h"

namespace dmasim {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "cls kind@op" of the report classes of `checker` (the overlap classes left out).
std::vector<std::string> ReportClasses(const std::string& text, const std::string& checker) {
  absl::StatusOr<Trace> t = ParseTrace(text, "t.dma");
  EXPECT_TRUE(t.ok()) << t.status();
  if (!t.ok()) return {};
  ReplayRequest req;
  req.checkers = {checker};
  req.oracles = {"contract"};
  absl::StatusOr<ReplayOutcome> out = Replay(*t, req);
  EXPECT_TRUE(out.ok()) << out.status();
  if (!out.ok()) return {};
  std::vector<std::string> v;
  for (const Classification& c : out->classification) {
    if (c.cls != "false-report" && c.cls != "missed-report") continue;
    EXPECT_EQ(c.oracle, "contract");
    v.push_back(absl::StrCat(c.cls, " ", c.kind, "@", c.op));
  }
  return v;
}

constexpr char kX86[] =
    "dmasim 1\nplatform arch=x86 line=64 page=4096\ndevice d0 coherent\n"
    "buf a at=0x40000 len=4096\n";

// The 7.x false "sync not allocated": two identical live mappings, a legal sync.
TEST(ClassifyReports, SeventhEraSingleSyncNotAllocatedIsAFalseReport) {
  const std::string t = absl::StrCat(kX86,
                                     "m0 = map d0 a 0 256 to_device\nmapping_error m0\n"
                                     "m1 = map d0 a 0 256 to_device\nmapping_error m1\n"
                                     "sync_for_device m0\nunmap m0\nunmap m1\n");
  EXPECT_THAT(ReportClasses(t, "linux-7.3"), ElementsAre("false-report sync-not-allocated@4"));
  EXPECT_THAT(ReportClasses(t, "linux-6.12"), IsEmpty());
}

// A double unmap and a sync after unmap: confirmed (unmap-not-mapped, sync-not-mapped).
TEST(ClassifyReports, ConfirmedReportsAreNotClassified) {
  const std::string t = absl::StrCat(kX86,
                                     "m0 = map d0 a 0 256 from_device\nmapping_error m0\n"
                                     "unmap m0\nunmap m0\nsync_for_cpu m0\n"
                                     "m1 = map d0 a 512 64 from_device\nunmap m1 size=32\n");
  EXPECT_THAT(ReportClasses(t, "linux-6.1"), IsEmpty());
}

// Unchecked map errors: dma-debug reports at unmap, the contract at the first use (a sync
// here, before the unmap): the report is confirmed. A mapping never unmapped is missed.
TEST(ClassifyReports, MapErrorPairsAcrossOpsAndLeftMappedIsMissed) {
  const std::string t = absl::StrCat(kX86,
                                     "m0 = map d0 a 0 256 from_device\n"
                                     "sync_for_cpu m0\nunmap m0\n"
                                     "m1 = map d0 a 512 64 from_device\n");
  EXPECT_THAT(ReportClasses(t, "linux-6.1"), ElementsAre("missed-report mapping-error-unchecked@3"));
}

// Two identical live mappings unmapped with another size: dma-debug's best fit finds none
// ("not allocated", false), and it misses the size (the contract's unmap-size).
TEST(ClassifyReports, BestFitFailureIsFalseAndMissesTheSize) {
  const std::string t = absl::StrCat(kX86,
                                     "m0 = map d0 a 0 256 from_device\nmapping_error m0\n"
                                     "m1 = map d0 a 0 256 from_device\nmapping_error m1\n"
                                     "unmap m0 size=128\nunmap m1\n");
  EXPECT_THAT(ReportClasses(t, "linux-6.1"),
              ElementsAre("false-report free-not-allocated@4", "missed-report unmap-size@4"));
}

// Rules an era does not check are not missed: sync-nents before 4.19, and the direction of
// a sync on a bidirectional mapping (dma-debug skips those checks) is missed.
TEST(ClassifyReports, OnlyRulesTheEraChecksAreMissed) {
  const std::string t = absl::StrCat(kX86,
                                     "s0 = map_sg d0 from_device a 0 64 , a 128 64\n"
                                     "sync_for_cpu s0 nents=1\nunmap_sg s0\n"
                                     "m0 = map d0 a 512 64 bidirectional\nmapping_error m0\n"
                                     "sync_for_cpu m0 from_device\nunmap m0\n");
  EXPECT_THAT(ReportClasses(t, "linux-4.18"),
              ElementsAre("missed-report sync-direction@5"));
  EXPECT_THAT(ReportClasses(t, "linux-6.1"), ElementsAre("missed-report sync-direction@5"));
}

// The leak report lists every leaked mapping: each leak-at-unbind finding pairs with it.
TEST(ClassifyReports, LeakAtUnbindPairsWithEveryLeakedMapping) {
  const std::string t = absl::StrCat(kX86,
                                     "m0 = map d0 a 0 64 to_device\nmapping_error m0\n"
                                     "m1 = map d0 a 128 64 to_device\nmapping_error m1\n"
                                     "unbind d0\nunmap m0\nunmap m1\n");
  EXPECT_THAT(ReportClasses(t, "linux-6.1"), IsEmpty());
}

// Kinds with no documented rule (7.x attributes, sg segment limits) are not judged.
TEST(ClassifyReports, UndocumentedKindsAreNotJudged) {
  const std::string t = absl::StrCat(
      "dmasim 1\nplatform arch=x86 line=64 page=4096\ndevice d0 coherent\n"
      "buf a at=0x100000 len=0x40000\n",
      "s0 = map_sg d0 to_device a 0 70000\nunmap_sg s0\n"
      "m0 = map d0 a 0x20000 64 to_device require_coherent\nmapping_error m0\n"
      "unmap m0 attrs=none\n");
  EXPECT_THAT(ReportClasses(t, "linux-7.3"), IsEmpty());
  EXPECT_TRUE(FindReportClaim(dma_debug::kKindSgSegmentTooLong)->rules.empty());
  EXPECT_TRUE(FindReportClaim(dma_debug::kKindFreeDifferentAttributes)->rules.empty());
}

// The table covers every kind the era models print, in their order.
TEST(ClassifyReports, TableCoversEveryReportKind) {
  const std::vector<absl::string_view>& kinds = dma_debug::AllReportKinds();
  ASSERT_EQ(ReportClaims().size(), kinds.size());
  for (size_t i = 0; i < kinds.size(); ++i) EXPECT_EQ(ReportClaims()[i].kind, kinds[i]);
}

}  // namespace
}  // namespace dmasim
