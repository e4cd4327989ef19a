#include "model/trace/trace_builder.h"

#include <string>

#include "gtest/gtest.h"
#include "model/base/prng.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"
#include "model/trace/trace_validate.h"

namespace dmasim {
namespace {

PlatformDecl Arm64() {
  PlatformDecl p;
  p.arch = "arm64";
  p.dma_align = 128;
  return p;
}

// The builder's output is what the format expresses: printing and parsing it gives it back.
void ExpectRoundTrip(const Trace& t) {
  ASSERT_TRUE(ValidateTrace(t).ok()) << ValidateTrace(t);
  const std::string text = PrintTrace(t);
  absl::StatusOr<Trace> back = ParseTrace(text, "built.dma");
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << text;
  EXPECT_TRUE(*back == t) << text;
  EXPECT_EQ(PrintTrace(*back), text);
}

TEST(TraceBuilder, EveryStatementAndEveryWrongCall) {
  TraceBuilder b(Arm64());
  const int eth = b.Device("eth0", /*coherent=*/false);
  DeviceDecl iommu;
  iommu.iommu = true;
  iommu.swiotlb = true;
  const int d1 = b.Device(iommu);
  const int a = b.Buf("a", 0x1000, 1500, BufKind::kKmalloc);
  const int c = b.Buf("", 0x15e0, 64);
  b.CpuWriteAll(a);
  const int m = b.Map(eth, {a, 0, 1500}, Direction::kToDevice, kAttrSkipCpuSync);
  b.MappingError(m);
  const int s = b.MapSg(d1, {{a, 0, 64}, {c, 0, 64}}, Direction::kBidirectional, kAttrClean,
                        "sgl0");
  b.DevWrite(s, 0, 32);
  b.DevRead(m, 1400, 200);                             // past the mapping's end
  b.SyncForCpuRange(m, 0, 64, Direction::kFromDevice);  // another direction
  b.SyncForDeviceRange(m, 2000, 64);                    // outside the mapping
  b.SyncForCpu(s, {Direction::kToDevice, 3});           // other nents
  b.SyncForDevice(s);
  b.CpuRead(c, 0, 64);
  b.UnmapSingle(m, {.size = 32, .dir = Direction::kFromDevice, .attrs = 0});
  b.Unmap(m);                                           // double unmap
  b.UnmapSingle(s, {});                                 // wrong function for an sg handle
  b.UnmapSg(s, {.nents = 5, .attrs = kAttrClean});
  b.Unbind(eth);
  b.Expect("linux-5.15", {"eexist@3", "free-different-size"});
  EXPECT_FALSE(b.IsLive(m));
  EXPECT_EQ(b.Bytes(s), 128u);
  const Trace t = b.Take();
  EXPECT_EQ(t.bufs[c].name, "b0");
  EXPECT_EQ(t.devices[d1].name, "d0");
  EXPECT_EQ(t.handles[m].name, "m0");
  EXPECT_EQ(t.handles[s].name, "s0");
  ExpectRoundTrip(t);
}

TEST(TraceBuilder, PickedNamesNeverCollideWithGivenOnes) {
  TraceBuilder b(Arm64());
  b.Buf("b0", 0, 64);  // taken by hand: the picker must skip it
  const int x = b.Buf("", 64, 64);
  const int d = b.Device("m0", true);  // a device called like the first map handle
  const int h = b.Map(d, {x, 0, 64}, Direction::kFromDevice);
  const Trace t = b.Take();
  EXPECT_EQ(t.bufs[x].name, "b1");
  EXPECT_EQ(t.handles[h].name, "m1");
  ExpectRoundTrip(t);
}

TEST(TraceBuilder, DmaAlignFollowsTheArchWhenNotGiven) {
  PlatformDecl p;
  p.arch = "arm64";
  p.dma_align = 64;  // arm64's default (the line size), as a trace without dma_align= gets it
  TraceBuilder b(p, /*dma_align_given=*/false);
  b.Buf("a", 0, 8);
  const Trace t = b.Take();
  EXPECT_FALSE(t.dma_align_given);
  EXPECT_EQ(PrintTrace(t).find("dma_align"), std::string::npos) << PrintTrace(t);
  ExpectRoundTrip(t);
}

// Random sequences of every builder call, wrong ones included: always valid, always
// round-trip. The seed is in the failure message.
TEST(TraceBuilder, RandomCallSequencesRoundTrip) {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    Rng rng(seed);
    TraceBuilder b(Arm64());
    const int nd = 1 + static_cast<int>(rng.Below(3));
    for (int d = 0; d < nd; ++d) b.Device("", rng.Chance(1, 2));
    const int nb = 1 + static_cast<int>(rng.Below(4));
    for (int k = 0; k < nb; ++k) {
      b.Buf("", 0x1000 + 40 * rng.Below(64), 1 + rng.Below(300),
            static_cast<BufKind>(rng.Below(5)));
    }
    std::vector<int> handles;
    for (int step = 0; step < 40; ++step) {
      const int buf = static_cast<int>(rng.Below(nb));
      const uint64_t blen = b.trace().bufs[buf].len;
      const uint64_t off = rng.Below(blen + 1), len = rng.Below(blen - off + 1);
      const int h = handles.empty() ? -1 : handles[rng.Below(handles.size())];
      const Direction dir = static_cast<Direction>(rng.Below(3));
      switch (h < 0 ? rng.Below(3) : rng.Below(12)) {
        case 0: b.CpuWrite(buf, off, len); break;
        case 1: handles.push_back(b.Map(static_cast<int>(rng.Below(nd)), {buf, off, len}, dir,
                                        static_cast<uint32_t>(rng.Below(8)))); break;
        case 2: handles.push_back(b.MapSg(static_cast<int>(rng.Below(nd)),
                                          {{buf, off, len}, {buf, 0, blen}}, dir)); break;
        case 3: b.CpuRead(buf, off, len); break;
        case 4: b.MappingError(h); break;
        case 5: b.DevWrite(h, rng.Below(4096), rng.Below(4096)); break;
        case 6: b.DevRead(h, 0, b.Bytes(h)); break;
        case 7:
          if (b.IsSg(h)) {
            b.SyncForCpu(h, {dir, static_cast<uint32_t>(rng.Below(4))});
          } else {
            b.SyncForDeviceRange(h, rng.Below(256), rng.Below(256), dir);
          }
          break;
        case 8: b.Unmap(h); break;
        case 9: b.UnmapSingle(h, {.size = rng.Below(512), .dir = dir}); break;
        case 10: b.UnmapSg(h, {.nents = static_cast<uint32_t>(rng.Below(4))}); break;
        default: b.Unbind(static_cast<int>(rng.Below(nd)));
      }
    }
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    ExpectRoundTrip(b.Take());
  }
}

// ValidateTrace states the parser's rules: each broken rule is caught.
TEST(ValidateTrace, CatchesEachBrokenRule) {
  TraceBuilder b(Arm64());
  const int d = b.Device("d", false);
  const int a = b.Buf("a", 0x1000, 64);
  const int h = b.Map(d, {a, 0, 64}, Direction::kFromDevice);
  b.SyncForCpu(h);
  b.Unmap(h);
  const Trace good = b.Take();
  ASSERT_TRUE(ValidateTrace(good).ok());
  auto broken = [&](auto&& edit) {
    Trace t = good;
    edit(t);
    return !ValidateTrace(t).ok();
  };
  EXPECT_TRUE(broken([](Trace& t) { t.ops[0].elems[0].len = 65; }));      // outside buffer
  EXPECT_TRUE(broken([](Trace& t) { t.ops[1].off = 4; }));                // off without range
  EXPECT_TRUE(broken([](Trace& t) { t.ops[1].nents = 2; }));              // nents on single
  EXPECT_TRUE(broken([](Trace& t) { t.ops[2].nents = 1; }));              // nents on unmap
  EXPECT_TRUE(broken([](Trace& t) { t.ops[0].sg_list = "x"; }));          // sgl= on map
  EXPECT_TRUE(broken([](Trace& t) { t.bufs[0].name = "d"; }));            // duplicate name
  EXPECT_TRUE(broken([](Trace& t) { t.bufs[0].name = "clean"; }));        // keyword
  EXPECT_TRUE(broken([](Trace& t) { t.bufs[0].len = 0; }));               // empty buffer
  EXPECT_TRUE(broken([](Trace& t) { t.bufs[0].at = ~uint64_t{0} - 8; })); // wraps
  EXPECT_TRUE(broken([](Trace& t) { std::swap(t.ops[0], t.ops[1]); }));   // use before map
  EXPECT_TRUE(broken([](Trace& t) { t.platform.line = 48; }));            // not a power of 2
  EXPECT_TRUE(broken([](Trace& t) { t.dma_align_given = false; t.platform.dma_align = 128; }));
  EXPECT_TRUE(broken([](Trace& t) { t.expects.push_back({"contract", {"none", "x"}}); }));
  EXPECT_TRUE(broken([](Trace& t) { t.expects.push_back({"hazard:vax", {"safe"}}); }));
  EXPECT_TRUE(broken([](Trace& t) { t.ops[0].attrs = 1u << 9; }));        // unknown attr
}

// The round trip keeps whether dma_align was written: equality sees the difference.
TEST(TraceEquality, DmaAlignGivenIsPartOfTheTrace) {
  absl::StatusOr<Trace> given = ParseTrace("dmasim 1\nplatform arch=arm64 dma_align=64\n", "a");
  absl::StatusOr<Trace> implied = ParseTrace("dmasim 1\nplatform arch=arm64\n", "b");
  ASSERT_TRUE(given.ok() && implied.ok());
  EXPECT_EQ(given->platform, implied->platform);  // same values...
  EXPECT_FALSE(*given == *implied);               // ...but a different trace
}

}  // namespace
}  // namespace dmasim
