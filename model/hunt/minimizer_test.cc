#include "model/hunt/minimizer.h"

#include "gtest/gtest.h"
#include "model/hunt/finding.h"
#include "model/hunt/test_util.h"
#include "model/trace/remove_ops.h"
#include "model/trace/trace_printer.h"

namespace dmasim::hunt {
namespace {

const FindingKey kFp{"linux-5.15", "contract", kFalsePositive, "eexist"};

TEST(Minimizer, KeepsTheFindingAndIsOneMinimal) {
  const Trace t = test::MustParse(test::kTwoDevices);
  auto keep = [](const Trace& c) { return ShowsFinding(c, kFp); };
  ASSERT_TRUE(keep(t));
  MinimizeProgress p;
  const Trace m = Minimize(t, keep, {}, &p);
  EXPECT_TRUE(keep(m));
  EXPECT_TRUE(IsOneMinimal(m, keep));
  EXPECT_EQ(m.ops.size(), 2u) << PrintTrace(m);  // the two maps
  EXPECT_EQ(m.bufs.size(), 1u);                  // y is unused once its ops are gone
  EXPECT_EQ(p.ops_before, 10);
  EXPECT_GT(p.tries, 0);
  for (size_t k = 0; k < m.ops.size(); ++k) {
    const int one[] = {static_cast<int>(k)};
    EXPECT_FALSE(keep(RemoveOps(m, one)));
  }
}

TEST(Minimizer, ShrinksNumbersTowardZeroAndLineBoundaries) {
  const Trace m = Minimize(test::MustParse(test::kTwoDevices),
                           [](const Trace& c) { return ShowsFinding(c, kFp); });
  ASSERT_EQ(m.bufs.size(), 1u);
  EXPECT_EQ(m.bufs[0].at, 0u);  // moved down by whole pages, then to 0
  EXPECT_LE(m.bufs[0].len, 64u);
  for (const Op& op : m.ops) EXPECT_LE(op.elems[0].len, 64u);
}

TEST(Minimizer, IsDeterministic) {
  auto keep = [](const Trace& c) { return ShowsFinding(c, kFp); };
  const Trace t = test::MustParse(test::kTwoDevices);
  EXPECT_EQ(PrintTrace(Minimize(t, keep)), PrintTrace(Minimize(t, keep)));
}

TEST(Minimizer, OneMinimalCheckSeesARemovableOp) {
  const Trace t = test::MustParse(test::kTwoDevices);
  EXPECT_FALSE(IsOneMinimal(t, [](const Trace& c) { return ShowsFinding(c, kFp); }));
}

}  // namespace
}  // namespace dmasim::hunt
