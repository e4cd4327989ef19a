#include "model/workload/skb_generator.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/workload/test_util.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_validate.h"
#include "model/trace/trace_printer.h"

namespace dmasim {
namespace {

using ::testing::ElementsAre;

using workload_test::Gen;

// Live interval [map op, unmap op) of every handle (unmap = ops.size() if never).
std::vector<std::pair<int, int>> LiveRanges(const Trace& t) {
  std::vector<std::pair<int, int>> r(t.handles.size(), {-1, static_cast<int>(t.ops.size())});
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    const Op& op = t.ops[i];
    if (op.kind == OpKind::kMap || op.kind == OpKind::kMapSg) r[op.handle].first = i;
    if ((op.kind == OpKind::kUnmap || op.kind == OpKind::kUnmapSg) &&
        r[op.handle].second == static_cast<int>(t.ops.size())) {
      r[op.handle].second = i;
    }
  }
  return r;
}

uint64_t Phys(const Trace& t, const Element& e) { return t.bufs[e.buf].at + e.off; }

TEST(SkbGenerator, ProfileNamesFixed) {
  EXPECT_THAT(SkbProfileNames(),
              ElementsAre("dpaa2-tx", "mlx5-tx", "rx-page-pool", "smc-r", "smc-r-skip",
                          "virtio", "kmalloc-small"));
}

TEST(SkbGenerator, RejectsBadParams) {
  SkbParams p;
  p.profile = "nope";
  EXPECT_EQ(GenerateSkbTrace(p).status().code(), absl::StatusCode::kInvalidArgument);
  p.profile = "dpaa2-tx";
  p.arch = "sparc";
  EXPECT_EQ(GenerateSkbTrace(p).status().code(), absl::StatusCode::kInvalidArgument);
  p.arch = "arm64";
  for (int n : {0, -1, kMaxSkbPackets + 1}) {
    p.packets = n;
    EXPECT_EQ(GenerateSkbTrace(p).status().code(), absl::StatusCode::kInvalidArgument) << n;
  }
  p.packets = kMaxSkbPackets;
  EXPECT_TRUE(GenerateSkbTrace(p).ok());
  p.packets = 8;
  p.inflight = 0;
  EXPECT_FALSE(GenerateSkbTrace(p).ok());
  p.inflight = 4;
  p.rx_buf = 10;
  EXPECT_FALSE(GenerateSkbTrace(p).ok());
}

TEST(SkbGenerator, PlatformPerArch) {
  struct Case {
    const char* arch;
    uint32_t dma_align;
  };
  for (const Case& c : {Case{"arm64", 128}, Case{"arm64-4.x", 128}, Case{"riscv", 64},
                        Case{"arm", 64}, Case{"mips", 64}, Case{"coherent", 64},
                        Case{"x86", 1}}) {
    absl::StatusOr<PlatformDecl> p = SkbPlatform(c.arch, false);
    ASSERT_TRUE(p.ok()) << c.arch;
    EXPECT_EQ(p->line, 64u);
    EXPECT_EQ(p->dma_align, c.dma_align) << c.arch;
    EXPECT_EQ(p->arch, c.arch);
    EXPECT_EQ(p->prefetch, std::string(c.arch) != "mips") << c.arch;
  }
}

// Every profile x several archs x many seeds: valid, round-trips through the text format,
// and the same params print byte-identically twice.
TEST(SkbGenerator, ValidRoundTripDeterministic) {
  const std::vector<std::string> archs = {"arm64", "riscv", "mips", "x86", "coherent"};
  for (const std::string& prof : SkbProfileNames()) {
    for (const std::string& arch : archs) {
      for (uint64_t seed = 1; seed <= 12; ++seed) {
        SkbParams p;
        p.profile = prof;
        p.arch = arch;
        p.seed = seed;
        p.packets = static_cast<int>(1 + seed * 7);
        p.out_of_order = seed % 2 == 0;
        p.inflight = static_cast<int>(1 + seed % 6);
        p.rx_buf = seed % 3 == 0 ? 192 : 0;
        absl::StatusOr<Trace> a = GenerateSkbTrace(p);
        absl::StatusOr<Trace> b = GenerateSkbTrace(p);
        ASSERT_TRUE(a.ok()) << prof << " " << arch << " " << seed << ": " << a.status();
        ASSERT_TRUE(b.ok());
        EXPECT_TRUE(ValidateTrace(*a).ok()) << ValidateTrace(*a);
        const std::string text = PrintTrace(*a);
        EXPECT_EQ(text, PrintTrace(*b)) << prof << " " << seed;
        absl::StatusOr<Trace> back = ParseTrace(text, "generated");
        ASSERT_TRUE(back.ok()) << back.status() << "\n" << text;
        EXPECT_TRUE(*back == *a) << prof << " " << arch << " " << seed;
        EXPECT_EQ(PrintTrace(*back), text);
      }
    }
  }
}

TEST(SkbGenerator, SeedsChangeTheTrace) {
  EXPECT_NE(PrintTrace(Gen("dpaa2-tx", 1, "arm64", 40)),
            PrintTrace(Gen("dpaa2-tx", 2, "arm64", 40)));
  EXPECT_NE(PrintTrace(Gen("smc-r", 1)), PrintTrace(Gen("smc-r", 2)));
}

// A golden digest of one trace guards against accidental nondeterminism across builds
// (std containers, hash order): the canonical text's length and a simple checksum.
TEST(SkbGenerator, StableAcrossRuns) {
  const std::string text = PrintTrace(Gen("dpaa2-tx", 7, "arm64", 16));
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  const std::string again = PrintTrace(Gen("dpaa2-tx", 7, "arm64", 16));
  uint64_t h2 = 1469598103934665603ull;
  for (unsigned char c : again) h2 = (h2 ^ c) * 1099511628211ull;
  EXPECT_EQ(h, h2);
}

TEST(SkbGenerator, DecodeIsTotal) {
  EXPECT_TRUE(GenerateSkbTrace(DecodeSkbParams(nullptr, 0)).ok());
  uint64_t x = 12345;
  for (int n = 0; n < 300; ++n) {
    std::vector<uint8_t> bytes(static_cast<size_t>(n % 40));
    for (uint8_t& b : bytes) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      b = static_cast<uint8_t>(x >> 56);
    }
    const SkbParams p = DecodeSkbParams(bytes.data(), bytes.size());
    EXPECT_LE(p.packets, 256);
    absl::StatusOr<Trace> t = GenerateSkbTrace(p);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_TRUE(ValidateTrace(*t).ok());
  }
  const uint8_t all_ff[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                              0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                              0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  EXPECT_TRUE(GenerateSkbTrace(DecodeSkbParams(all_ff, sizeof all_ff)).ok());
}

// dpaa2-tx reproduces E1: skb #1's 48-byte frag at P+0 and skb #2's 1448-byte frag at
// P+0x30, in one page, both in flight, both map_sg bidirectional, starts in one line.
TEST(SkbGeneratorLayout, Dpaa2E1Layout) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const Trace t = Gen("dpaa2-tx", seed);
    const auto live = LiveRanges(t);
    std::vector<int> sg;
    for (const Op& op : t.ops) {
      if (op.kind == OpKind::kMapSg) sg.push_back(op.handle);
    }
    ASSERT_GE(sg.size(), 2u);
    const Op& a = t.ops[t.handles[sg[0]].def_op];
    const Op& b = t.ops[t.handles[sg[1]].def_op];
    EXPECT_EQ(a.dir, Direction::kBidirectional);
    ASSERT_EQ(a.elems.size(), 2u);  // linear headers + one frag
    ASSERT_GE(b.elems.size(), 2u);
    EXPECT_EQ(t.bufs[a.elems[0].buf].kind, BufKind::kKmalloc);
    EXPECT_EQ(a.elems[1].off, 0u);
    EXPECT_EQ(a.elems[1].len, 48u);
    EXPECT_EQ(b.elems[1].buf, a.elems[1].buf);
    EXPECT_EQ(b.elems[1].off, 0x30u);
    EXPECT_EQ(b.elems[1].len, 0x5a8u);
    EXPECT_EQ(Phys(t, a.elems[1]) / 64, Phys(t, b.elems[1]) / 64);
    EXPECT_EQ(t.bufs[a.elems[1].buf].len, 32768u);
    // Both in flight at once: b is mapped before a is unmapped.
    EXPECT_LT(live[sg[1]].first, live[sg[0]].second);
    // The payload of skb #2 is copied (CPU write) into the shared line while skb #1 is mapped.
    bool write_next_to_live = false;
    for (int i = live[sg[0]].first + 1; i < live[sg[1]].first; ++i) {
      const Op& op = t.ops[i];
      if (op.kind == OpKind::kCpuWrite && op.buf == a.elems[1].buf && op.off == 0x30) {
        write_next_to_live = true;
      }
    }
    EXPECT_TRUE(write_next_to_live);
  }
}

