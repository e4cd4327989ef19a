#include "model/trace/remove_ops.h"

#include <string>

#include "gtest/gtest.h"
#include "model/base/prng.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"
#include "model/trace/trace_validate.h"

namespace dmasim {
namespace {

Trace Parse(const std::string& text) {
  absl::StatusOr<Trace> t = ParseTrace(text, "t.dma");
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

constexpr char kHeader[] =
    "dmasim 1\n"
    "platform arch=arm64 line=64 dma_align=128 page=4096 prefetch=yes\n"
    "device d noncoherent\n"
    "device e noncoherent\n"
    "buf a at=0x1000 len=64 kind=page\n"
    "buf b at=0x1030 len=64 kind=page\n";

TEST(RemoveOps, AMapTakesItsHandlesUsesAndRenumbers) {
  const Trace t = Parse(std::string(kHeader) +
                        "expect linux-5.15 eexist@0x2 free-not-allocated@5\n"
                        "expect contract sharing@2\n"
                        "expect exact none\n"
                        "cpu_write a 0 64\n"             // 0
                        "m0 = map d a from_device\n"     // 1  removed
                        "m1 = map e b from_device\n"     // 2  -> 1
                        "dev_write m0 0 8\n"             // 3  goes with m0
                        "unmap m1\n"                     // 4  -> 2
                        "unmap m0\n");                   // 5  goes with m0
  const Trace r = RemoveOps(t, {1});
  EXPECT_EQ(PrintTrace(r),
            std::string(kHeader) +
                "expect linux-5.15 eexist@1\n"
                "expect contract sharing@1\n"
                "expect exact none\n"
                "cpu_write a 0 64\n"
                "m1 = map e b 0 64 from_device\n"
                "unmap m1\n");
  EXPECT_EQ(r.handles.size(), 1u);
  EXPECT_EQ(r.handles[0].def_op, 1);
  EXPECT_EQ(r.op_lines.size(), r.ops.size());
}

TEST(RemoveOps, AnExpectLineLeftWithoutWordsIsDropped) {
  const Trace t = Parse(std::string(kHeader) + "expect contract sharing@1\n"
                        "m0 = map d a from_device\nm1 = map d b from_device\n");
  const Trace r = RemoveOps(t, {1, 1});  // duplicates are fine
  EXPECT_TRUE(r.expects.empty());
  EXPECT_EQ(r.ops.size(), 1u);
}

TEST(DropUnusedDecls, RenumbersWhatIsLeft) {
  const Trace t = Parse(std::string(kHeader) + "m0 = map e b from_device\nunbind e\n");
  const Trace r = DropUnusedDecls(t);
  ASSERT_EQ(r.devices.size(), 1u);
  ASSERT_EQ(r.bufs.size(), 1u);
  EXPECT_EQ(r.devices[0].name, "e");
  EXPECT_EQ(r.bufs[0].name, "b");
  EXPECT_EQ(r.ops[0].device, 0);
  EXPECT_EQ(r.ops[1].device, 0);
  EXPECT_EQ(r.ops[0].elems[0].buf, 0);
}

// Any subset removed from any trace: the result is valid, round-trips, and holds exactly
// the ops that were neither removed nor on a removed map's handle, in order.
TEST(RemoveOps, RandomSubsetsGiveValidTraces) {
  std::string text = kHeader;
  for (int k = 0; k < 6; ++k) {
    const std::string h = "h" + std::to_string(k);
    text += h + " = map " + (k % 2 ? "e" : "d") + (k % 3 ? " a" : " b") + " bidirectional\n";
    text += "mapping_error " + h + "\ndev_write " + h + " 0 8\nsync_for_cpu " + h + "\n";
    if (k % 2) text += "unmap " + h + "\n";
  }
  const Trace t = Parse(text);
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    Rng rng(seed);
    std::vector<int> drop;
    for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
      if (rng.Chance(1, 4)) drop.push_back(i);
    }
    const Trace r = RemoveOps(t, drop);
    ASSERT_TRUE(ValidateTrace(r).ok()) << seed;
    absl::StatusOr<Trace> back = ParseTrace(PrintTrace(r), "r.dma");
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_TRUE(*back == r);
    // Survivors, by their source line (op_lines follow the ops).
    std::vector<int> expected;
    std::vector<bool> map_gone(t.handles.size(), false);
    for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
      const bool asked = std::find(drop.begin(), drop.end(), i) != drop.end();
      const Op& op = t.ops[i];
      const bool is_map = op.kind == OpKind::kMap || op.kind == OpKind::kMapSg;
      if (is_map && asked) map_gone[op.handle] = true;
      if (asked || (!is_map && map_gone[op.handle])) continue;
      expected.push_back(t.op_lines[i]);
    }
    EXPECT_EQ(r.op_lines, expected) << seed;
  }
}

}  // namespace
}  // namespace dmasim
