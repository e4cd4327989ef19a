#include "model/contract/internal/interval_set.h"

#include <set>

#include "gtest/gtest.h"
#include "model/base/prng.h"

namespace dmasim {
namespace {

using Ivs = std::vector<std::pair<uint64_t, uint64_t>>;

TEST(IntervalSet, AddMergesOverlappingAndAdjacent) {
  IntervalSet s;
  s.Add(10, 20);
  s.Add(30, 40);
  EXPECT_EQ(s.Intervals(), (Ivs{{10, 20}, {30, 40}}));
  s.Add(20, 30);  // touches both
  EXPECT_EQ(s.Intervals(), (Ivs{{10, 40}}));
  s.Add(5, 5);  // empty
  EXPECT_EQ(s.Intervals(), (Ivs{{10, 40}}));
}

TEST(IntervalSet, RemoveSplits) {
  IntervalSet s;
  s.Add(0, 100);
  s.Remove(10, 20);
  EXPECT_EQ(s.Intervals(), (Ivs{{0, 10}, {20, 100}}));
  s.Remove(0, 15);
  EXPECT_EQ(s.Intervals(), (Ivs{{20, 100}}));
  EXPECT_TRUE(s.Intersects(99, 200));
  EXPECT_FALSE(s.Intersects(100, 200));
  EXPECT_TRUE(s.Contains(20, 100));
  EXPECT_FALSE(s.Contains(19, 21));
}

// Against a set of values on a small universe, with our own PRNG.
TEST(IntervalSet, MatchesBruteForce) {
  Rng rng(12345);
  auto next = [&]() { return rng.Next(); };
  IntervalSet s;
  std::set<uint64_t> ref;
  for (int i = 0; i < 5000; ++i) {
    const uint64_t a = next() % 64, b = a + next() % 12;
    const int what = next() % 4;
    if (what == 0) {
      s.Remove(a, b);
      for (uint64_t v = a; v < b; ++v) ref.erase(v);
    } else if (what == 1) {
      s.Add(a, b);
      for (uint64_t v = a; v < b; ++v) ref.insert(v);
    } else {
      bool any = false, all = true;
      for (uint64_t v = a; v < b; ++v) {
        if (ref.count(v)) {
          any = true;
        } else {
          all = false;
        }
      }
      ASSERT_EQ(s.Intersects(a, b), any) << i;
      ASSERT_EQ(s.Contains(a, b), all) << i;
    }
    // Representation: disjoint, non-adjacent, non-empty.
    Ivs iv = s.Intervals();
    for (size_t k = 0; k < iv.size(); ++k) {
      ASSERT_LT(iv[k].first, iv[k].second);
      if (k > 0) {
        ASSERT_LT(iv[k - 1].second, iv[k].first);
      }
    }
  }
}

}  // namespace
}  // namespace dmasim