// Over longer runs dpaa2 keeps producing first-line collisions of different frags (what
// dma-debug keys on) between live sg mappings, and the page frag gets reused.
TEST(SkbGeneratorLayout, Dpaa2CollisionsAndReuse) {
  SkbParams p;
  p.profile = "dpaa2-tx";
  p.packets = 400;
  p.first_payload = 0;
  p.small_percent = 50;
  p.out_of_order = true;
  absl::StatusOr<Trace> t = GenerateSkbTrace(p);
  ASSERT_TRUE(t.ok());
  const auto live = LiveRanges(*t);
  int collisions = 0;
  for (size_t h = 0; h < t->handles.size(); ++h) {
    for (size_t k = h + 1; k < t->handles.size(); ++k) {
      if (live[k].first >= live[h].second) continue;
      const Op& a = t->ops[live[h].first];
      const Op& b = t->ops[live[k].first];
      for (const Element& x : a.elems) {
        for (const Element& y : b.elems) {
          if (Phys(*t, x) != Phys(*t, y) && Phys(*t, x) / 64 == Phys(*t, y) / 64) ++collisions;
        }
      }
    }
  }
  EXPECT_GT(collisions, 0);
  // Page reuse: some page buffer receives a payload write at offset 0 more than once.
  std::map<int, int> zero_writes;
  for (const Op& op : t->ops) {
    if (op.kind == OpKind::kCpuWrite && t->bufs[op.buf].kind == BufKind::kPage && op.off == 0) {
      ++zero_writes[op.buf];
    }
  }
  bool reused = false;
  for (const auto& [buf, n] : zero_writes) reused |= n > 1;
  EXPECT_TRUE(reused);
}

