// The exact checker against the contract oracle: on every trace, exact's reports are the
// contract's sharing findings (same op, kind, handles, line, order). Checked on hand-written
// cases (contract_oracle_test.cc runs exact on every rule trace too) and on many traces from
// a seeded generator that crowds small buffers into few granules.

#include "model/contract/exact_checker.h"

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "model/contract/internal/shared_runs.h"
#include "model/contract/rules.h"
#include "model/contract/test_util.h"
#include "model/base/prng.h"

namespace dmasim {
namespace {

using contract_test::MustParse;
using contract_test::RunBoth;

const char* const kDirs[] = {"to_device", "from_device", "bidirectional"};

// A random trace as text: 2-3 devices, 3-5 small buffers packed (and sometimes aliased) in
// a few hundred bytes, and `ops` random ops over them, valid by construction. `crowded`:
// mostly maps, sg lists of up to 24 elements, so that granules gather more partners than
// a finding names and maps share more runs than an op may report (issue 16).
std::string RandomTrace(uint64_t seed, int ops, bool crowded = false) {
  Rng r(seed);
  std::string t = "dmasim 1\n";
  const uint32_t aligns[] = {1, 16, 64, 128};
  const char* archs[] = {"arm64", "riscv", "coherent", "arc"};
  absl::StrAppendFormat(&t, "platform arch=%s line=64 dma_align=%u bounce_kmalloc=%s\n",
                        archs[r.Below(4)], aligns[r.Below(4)], r.Chance(1, 3) ? "yes" : "no");
  const int ndev = 2 + r.Below(2);
  for (int d = 0; d < ndev; ++d) {
    absl::StrAppendFormat(&t, "device d%d %s%s%s\n", d, r.Chance(1, 2) ? "coherent" : "noncoherent",
                          r.Chance(1, 4) ? " iommu" : "", r.Chance(1, 4) ? " swiotlb" : "");
  }
  const int nbuf = 3 + r.Below(3);
  std::vector<uint64_t> len(nbuf);
  for (int b = 0; b < nbuf; ++b) {
    len[b] = 1 + r.Below(r.Chance(1, 5) ? 600 : 160);
    absl::StrAppendFormat(&t, "buf b%d at=0x%x len=%u kind=%s\n", b, 0x10000 + r.Below(400),
                          len[b], r.Chance(1, 2) ? "kmalloc" : "page");
  }
  auto range = [&](int b) {  // " OFF LEN" inside buffer b (LEN may be 0)
    const uint64_t off = r.Below(len[b] + 1);
    const uint64_t l = r.Chance(1, 12) ? 0 : r.Below(len[b] - off + 1);
    return absl::StrFormat(" %u %u", off, l);
  };
  auto attrs = [&]() {
    std::string a;
    if (r.Chance(1, 5)) a += " skip_cpu_sync";
    if (r.Chance(1, 4)) a += " clean";
    if (r.Chance(1, 12)) a += " require_coherent";
    return a;
  };
  int handles = 0;
  std::vector<bool> is_sg;
  for (int i = 0; i < ops; ++i) {
    uint64_t what = r.Below(handles == 0 ? 3 : 12);
    if (crowded && r.Chance(1, 2)) what = r.Below(2);
    if (what == 0 || what == 1) {  // map / map_sg
      const bool sg = what == 1;
      const int b = r.Below(nbuf);
      std::string el = absl::StrCat("b", b, range(b));
      if (sg) {
        const int more = r.Below(crowded ? 24 : 4);
        for (int k = 0; k < more; ++k) {
          const int c = r.Below(nbuf);
          absl::StrAppend(&el, " , b", c, range(c));
        }
        absl::StrAppendFormat(&t, "h%d = map_sg d%d %s%s %s\n", handles, r.Below(ndev),
                              kDirs[r.Below(3)], attrs(), el);
      } else {
        absl::StrAppendFormat(&t, "h%d = map d%d %s %s%s\n", handles, r.Below(ndev), el,
                              kDirs[r.Below(3)], attrs());
      }
      is_sg.push_back(sg);
      ++handles;
    } else if (what == 2) {  // cpu access
      const int b = r.Below(nbuf);
      absl::StrAppendFormat(&t, "%s b%d%s\n", r.Chance(1, 3) ? "cpu_read" : "cpu_write", b,
                            range(b));
    } else {
      const int h = handles - 1 - (r.Chance(1, 2) ? 0 : r.Below(handles));  // favour recent
      switch (what) {
        case 3:
          absl::StrAppendFormat(&t, "%s h%d\n", is_sg[h] ? "unmap_sg" : "unmap", h);
          break;
        case 4:  // sometimes the wrong function: it still ends the mapping
          absl::StrAppendFormat(&t, "%s h%d\n", r.Chance(1, 2) ? "unmap_sg" : "unmap", h);
          break;
        case 5:
        case 6: {
          const char* op = what == 5 ? "sync_for_cpu" : "sync_for_device";
          if (!is_sg[h] && r.Chance(1, 2)) {
            absl::StrAppendFormat(&t, "%s h%d %u %u\n", op, h, r.Below(200), r.Below(200));
          } else {
            absl::StrAppendFormat(&t, "%s h%d\n", op, h);
          }
          break;
        }
        case 7:
          absl::StrAppendFormat(&t, "mapping_error h%d\n", h);
          break;
        case 8:
          absl::StrAppendFormat(&t, "dev_write h%d %u %u\n", h, r.Below(100), r.Below(200));
          break;
        case 9:
          absl::StrAppendFormat(&t, "dev_read h%d\n", h);
          break;
        case 10:
          if (r.Chance(1, 4)) {
            absl::StrAppendFormat(&t, "unbind d%d\n", r.Below(ndev));
          } else {
            const int b = r.Below(nbuf);
            absl::StrAppendFormat(&t, "cpu_write b%d%s\n", b, range(b));
          }
          break;
        default: {
          const int b = r.Below(nbuf);
          absl::StrAppendFormat(&t, "h%d = map d%d b%d%s %s%s\n", handles, r.Below(ndev), b,
                                range(b), kDirs[r.Below(3)], attrs());
          is_sg.push_back(false);
              ++handles;
        }
      }
    }
  }
  return t;
}

absl::string_view ExactKindFor(absl::string_view rule_id) {
  if (rule_id == rule::kSharing) return "overlap";
  if (rule_id == rule::kSharingWithinSg) return "overlap-within-sg";
  return rule_id;  // cpu-write-shared-line
}

// Compares exact with the contract's sharing findings; returns "" or the first difference.
std::string Disagreement(const contract_test::Outcome& o) {
  std::vector<const OracleFinding*> sharing;
  for (const OracleFinding& f : o.contract.findings) {
    if (f.sharing) sharing.push_back(&f);
  }
  const size_t n = std::max(sharing.size(), o.exact.size());
  for (size_t k = 0; k < n; ++k) {
    if (k >= sharing.size()) {
      return absl::StrCat("exact extra report at op ", o.exact[k].op, ": ", o.exact[k].message);
    }
    if (k >= o.exact.size()) {
      return absl::StrCat("exact misses ", sharing[k]->kind, "@", sharing[k]->op, ": ",
                          sharing[k]->message);
    }
    const OracleFinding& f = *sharing[k];
    const CheckerReport& c = o.exact[k];
    if (f.op != c.op || f.handles != c.handles || f.line != c.line || f.lines != c.lines ||
        f.more_handles != c.more_handles || ExactKindFor(f.kind) != c.kind || !c.overlap) {
      return absl::StrFormat("#%u: contract %s@%d line 0x%x (%s) vs exact %s@%d line 0x%x (%s)",
                             k, f.kind, f.op, f.line, f.message, c.kind, c.op, c.line,
                             c.message);
    }
  }
  return "";
}

// DMASIM_CONTRACT_SEEDS=N runs seeds 1..N instead of 3000 (for a long soak by hand).
uint64_t SeedCount() {
  const char* env = std::getenv("DMASIM_CONTRACT_SEEDS");
  return env != nullptr && std::atoll(env) > 0 ? std::atoll(env) : 3000;
}

TEST(ExactChecker, AgreesWithContractOnRandomTraces) {
  int with_sharing = 0, total_findings = 0;
  const uint64_t seeds = SeedCount();
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    const std::string text = RandomTrace(seed, seed % 10 == 0 ? 300 : 40);
    const Trace t = MustParse(text);
    ASSERT_FALSE(t.ops.empty()) << "seed " << seed;
    const contract_test::Outcome o = RunBoth(t);
    const std::string diff = Disagreement(o);
    ASSERT_EQ(diff, "") << "seed " << seed << "\n" << text;
    for (const OracleFinding& f : o.contract.findings) {
      ASSERT_EQ(f.sharing, FindContractRule(f.kind).sharing) << "seed " << seed;
      ASSERT_FALSE(f.handles.empty()) << "seed " << seed << " " << f.kind;
      ASSERT_TRUE(f.op >= 0 && f.op < static_cast<int>(t.ops.size())) << "seed " << seed;
      ASSERT_EQ(f.line != kNoLine, f.sharing) << "seed " << seed << " " << f.kind;
    }
    with_sharing += o.exact.empty() ? 0 : 1;
    total_findings += o.exact.size();
  }
  // The generator must actually exercise sharing (else the agreement says little).
  EXPECT_GT(with_sharing, static_cast<int>(seeds / 2));
  EXPECT_GT(total_findings, static_cast<int>(3 * seeds));
}

TEST(ExactChecker, AgreesWithContractOnCrowdedTraces) {
  int named_fewer = 0, capped = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const std::string text = RandomTrace(seed, 60, /*crowded=*/true);
    const contract_test::Outcome o = RunBoth(MustParse(text));
    ASSERT_EQ(Disagreement(o), "") << "seed " << seed << "\n" << text;
    size_t per_op = 0;
    int last_op = -1;
    for (const CheckerReport& c : o.exact) {
      named_fewer += c.more_handles > 0 ? 1 : 0;
      per_op = c.op == last_op ? per_op + 1 : 1;
      last_op = c.op;
      // overlap-within-sg comes on top of the sharing runs of its op.
      ASSERT_LE(per_op, kMaxSharingFindingsPerOp + 1) << "seed " << seed;
      capped += c.message.find("runs in one report") != std::string::npos ? 1 : 0;
    }
  }
  // The shapes the bounds are for must actually occur.
  EXPECT_GT(named_fewer, 50);
  EXPECT_GT(capped, 5);
}

