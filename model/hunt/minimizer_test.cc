#include "model/hunt/minimizer.h"

#include "gtest/gtest.h"
#include "model/hunt/finding.h"
#include "model/hunt/signature.h"
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

namespace dmasim::hunt {
namespace {

// Two buffers in one 128-byte dma_align granule but in different 64-byte lines: every era
// misses the sharing (they key by line). Shrinking numbers must not turn the granule-only
// sharing into a line sharing, and flags the finding does not need are dropped.
TEST(Minimizer, NumberShrinkingKeepsTheShapeAndSimplifyDropsFlags) {
  const Trace t = test::MustParse(R"(dmasim 1
platform arch=arm64 line=64 dma_align=128 prefetch=no
device d noncoherent iommu
buf a at=0x123400 len=64 kind=kmalloc
buf b at=0x123440 len=64 kind=kmalloc
m0 = map d a 0 64 from_device skip_cpu_sync
m1 = map d b 0 64 from_device
unmap m0
unmap m1
)");
  const FindingKey key{"linux-5.15", "contract", kMissedOverlap, "sharing"};
  auto keep = [&key](const Trace& c) { return ShowsFinding(c, key); };
  ASSERT_TRUE(keep(t));
  const Trace m = Minimize(t, keep);
  const std::string shape = TraceShape(m);
  EXPECT_NE(shape.find("=granule"), std::string::npos) << shape;
  EXPECT_EQ(shape.find("kmalloc"), std::string::npos) << shape;
  EXPECT_EQ(shape.find("iommu"), std::string::npos) << shape;
  EXPECT_EQ(shape.find("skip_cpu_sync"), std::string::npos) << shape;
  EXPECT_LT(m.bufs[0].at, 0x1000u);
  EXPECT_TRUE(IsOneMinimal(m, keep));
}

}  // namespace
}  // namespace dmasim::hunt