TEST(SkbGeneratorLayout, Mlx5MapsHeadAndFragsToDeviceChecked) {
  const Trace t = Gen("mlx5-tx", 3, "arm64", 20);
  int maps = 0;
  for (size_t i = 0; i < t.ops.size(); ++i) {
    const Op& op = t.ops[i];
    ASSERT_NE(op.kind, OpKind::kMapSg);
    if (op.kind != OpKind::kMap) continue;
    ++maps;
    EXPECT_EQ(op.dir, Direction::kToDevice);
    ASSERT_LT(i + 1, t.ops.size());
    EXPECT_EQ(t.ops[i + 1].kind, OpKind::kMappingError);
    EXPECT_EQ(t.ops[i + 1].handle, op.handle);
  }
  EXPECT_GE(maps, 40);  // head + at least one frag per skb
}

// page_pool with PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV: each page mapped once, whole,
// from_device with skip_cpu_sync, and checked; each posted half synced for the device over
// its device area only [64, 1728) (headroom 64, shinfo tail 320); each frame synced for the
// CPU right after the device wrote it; pages unmapped once, at the end.
TEST(SkbGeneratorLayout, RxPagePoolMapsPagesOnceAndSyncsOnlyDeviceAreas) {
  const Trace t = Gen("rx-page-pool", 5, "arm64", 200);
  std::map<int, int> maps, unmaps;  // handle -> count
  for (size_t i = 0; i < t.ops.size(); ++i) {
    const Op& op = t.ops[i];
    EXPECT_NE(op.kind, OpKind::kMapSg);
    if (op.kind == OpKind::kMap) {
      ++maps[op.handle];
      EXPECT_EQ(op.dir, Direction::kFromDevice);
      EXPECT_EQ(op.attrs, uint32_t{kAttrSkipCpuSync});
      EXPECT_EQ(op.elems[0].off, 0u);
      EXPECT_EQ(op.elems[0].len, 4096u);
      ASSERT_LT(i + 1, t.ops.size());
      EXPECT_EQ(t.ops[i + 1].kind, OpKind::kMappingError);
    }
    if (op.kind == OpKind::kUnmap) ++unmaps[op.handle];
    if (op.kind == OpKind::kSyncForDevice) {
      EXPECT_TRUE(op.has_range);
      EXPECT_TRUE(op.off == 64 || op.off == 2048 + 64) << op.off;
      EXPECT_EQ(op.len, 2048u - 64 - 320);
    }
    if (op.kind == OpKind::kDevWrite) {
      ASSERT_LT(i + 1, t.ops.size());
      const Op& next = t.ops[i + 1];
      EXPECT_EQ(next.kind, OpKind::kSyncForCpu);
      EXPECT_EQ(next.handle, op.handle);
      EXPECT_TRUE(next.has_range);
      EXPECT_EQ(next.off, op.off);
      EXPECT_EQ(next.len, op.len);
    }
  }
  EXPECT_LE(maps.size(), 8u);  // recycled: 200 packets through a handful of pages
  for (const auto& [h, n] : maps) {
    EXPECT_EQ(n, 1);
    EXPECT_EQ(unmaps[h], 1);
  }
}