TEST(ExactChecker, MessagesAndErrorAccounting) {
  const Trace t = MustParse(
      "dmasim 1\nplatform arch=arm64 line=64 dma_align=128\n"
      "device eth0 noncoherent\ndevice eth1 coherent\n"
      "buf p at=0x20000 len=4096\n"
      "s0 = map_sg eth0 bidirectional p 0 0x30\n"
      "s1 = map_sg eth0 bidirectional p 0x30 0x5a8\n"
      "cpu_write p 0x5e0 8\n");
  const contract_test::Outcome o = RunBoth(t);
  ASSERT_EQ(o.exact.size(), 2u);
  EXPECT_EQ(o.exact[0].kind, "overlap");
  EXPECT_EQ(o.exact[0].message,
            "cacheline tracking: mapping [device address=0x0000000000020030] [phys=0x20030] "
            "[size=1448 bytes] [DMA_BIDIRECTIONAL] overlaps live mapping [device "
            "address=0x0000000000020000] [phys=0x20000] [size=48 bytes] [DMA_BIDIRECTIONAL] "
            "in cacheline 0x20000");
  EXPECT_TRUE(o.exact[0].printed);
  EXPECT_TRUE(o.exact[0].counted);
  EXPECT_EQ(o.exact[1].kind, "cpu-write-shared-line");
  EXPECT_EQ(o.exact[1].handles, (std::vector<int>{1}));
  EXPECT_EQ(o.exact[1].line, 0x20580u);
  EXPECT_FALSE(o.exact[1].printed);  // num_errors = 1: only the first error prints
  CheckerOptions all;
  all.all_errors = true;
  const contract_test::Outcome p = RunBoth(t, all);
  EXPECT_TRUE(p.exact[1].printed);
}

