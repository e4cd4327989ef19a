// Checker-level properties of generated traces (issue 5, "Checked by"): replayed through the
// dma-debug era models via the one replayer (model/replay.h).
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/workload/test_util.h"
#include "model/verdict/replay.h"
#include "model/workload/skb_generator.h"

namespace dmasim {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;

using workload_test::Gen;

// Distinct "kind@op" words one checker reports for `t`.
std::set<std::string> Reports(const Trace& t, const std::string& checker,
                              const std::string& kind = "") {
  ReplayRequest req;
  req.checkers = {checker};
  absl::StatusOr<ReplayOutcome> out = Replay(t, req);
  EXPECT_TRUE(out.ok()) << out.status();
  std::set<std::string> words;
  if (!out.ok()) return words;
  for (const CheckerOutcome& c : out->checkers) {
    for (const CheckerReport& r : c.reports) {
      if (kind.empty() || r.kind == kind) words.insert(r.kind + "@" + std::to_string(r.op));
    }
  }
  return words;
}

int OpOfHandle(const Trace& t, const std::string& name) {
  for (const HandleDecl& h : t.handles) {
    if (h.name == name) return h.def_op;
  }
  return -1;
}

// dpaa2-tx on linux-5.15-rc2 shows the 2021 report: EEXIST at skb #2's map_sg (E1 layout).
TEST(SkbCheckers, Dpaa2ShowsEexistOn515rc2) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const Trace t = Gen("dpaa2-tx", seed);
    const std::string at = "eexist@" + std::to_string(OpOfHandle(t, "s1"));
    EXPECT_THAT(Reports(t, "linux-5.15-rc2", "eexist"), Contains(at)) << seed;
    EXPECT_THAT(Reports(t, "linux-5.9", "eexist"), IsEmpty());
    EXPECT_THAT(Reports(t, "linux-5.15", "eexist"), Contains(at));  // no exemption applies
  }
}

// smc-r: EEXIST at the RMB's second mapping; smc-r-skip: none on 5.15, still on 5.15-rc2.
TEST(SkbCheckers, SmcRAndSkip) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const Trace r = Gen("smc-r", seed, "arm64", 40);
    const std::string at = "eexist@" + std::to_string(OpOfHandle(r, "s2"));
    EXPECT_EQ(Reports(r, "linux-5.15-rc2"), std::set<std::string>{at}) << seed;
    EXPECT_EQ(Reports(r, "linux-5.15"), std::set<std::string>{at});
    const Trace s = Gen("smc-r-skip", seed, "arm64", 40);
    EXPECT_EQ(Reports(s, "linux-5.15-rc2"), std::set<std::string>{at});
    EXPECT_THAT(Reports(s, "linux-5.15"), IsEmpty());
    EXPECT_THAT(Reports(s, "linux-6.1"), IsEmpty());
  }
}

// mlx5 maps TO_DEVICE only: dma-debug never tracks it.
TEST(SkbCheckers, Mlx5Silent) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const Trace t = Gen("mlx5-tx", seed, "arm64", 60);
    for (const char* era : {"linux-5.14", "linux-5.15-rc2", "linux-5.15", "linux-7.0"}) {
      EXPECT_THAT(Reports(t, era), IsEmpty()) << era;
    }
  }
}

// kmalloc-small: E3 on x86 (EEXIST until 7.0's alignment exemption), C1 on arm64 with
// bounce_kmalloc + swiotlb (EEXIST until the 6.18 swiotlb exemption).
TEST(SkbCheckers, KmallocSmallEras) {
  const Trace x = Gen("kmalloc-small", 1, "x86");
  EXPECT_FALSE(Reports(x, "linux-5.15", "eexist").empty());
  EXPECT_THAT(Reports(x, "linux-7.0", "eexist"), IsEmpty());
  const Trace a = Gen("kmalloc-small", 1, "arm64");
  EXPECT_FALSE(Reports(a, "linux-5.15", "eexist").empty());
  EXPECT_THAT(Reports(a, "linux-6.18", "eexist"), IsEmpty());
}

// Page halves never share a start line: the RX ring is silent in every era.
TEST(SkbCheckers, RxHalvesSilent) {
  const Trace t = Gen("rx-page-pool", 3, "arm64", 100);
  for (const char* era : {"linux-5.14", "linux-5.15", "linux-7.0"}) {
    EXPECT_THAT(Reports(t, era), IsEmpty()) << era;
  }
}

// Every profile replays through every era without a replay error, and with only the report
// kinds the profile can cause (no unchecked mapping errors, no bogus unmaps or syncs).
TEST(SkbCheckers, OnlyOverlapKindsAnywhere) {
  for (const std::string& prof : SkbProfileNames()) {
    for (const char* arch : {"arm64", "riscv", "x86"}) {
      const Trace t = Gen(prof, 9, arch, 64);
      for (const char* era : {"linux-3.14", "linux-5.14", "linux-5.15-rc2", "linux-5.15",
                              "linux-6.18", "linux-7.0"}) {
        for (const std::string& w : Reports(t, era)) {
          EXPECT_TRUE(w.rfind("eexist@", 0) == 0 || w.rfind("overlap-overflow@", 0) == 0)
              << prof << " " << arch << " " << era << ": " << w;
        }
      }
    }
  }
}

}  // namespace
}  // namespace dmasim
