#include "model/verdict/classify.h"

#include "gtest/gtest.h"

namespace dmasim {
namespace {

CheckerReport Overlap(int op, std::vector<int> handles) {
  CheckerReport r;
  r.op = op;
  r.kind = "eexist";
  r.overlap = true;
  r.handles = std::move(handles);
  r.line = 0x1000;
  return r;
}

OracleFinding Sharing(int op, std::vector<int> handles) {
  OracleFinding f;
  f.op = op;
  f.kind = "sharing";
  f.sharing = true;
  f.handles = std::move(handles);
  f.line = 0x1000;
  return f;
}

TEST(Classify, TwoReportsOnOneOpKeepTheirKinds) {
  // X2's ninth mapping: EEXIST and the "exceeded 7 overlapping mappings" WARN on one op.
  CheckerReport overflow = Overlap(8, {8, 0});
  overflow.kind = "overlap-overflow";
  std::vector<Classification> cls =
      Classify("linux-5.15", {overflow, Overlap(8, {8, 0})}, "contract", OracleResult{});
  ASSERT_EQ(cls.size(), 2u);
  EXPECT_EQ(cls[0].kind, "eexist");
  EXPECT_EQ(cls[1].kind, "overlap-overflow");
}

TEST(Classify, ReportBackedBySharingFindingIsNotAFalsePositive) {
  OracleResult o;
  o.findings = {Sharing(3, {1, 0})};
  EXPECT_TRUE(Classify("c", {Overlap(3, {1, 0})}, "contract", o).empty());
}

TEST(Classify, ReportWithoutSharingFindingIsAFalsePositive) {
  OracleResult o;  // e.g. one buffer on two devices: legal, no finding
  std::vector<Classification> cls = Classify("linux-5.15-rc2", {Overlap(2, {1, 0})}, "contract", o);
  ASSERT_EQ(cls.size(), 1u);
  EXPECT_EQ(cls[0].cls, "false-positive");
  EXPECT_EQ(cls[0].op, 2);
  EXPECT_EQ(cls[0].checker, "linux-5.15-rc2");
  EXPECT_EQ(cls[0].oracle, "contract");
  EXPECT_EQ(cls[0].handles, (std::vector<int>{1, 0}));
}

TEST(Classify, SharingFindingNobodyReportedIsMissed) {
  OracleResult o;
  o.findings = {Sharing(4, {2, 1})};
  OracleFinding not_sharing = Sharing(5, {2});
  not_sharing.sharing = false;  // e.g. an unmap size mismatch: not classified
  o.findings.push_back(not_sharing);
  CheckerReport other = Overlap(4, {3});
  std::vector<Classification> cls = Classify("c", {other}, "hazard:arm64", o);
  ASSERT_EQ(cls.size(), 2u);
  EXPECT_EQ(cls[0].cls, "false-positive");  // the report about 3 is not backed
  EXPECT_EQ(cls[1].cls, "missed-overlap");
  EXPECT_EQ(cls[1].handles, (std::vector<int>{2, 1}));
}

TEST(Classify, NonOverlapReportsAreNotClassified) {
  CheckerReport r = Overlap(1, {0});
  r.overlap = false;
  r.kind = "free-different-size";
  EXPECT_TRUE(Classify("c", {r}, "contract", OracleResult{}).empty());
}

}  // namespace
}  // namespace dmasim
