#include "model/export/findings_matrix.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/trace/platform.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// E1 reduced (docs/examples/e1-reduced.dma): TX only, so no platform corrupts data; the
// contract finds the sharing; EEXIST from linux-5.14 on.
constexpr char kE1[] = R"(dmasim 1
platform arch=arm64 line=64 dma_align=128
device dpni noncoherent
buf frag1 at=0x20a7320000 len=48
buf frag2 at=0x20a7320030 len=1448
cpu_write frag1
s0 = map_sg dpni bidirectional frag1
cpu_write frag2
s1 = map_sg dpni bidirectional frag2
dev_read s0
dev_read s1
unmap_sg s0
unmap_sg s1
)";

MatrixRow Row(const std::string& text, const std::string& file) {
  absl::StatusOr<Trace> t = ParseTrace(text, file);
  EXPECT_TRUE(t.ok()) << t.status();
  absl::StatusOr<MatrixRow> r = BuildMatrixRow(*t, file);
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

const MatrixChecker& Checker(const MatrixRow& r, const std::string& id) {
  for (const MatrixChecker& c : r.checkers) {
    if (c.id == id) return c;
  }
  ADD_FAILURE() << "no checker " << id;
  return r.checkers.front();
}

TEST(FindingsMatrix, RowHasEveryEraContractAndPlatform) {
  const MatrixRow r = Row(kE1, "repro/false-positive/e1.dma");
  EXPECT_EQ(r.folder, "false-positive");
  EXPECT_EQ(r.arch, "arm64");
  EXPECT_EQ(r.hazards.size(), AllArchs().size());
  for (const MatrixHazard& h : r.hazards) EXPECT_EQ(h.verdict, "safe") << h.arch;
  EXPECT_THAT(r.contract, ElementsAre("cpu-write-shared-line@2", "sharing@3"));
  EXPECT_THAT(Checker(r, "linux-5.9").reports, ElementsAre());
  EXPECT_FALSE(Checker(r, "linux-5.9").overlap);
  EXPECT_THAT(Checker(r, "linux-5.9").vs_contract,
              ElementsAre("missed-overlap cpu-write-shared-line@2", "missed-overlap sharing@3"));
  EXPECT_THAT(Checker(r, "linux-5.15").reports, ElementsAre("eexist@3"));
  EXPECT_TRUE(Checker(r, "linux-5.15").overlap);
  EXPECT_EQ(Checker(r, "linux-5.15").fp_archs.size(), AllArchs().size());
}

TEST(FindingsMatrix, MarkdownAnswersTheQuestionPerRepro) {
  const std::string md = MatrixMarkdown({Row(kE1, "repro/false-positive/e1.dma")});
  EXPECT_THAT(md, HasSubstr("## The 2021 question, case by case"));
  EXPECT_THAT(md, HasSubstr("| `false-positive/e1.dma` | 5.14, 5.15-rc2, 5.15, 6.18, 7.0 | "
                            "cpu-write-shared-line@2 sharing@3 | none | all 10 |"));
  EXPECT_THAT(md, HasSubstr("False positives against the physical truth (no platform corrupts "
                            "data; the contract column says whether the layout breaks the "
                            "documented rules anyway): 1 of 1: `false-positive/e1.dma`."));
  EXPECT_THAT(md, HasSubstr("| linux-5.15 | eexist@3 | missed-overlap cpu-write-shared-line@2 | "
                            "all 10 | none |"));
  EXPECT_THAT(md, HasSubstr("### false-positive/"));
}

TEST(FindingsMatrix, JsonListsCheckersAndPlatforms) {
  const std::string j = MatrixJson({Row(kE1, "repro/false-positive/e1.dma")});
  EXPECT_THAT(j, HasSubstr("\"platforms\":[\"arc\",\"arm64\""));
  EXPECT_THAT(j, HasSubstr("{\"id\":\"linux-5.15\",\"reports\":[\"eexist@3\"],\"overlap\":true"));
  EXPECT_THAT(j, HasSubstr("\"contract\":[\"cpu-write-shared-line@2\",\"sharing@3\"]"));
  EXPECT_EQ(j.back(), '\n');
}

}  // namespace
}  // namespace dmasim