TEST(ExactChecker, NotesCoherenceWithoutChangingTheVerdict) {
  const Trace t = MustParse(
      "dmasim 1\nplatform arch=coherent line=64\ndevice eth0\n"
      "buf p at=0x1000 len=128\n"
      "a = map eth0 p 0 8 from_device\nb = map eth0 p 8 8 from_device\n");
  const contract_test::Outcome o = RunBoth(t);
  ASSERT_EQ(o.exact.size(), 1u);
  EXPECT_NE(o.exact[0].message.find("DMA-coherent here"), std::string::npos);
}

// A big mapping with many small ones coming and going inside it: no report (to_device
// only), and exact agrees with the contract oracle throughout.
TEST(ExactChecker, ManyMappingsInsideABigOneReportNothing) {
  std::string text =
      "dmasim 1\nplatform arch=arm64 line=64 dma_align=64\ndevice d\n"
      "buf big at=0x100000 len=0x100000\nbig0 = map_sg d to_device big\n";
  for (int i = 0; i < 2000; ++i) {
    absl::StrAppendFormat(&text, "m%d = map_sg d to_device big %u 16\nunmap_sg m%d\n", i,
                          (i * 4099) % 0xfff00, i);
  }
  const Trace t = MustParse(text);
  const contract_test::Outcome o = RunBoth(t);
  EXPECT_TRUE(o.exact.empty());
  EXPECT_EQ(Disagreement(o), "");
}

}  // namespace
}  // namespace dmasim

