#include "model/verdict/replay.h"

#include "model/verdict/report.h"
#include "model/trace/trace_parser.h"

#include "gtest/gtest.h"

namespace dmasim {
namespace {

using V = std::vector<std::string>;

TEST(ExpectItemsMatch, NoneMeansNothingObserved) {
  EXPECT_TRUE(ExpectItemsMatch({"none"}, {}));
  EXPECT_FALSE(ExpectItemsMatch({"none"}, {"eexist@3"}));
}

TEST(ExpectItemsMatch, KindAtOpMustBeObservedExactly) {
  EXPECT_TRUE(ExpectItemsMatch({"eexist@3"}, {"eexist@3"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist@3"}, {"eexist@4"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist@3", "eexist@5"}, {"eexist@3"}));
}

TEST(ExpectItemsMatch, BareKindMatchesAnyOpButNothingElse) {
  EXPECT_TRUE(ExpectItemsMatch({"eexist"}, {"eexist@3", "eexist@9"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist"}, {"eexist@3", "free-not-allocated@4"}));
  EXPECT_TRUE(ExpectItemsMatch({"eexist", "free-not-allocated@4"},
                               {"eexist@3", "free-not-allocated@4"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist"}, {}));
}

// The parser accepts op indices in hex and with leading zeros; they name the same op as
// the decimal index the observations use (issue 16, defect 5).
TEST(ExpectItemsMatch, OpIndicesCompareAsNumbers) {
  EXPECT_TRUE(ExpectItemsMatch({"eexist@0x1"}, {"eexist@1"}));
  EXPECT_TRUE(ExpectItemsMatch({"eexist@0X1f"}, {"eexist@31"}));
  EXPECT_TRUE(ExpectItemsMatch({"eexist@007"}, {"eexist@7"}));
  EXPECT_TRUE(ExpectItemsMatch({"eexist@0x0"}, {"eexist@0"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist@0x10"}, {"eexist@10"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist@01"}, {"eexist@1", "eexist@2"}));  // 2 uncovered
  EXPECT_FALSE(ExpectItemsMatch({"overlap@0x1"}, {"eexist@1"}));            // kind differs
}

}  // namespace
}  // namespace dmasim

namespace dmasim {
namespace {

constexpr char kSmc[] = R"(dmasim 1
platform arch=arm64 dma_align=128
device link1 coherent
device link2 coherent
buf rmb at=0x400000000 len=16384
expect linux-5.15-rc2 eexist@1
expect linux-6.1 none
expect contract none
a = map_sg link1 from_device rmb
b = map_sg link2 from_device skip_cpu_sync rmb
unmap_sg b
unmap_sg a
)";

TEST(Replay, KeepsCheckerIdAsGivenAndNamesTheEra) {
  absl::StatusOr<Trace> t = ParseTrace(kSmc, "smc.dma");
  ASSERT_TRUE(t.ok());
  ReplayRequest req;
  req.checkers = {"linux-5.15-rc4", "linux-6.1"};
  req.oracles = {"contract"};
  absl::StatusOr<ReplayOutcome> out = Replay(*t, req);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->checkers.size(), 2u);
  EXPECT_EQ(out->checkers[0].id, "linux-5.15-rc4");
  EXPECT_EQ(out->checkers[0].era, "linux-5.15-rc2");
  EXPECT_EQ(out->checkers[1].era, "linux-5.15");
  // SMC with skip_cpu_sync on the second mapping: rc2 still reports, 5.15 final does not.
  ASSERT_EQ(out->checkers[0].reports.size(), 1u);
  EXPECT_EQ(out->checkers[0].reports[0].kind, "eexist");
  EXPECT_TRUE(out->checkers[1].reports.empty());
  // One region on two devices is legal: the rc2 report is a false positive.
  ASSERT_EQ(out->classification.size(), 1u);
  EXPECT_EQ(out->classification[0].cls, "false-positive");
  EXPECT_EQ(out->classification[0].checker, "linux-5.15-rc4");
  // Expectations name eras: linux-5.15-rc2 matches the rc4 checker, linux-6.1 the 6.1 one.
  ASSERT_EQ(out->expectations.size(), 3u);
  for (const ExpectOutcome& x : out->expectations) {
    EXPECT_TRUE(x.ran) << x.target;
    EXPECT_TRUE(x.ok) << x.target;
  }
}

TEST(Replay, FailedExpectationIsReported) {
  std::string text = kSmc;
  text.replace(text.find("expect linux-6.1 none"), 21, "expect linux-6.1 eexist@1");
  absl::StatusOr<Trace> t = ParseTrace(text, "smc.dma");
  ASSERT_TRUE(t.ok());
  absl::StatusOr<ReplayOutcome> out = Replay(*t, ReplayRequest{});
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->expectations_ok());
}

TEST(Replay, UnknownCheckerIsAnError) {
  absl::StatusOr<Trace> t = ParseTrace(kSmc, "smc.dma");
  ReplayRequest req;
  req.checkers = {"linux-2.6.30"};
  EXPECT_FALSE(Replay(*t, req).ok());
  req.checkers = {};
  req.oracles = {"astrology"};
  EXPECT_FALSE(Replay(*t, req).ok());
}

}  // namespace
}  // namespace dmasim

namespace dmasim {
namespace {

// A second trace unlike kSmc: another arch and platform, a sharing bug, a CPU write into a
// device-owned mapping, a leak.
constexpr char kMips[] = R"(dmasim 1
platform arch=mips line=32
device eth noncoherent
buf a at=0x1000 len=64 kind=kmalloc
buf b at=0x1020 len=64 kind=kmalloc
x = map eth a 0 32 from_device
mapping_error x
y = map eth b 0 32 to_device
cpu_write a 0 4
dev_write x 0 32
unmap x
)";

// A session replays trace after trace with the same observers: each run says exactly what
// a fresh Replay() says, whatever ran before it (other arch, other handles, findings).
TEST(ReplaySession, ReusedObserversGiveWhatAFreshReplayGives) {
  absl::StatusOr<Trace> smc = ParseTrace(kSmc, "smc.dma");
  absl::StatusOr<Trace> mips = ParseTrace(kMips, "mips.dma");
  ASSERT_TRUE(smc.ok() && mips.ok()) << mips.status();
  for (const std::vector<std::string>& platforms :
       {std::vector<std::string>{}, std::vector<std::string>{"all"}}) {
    ReplayRequest req;
    req.platforms = platforms;
    absl::StatusOr<std::unique_ptr<ReplaySession>> session = ReplaySession::Create(req);
    ASSERT_TRUE(session.ok()) << session.status();
    for (const Trace* t : {&*smc, &*mips, &*smc, &*mips, &*mips}) {
      absl::StatusOr<ReplayOutcome> fresh = Replay(*t, req);
      absl::StatusOr<ReplayOutcome> reused = (*session)->Run(*t);
      ASSERT_TRUE(fresh.ok() && reused.ok());
      EXPECT_EQ(ReplayToJson("t.dma", *t, *reused), ReplayToJson("t.dma", *t, *fresh));
      EXPECT_EQ(ReplayToText("t.dma", *t, *reused), ReplayToText("t.dma", *t, *fresh));
    }
  }
}

TEST(ReplaySession, UnknownNamesAreErrorsAtCreate) {
  ReplayRequest req;
  req.checkers = {"linux-2.6.30"};
  EXPECT_FALSE(ReplaySession::Create(req).ok());
  req.checkers = {};
  req.platforms = {"vax"};
  EXPECT_FALSE(ReplaySession::Create(req).ok());
}

}  // namespace
}  // namespace dmasim