// build_skb's CPU writes (shinfo init, dataref decrement) stay in each half's shinfo tail,
// which no sync and no device write ever covers: nothing can invalidate them away.
TEST(SkbGeneratorLayout, RxBuildSkbWritesOnlyTheShinfoTail) {
  const Trace t = Gen("rx-page-pool", 2, "mips", 100);
  int writes = 0;
  for (const Op& op : t.ops) {
    if (op.kind != OpKind::kCpuWrite) continue;
    ++writes;
    const uint64_t in_half = op.off % 2048;
    EXPECT_GE(in_half, 2048u - 320) << op.off;
    EXPECT_LE(in_half + op.len, 2048u);
  }
  EXPECT_GE(writes, 200);  // one at build_skb, one at kfree_skb per frame
}

// Without build_skb (or in fragments too small for it) the stack copies the headers out and
// only reads the page; fragments of rx_buf bytes are synced whole for the device.
TEST(SkbGeneratorLayout, RxCopyModeNeverWritesThePage) {
  SkbParams p;
  p.profile = "rx-page-pool";
  p.packets = 40;
  for (const uint32_t rx_buf : {192u, 0u}) {
    p.rx_buf = rx_buf;
    p.rx_build_skb = rx_buf != 0;  // 192: too small for build_skb anyway
    absl::StatusOr<Trace> t = GenerateSkbTrace(p);
    ASSERT_TRUE(t.ok());
    const uint64_t buf = rx_buf == 0 ? 2048 : rx_buf;
    for (const Op& op : t->ops) {
      EXPECT_NE(op.kind, OpKind::kCpuWrite);
      if (op.kind == OpKind::kSyncForDevice) {
        EXPECT_EQ(op.len, buf);
        EXPECT_EQ(op.off % buf, 0u);
      }
    }
  }
}

// The ring never outlives the frames: every posted buffer receives exactly one frame, so no
// page mapping ends with an open, never-written device window.
TEST(SkbGeneratorLayout, RxRingDrainsEveryPostedBuffer) {
  for (const int packets : {1, 3, 50}) {
    SkbParams p;
    p.profile = "rx-page-pool";
    p.packets = packets;
    p.inflight = 8;
    absl::StatusOr<Trace> t = GenerateSkbTrace(p);
    ASSERT_TRUE(t.ok());
    int posts = 0, frames = 0;
    for (const Op& op : t->ops) {
      posts += op.kind == OpKind::kSyncForDevice;
      frames += op.kind == OpKind::kDevWrite;
    }
    EXPECT_EQ(posts, packets);
    EXPECT_EQ(frames, packets);
  }
}