namespace dmasim {
namespace {

// Granule arithmetic at the top of the physical address space (no wrap anywhere).
TEST(ExactChecker, TopOfAddressSpace) {
  for (int align : {1, 64, 4096}) {
    const std::string text = absl::StrFormat(
        "dmasim 1\nplatform arch=arm64 line=64 dma_align=%d\ndevice d noncoherent\n"
        "buf t at=0xffffffffffffff00 len=0xff\n"
        "a = map_sg d from_device t 0 0x80\nb = map_sg d bidirectional t 0x80 0x7f\n"
        "cpu_write t 0x7f 2\nsync_for_cpu a\ncpu_write t 0xfe 1\nunmap_sg a\nunmap_sg b\n",
        align);
    const contract_test::Outcome o = contract_test::RunBoth(contract_test::MustParse(text));
    EXPECT_EQ(Disagreement(o), "") << align;
    // 4096: one granule holds both (sharing) and the write straddles a|b (one report for
    // the granule, naming both: each gets bytes outside it). 64 and 1: a|b meet on a
    // granule boundary.
    EXPECT_EQ(o.exact.size(), align == 4096 ? 2u : 0u) << align;
    if (align == 4096 && o.exact.size() == 2) {
      EXPECT_EQ(o.exact[1].kind, "cpu-write-shared-line");
      EXPECT_EQ(o.exact[1].handles, (std::vector<int>{0, 1}));
      EXPECT_EQ(o.exact[1].line, 0xfffffffffffff000u);
    }
  }
}

}  // namespace
}  // namespace dmasim

namespace dmasim {
namespace {

// 20000 live mappings, each written next to by the CPU: exactly one report per write (how
// the time grows with live mappings is measured in bench/overlap_bench).
TEST(ExactChecker, OneReportPerWriteAmongManyLiveMappings) {
  std::string text =
      "dmasim 1\nplatform arch=arm64 line=64 dma_align=128\ndevice d noncoherent\n"
      "buf big at=0x1000000 len=0x1000000\n";
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    absl::StrAppendFormat(&text, "m%d = map d big %u 100 from_device\nmapping_error m%d\n", i,
                          i * 256, i);
  }
  for (int i = 0; i < n; ++i) absl::StrAppendFormat(&text, "cpu_write big %u 4\n", i * 256 + 120);
  const Trace t = contract_test::MustParse(text);
  std::unique_ptr<Checker> exact = MakeExactChecker(CheckerOptions{});
  ReplayOnce(t, t.platform, {exact.get()});
  EXPECT_EQ(exact->reports().size(), static_cast<size_t>(n));  // every write is next to one
}

}  // namespace
}  // namespace dmasim
