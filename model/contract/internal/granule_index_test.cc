#include "model/contract/internal/granule_index.h"

#include <map>
#include <set>

#include "gtest/gtest.h"
#include "model/base/prng.h"

namespace dmasim {
namespace {

// Entries seen per granule, via ForEachRun over [g0, g1].
std::map<uint64_t, std::set<int>> Coverage(const GranuleIndex& idx, uint64_t g0, uint64_t g1) {
  std::map<uint64_t, std::set<int>> out;
  idx.ForEachRun(g0, g1, [&](uint64_t first, uint64_t last,
                             const std::vector<GranuleEntry>& entries) {
    for (uint64_t g = first; g <= last; ++g) {
      for (const GranuleEntry& e : entries) out[g].insert(e.handle);
    }
  });
  return out;
}

TEST(GranuleIndex, BigMappingIsOneRunAndMergesBack) {
  GranuleIndex idx(64);
  idx.Insert({0, 0, 0x1000, 0x10000});  // 1024 granules
  EXPECT_EQ(idx.run_count(), 1u);
  idx.Insert({1, 0, 0x2010, 0x20});  // inside granule 0x80
  EXPECT_EQ(idx.run_count(), 3u);
  idx.CheckInvariants();
  idx.Remove({1, 0, 0x2010, 0x20});
  EXPECT_EQ(idx.run_count(), 1u);
  idx.CheckInvariants();
  idx.Remove({0, 0, 0x1000, 0x10000});
  EXPECT_EQ(idx.run_count(), 0u);
}

TEST(GranuleIndex, MatchesBruteForce) {
  Rng rng(777);
  auto next = [&]() { return rng.Next(); };
  for (uint64_t align : {1u, 16u, 64u}) {
    GranuleIndex idx(align);
    std::map<int, GranuleEntry> live;
    for (int i = 0; i < 3000; ++i) {
      if (!live.empty() && next() % 3 == 0) {
        auto it = live.begin();
        std::advance(it, next() % live.size());
        idx.Remove(it->second);
        live.erase(it);
      } else {
        GranuleEntry e{i, static_cast<int>(next() % 2), next() % 1024, 1 + next() % 200};
        idx.Insert(e);
        live[i] = e;
      }
      idx.CheckInvariants();
      const uint64_t g0 = next() % (1300 / align + 1), g1 = g0 + next() % 20;
      std::map<uint64_t, std::set<int>> want;
      for (const auto& [h, e] : live) {
        for (uint64_t g = std::max(g0, e.phys / align);
             g <= std::min(g1, (e.phys + e.len - 1) / align); ++g) {
          want[g].insert(h);
        }
      }
      ASSERT_EQ(Coverage(idx, g0, g1), want) << "align " << align << " step " << i;
    }
    EXPECT_LE(idx.run_count(), 2 * live.size() + 1);
  }
}

}  // namespace
}  // namespace dmasim
