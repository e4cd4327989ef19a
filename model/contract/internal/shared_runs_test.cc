#include "model/contract/internal/shared_runs.h"

#include "gtest/gtest.h"

namespace dmasim {
namespace {

using Runs = std::vector<SharedRun>;

std::string Show(const Runs& runs) {
  std::string s;
  for (const SharedRun& r : runs) {
    s += "[" + std::to_string(r.first) + "+" + std::to_string(r.granules);
    if (r.runs > 1) s += " x" + std::to_string(r.runs);
    s += ":";
    for (int h : r.partners) s += " " + std::to_string(h);
    s += "]";
  }
  return s;
}

TEST(GroupSharedRuns, NothingSharedIsNoRun) { EXPECT_TRUE(GroupSharedRuns({}, 16).empty()); }

TEST(GroupSharedRuns, ManyPartnersInOneGranuleAreOneRun) {
  std::vector<SharedSpan> spans;
  for (int h = 999; h >= 0; --h) spans.push_back({7, 7, h});  // any order, duplicates too
  spans.push_back({7, 7, 3});
  const Runs runs = GroupSharedRuns(spans, 16);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].first, 7u);
  EXPECT_EQ(runs[0].granules, 1u);
  ASSERT_EQ(runs[0].partners.size(), 1000u);
  EXPECT_EQ(runs[0].partners.front(), 0);  // ascending: the oldest first
  EXPECT_EQ(runs[0].partners.back(), 999);
}

TEST(GroupSharedRuns, RunsSplitWhereThePartnersChangeOrAGapOpens) {
  // Partner 1 on granules 10..19, partner 2 on 15..24, partner 3 on 30..30 and 31..31.
  const Runs runs =
      GroupSharedRuns({{10, 19, 1}, {15, 24, 2}, {30, 30, 3}, {31, 31, 3}, {40, 40, 1}}, 16);
  EXPECT_EQ(Show(runs), "[10+5: 1][15+5: 1 2][20+5: 2][30+2: 3][40+1: 1]");
}

TEST(GroupSharedRuns, AdjacentGranulesWithTheSamePartnersMerge) {
  EXPECT_EQ(Show(GroupSharedRuns({{5, 5, 1}, {6, 6, 1}, {7, 9, 1}}, 16)), "[5+5: 1]");
  // Not adjacent: two runs even with the same partner.
  EXPECT_EQ(Show(GroupSharedRuns({{5, 5, 1}, {7, 7, 1}}, 16)), "[5+1: 1][7+1: 1]");
}

TEST(GroupSharedRuns, TheLastAllowedRunStandsForAllTheRest) {
  std::vector<SharedSpan> spans;
  for (int k = 0; k < 10; ++k) spans.push_back({uint64_t(2 * k), uint64_t(2 * k), k});
  EXPECT_EQ(Show(GroupSharedRuns(spans, 3)), "[0+1: 0][2+1: 1][4+8 x8: 2 3 4 5 6 7 8 9]");
  EXPECT_EQ(Show(GroupSharedRuns(spans, 1)), "[0+10 x10: 0 1 2 3 4 5 6 7 8 9]");
}

TEST(GroupSharedRuns, TopGranuleOfTheAddressSpace) {
  const uint64_t top = ~uint64_t{0} - 1;  // the last granule number with align 1
  EXPECT_EQ(GroupSharedRuns({{top - 1, top, 4}}, 16).at(0).granules, 2u);
}

}  // namespace
}  // namespace dmasim