void CheckSmc(const Trace& t, bool skip) {
  ASSERT_EQ(t.devices.size(), 2u);
  std::vector<const Op*> maps;
  for (const Op& op : t.ops) {
    if (op.kind == OpKind::kMapSg) maps.push_back(&op);
  }
  ASSERT_EQ(maps.size(), 4u);  // RMB and sndbuf on each link
  const Op& rmb1 = *maps[0];
  const Op& rmb2 = *maps[2];
  EXPECT_EQ(rmb1.elems, rmb2.elems);  // one buffer ...
  EXPECT_NE(rmb1.device, rmb2.device);  // ... two devices
  EXPECT_EQ(rmb1.dir, Direction::kFromDevice);
  EXPECT_EQ(rmb2.dir, Direction::kFromDevice);
  EXPECT_EQ(maps[1]->dir, Direction::kToDevice);
  EXPECT_EQ(rmb1.attrs, 0u);
  EXPECT_EQ(maps[1]->attrs, 0u);
  EXPECT_EQ(rmb2.attrs, skip ? uint32_t{kAttrSkipCpuSync} : 0u);
  EXPECT_EQ(maps[3]->attrs, skip ? uint32_t{kAttrSkipCpuSync} : 0u);
}

TEST(SkbGeneratorLayout, SmcROneBufferTwoDevices) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    CheckSmc(Gen("smc-r", seed), false);
    CheckSmc(Gen("smc-r-skip", seed), true);
  }
  // The RMB's second mapping is op 2 (rmb link1, sndbuf link1, rmb link2).
  const Trace t = Gen("smc-r");
  EXPECT_EQ(t.ops[2].kind, OpKind::kMapSg);
  EXPECT_EQ(t.handles[t.ops[2].handle].name, "s2");
}

TEST(SkbGeneratorLayout, KmallocSmallAdjacentInOneLine) {
  for (const char* arch : {"x86", "coherent", "arm64"}) {  // arm64: bounce_kmalloc (auto)
    for (uint64_t seed = 1; seed <= 8; ++seed) {
      const Trace t = Gen("kmalloc-small", seed, arch);
      ASSERT_GE(t.bufs.size(), 2u);
      const uint64_t size = t.bufs[0].len;
      EXPECT_LE(size, 64u);
      EXPECT_EQ(t.bufs[1].at, t.bufs[0].at + size) << arch;
      if (size < 64) {
        EXPECT_EQ(t.bufs[0].at / 64, t.bufs[1].at / 64);
      }
      for (const Op& op : t.ops) {
        if (op.kind == OpKind::kMap) {
          EXPECT_EQ(op.dir, Direction::kFromDevice);
        }
      }
    }
  }
  const Trace a = Gen("kmalloc-small", 1, "arm64");
  EXPECT_TRUE(a.platform.bounce_kmalloc);
  EXPECT_TRUE(a.devices[0].swiotlb);
  // Without bouncing, a non-coherent arch keeps kmalloc objects dma_align apart.
  const Trace r = Gen("kmalloc-small", 1, "riscv");
  EXPECT_FALSE(r.platform.bounce_kmalloc);
  EXPECT_EQ(r.bufs[1].at - r.bufs[0].at, 64u);
}

TEST(SkbGeneratorLayout, VirtioSlotsShareLinesWithCpuFields) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const Trace t = Gen("virtio", seed, "riscv", 16);
    const auto live = LiveRanges(t);
    ASSERT_EQ(t.bufs.size(), 1u);
    // Two of the eight slots posted at probe start in one line.
    bool same_line = false;
    for (int x = 0; x < 8; ++x) {
      for (int y = x + 1; y < 8; ++y) {
        same_line |= Phys(t, t.ops[live[x].first].elems[0]) / 64 ==
                     Phys(t, t.ops[live[y].first].elems[0]) / 64;
      }
    }
    EXPECT_TRUE(same_line) << seed;
    // A CPU write lands in a line of a live from_device mapping.
    bool found = false;
    for (int i = 0; i < static_cast<int>(t.ops.size()) && !found; ++i) {
      const Op& op = t.ops[i];
      if (op.kind != OpKind::kCpuWrite || i < live[7].first) continue;
      const uint64_t w0 = t.bufs[op.buf].at + op.off, w1 = w0 + op.len;
      for (size_t h = 0; h < live.size(); ++h) {
        if (live[h].first >= i || live[h].second <= i) continue;
        const Element& e = t.ops[live[h].first].elems[0];
        const uint64_t m0p = Phys(t, e), m1p = m0p + e.len;
        if (w0 / 64 <= (m1p - 1) / 64 && m0p / 64 <= (w1 - 1) / 64) found = true;
      }
    }
    EXPECT_TRUE(found) << seed;
  }
}

}  // namespace
}  // namespace dmasim
