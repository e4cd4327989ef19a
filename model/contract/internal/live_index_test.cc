// LiveSpanIndex against a plain list of spans: every query returns exactly the spans that
// meet it, ascending, whatever their widths (including the widest class).
#include "model/contract/internal/live_index.h"

#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "model/base/prng.h"

namespace dmasim::contract_internal {
namespace {

TEST(LiveSpanIndex, FindsSpansThatMeetTheQueryOnly) {
  LiveSpanIndex index;
  index.Insert(3, 10, 10);
  index.Insert(1, 12, 20);
  index.Insert(2, 0, ~uint64_t{0});  // every granule: class 64
  std::vector<int> out;
  index.Meeting(11, 11, &out);
  EXPECT_EQ(out, (std::vector<int>{2}));
  index.Meeting(10, 12, &out);
  EXPECT_EQ(out, (std::vector<int>{1, 2, 3}));
  index.Meeting(21, 30, &out);
  EXPECT_EQ(out, (std::vector<int>{2}));
  index.Erase(2, 0, ~uint64_t{0});
  index.Meeting(21, 30, &out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(index.size(), 2u);
}

TEST(LiveSpanIndex, AgreesWithAPlainScanOnRandomSpans) {
  Rng rng(7);
  LiveSpanIndex index;
  std::vector<std::tuple<int, uint64_t, uint64_t>> live;
  std::vector<int> out;
  for (int step = 0; step < 20000; ++step) {
    if (live.empty() || rng.Below(3) != 0) {
      const uint64_t first = rng.Below(4096);
      const uint64_t width = rng.Below(2) ? rng.Below(8) : rng.Below(1024);
      live.emplace_back(step, first, first + width);
      index.Insert(step, first, first + width);
    } else {
      const size_t k = rng.Below(live.size());
      const auto [h, f, l] = live[k];
      index.Erase(h, f, l);
      live.erase(live.begin() + static_cast<long>(k));
    }
    const uint64_t q0 = rng.Below(5000), q1 = q0 + rng.Below(64);
    std::vector<int> want;
    for (const auto& [h, f, l] : live) {
      if (f <= q1 && l >= q0) want.push_back(h);
    }
    index.Meeting(q0, q1, &out);
    ASSERT_EQ(out, want) << "step " << step;
  }
}

}  // namespace
}  // namespace dmasim::contract_internal
