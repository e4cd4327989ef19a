// Era facts (issue 11): what each kernel era's dma-debug is known for, as properties of the
// era models over every kind of trace. Each cites the section of the reference
// (/work/shared/reference/dma-debug.md) it comes from.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "model/trace/remove_ops.h"
#include "props/support/arbitrary.h"
#include "props/support/oracles.h"
#include "rapidcheck/gtest.h"

namespace dmasim::props {
namespace {

// (op, the mapping it is about) of every report of `kind`.
std::multiset<std::pair<int, int>> About(const std::vector<CheckerReport>& reports,
                                         absl::string_view kind) {
  std::multiset<std::pair<int, int>> s;
  for (const CheckerReport& r : reports) {
    if (r.kind == kind) s.insert({r.op, r.handles.empty() ? -1 : r.handles[0]});
  }
  return s;
}

std::multiset<std::pair<int, int>> Eexists(const Trace& t, const std::string& era) {
  return About(CheckerReports(t, era), "eexist");
}

bool Includes(const std::multiset<std::pair<int, int>>& big,
              const std::multiset<std::pair<int, int>>& small) {
  return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

// (op, kind, handles) of every report, in order: what a report says, not whether it printed.
std::vector<std::string> Said(const std::vector<CheckerReport>& reports) {
  std::vector<std::string> s;
  for (const CheckerReport& r : reports) {
    std::string x = absl::StrCat(r.op, " ", r.kind);
    for (int h : r.handles) absl::StrAppend(&x, " ", h);
    s.push_back(std::move(x));
  }
  return s;
}

// 1. §3 (first row: "3.14 ... 5.13: never, a TODO comment in the code"), §9 P1/P2: the
// eras before 5.14 never report EEXIST.
RC_GTEST_PROP(EraFacts, BeforeLinux5_14NoEexist, ()) {
  const Trace t = *GenMixedTrace();
  RC_ASSERT(Eexists(t, "linux-3.14").empty());
  RC_ASSERT(Eexists(t, "linux-5.9").empty());
}

// 2. §3: every row from 5.15 on is "the above AND" one more condition (c2bbf9d1e9ac
// SKIP_CPU_SYNC, 03521c892bb8 bounce exemption, 2026 clean-both and alignment), and 5.14
// differs from 5.15-rc2 only in the reporter (pr_err vs err_printk). So EEXIST(7.0) ⊆
// EEXIST(6.18) ⊆ EEXIST(5.15) ⊆ EEXIST(5.15-rc2) = EEXIST(5.14), as (op, new mapping).
RC_GTEST_PROP(EraFacts, EexistShrinksAlongTheEras, ()) {
  const Trace t = *GenMixedTrace();
  const auto e514 = Eexists(t, "linux-5.14"), rc2 = Eexists(t, "linux-5.15-rc2");
  const auto e515 = Eexists(t, "linux-5.15"), e618 = Eexists(t, "linux-6.18");
  const auto e70 = Eexists(t, "linux-7.0");
  RC_ASSERT(e514 == rc2);
  RC_ASSERT(Includes(rc2, e515));
  RC_ASSERT(Includes(e515, e618));
  RC_ASSERT(Includes(e618, e70));
}

// 3. §3 (c2bbf9d1e9ac: no EEXIST when the *new* mapping carries SKIP_CPU_SYNC; the flag is
// nowhere else before 2026, §5.2): adding skip_cpu_sync to one map never adds a linux-5.15
// report.
RC_GTEST_PROP(EraFacts, SkipCpuSyncNeverAddsALinux5_15Report, ()) {
  const Trace t = *GenMixedTrace();
  std::vector<int> maps;
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    if (t.ops[i].kind == OpKind::kMap || t.ops[i].kind == OpKind::kMapSg) maps.push_back(i);
  }
  RC_PRE(!maps.empty());
  Trace s = t;
  s.ops[*rc::gen::elementOf(maps)].attrs |= kAttrSkipCpuSync;
  const std::vector<std::string> before = Said(CheckerReports(t, "linux-5.15"));
  const std::vector<std::string> after = Said(CheckerReports(s, "linux-5.15"));
  const std::multiset<std::string> b(before.begin(), before.end()), a(after.begin(), after.end());
  RC_ASSERT(std::includes(b.begin(), b.end(), a.begin(), a.end()));
}

// 4. §2.2 step 1 and the paragraph after §3's table ("a TO_DEVICE entry is simply absent
// from the tree, so TO_DEVICE never collides in either role"): in every era, (a) an EEXIST
// or overflow report is never about a to_device mapping, and (b) a trace whose maps are
// all to_device but one single map has no EEXIST or overflow report at all (the one
// mapping that is tracked has nothing to collide with). (Whom an EEXIST collides with is
// dma-debug's own bookkeeping, not the trace's: a wrong unmap can leave an entry behind,
// and the named partner may be recycled storage, §2.5; so (b) states the second role.)
RC_GTEST_PROP(EraFacts, ToDeviceMappingsNeverTakePartInEexist, ()) {
  const Trace t = *GenMixedTrace();
  for (const std::string& era : EraIds()) {
    for (const CheckerReport& r : CheckerReports(t, era)) {
      if (r.kind != "eexist" && r.kind != "overlap-overflow") continue;
      RC_ASSERT(t.ops[t.handles[r.handles[0]].def_op].dir != Direction::kToDevice);
    }
  }
  std::vector<int> singles;
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    if (t.ops[i].kind == OpKind::kMap) singles.push_back(i);
  }
  const int keep = singles.empty() ? -1 : *rc::gen::elementOf(singles);
  Trace s = t;
  for (int i = 0; i < static_cast<int>(s.ops.size()); ++i) {
    Op& op = s.ops[i];
    if ((op.kind == OpKind::kMap || op.kind == OpKind::kMapSg) && i != keep) {
      op.dir = Direction::kToDevice;
    }
  }
  for (const std::string& era : EraIds()) {
    const std::vector<CheckerReport> reports = CheckerReports(s, era);
    RC_ASSERT(OfKind(reports, "eexist").empty());
    RC_ASSERT(OfKind(reports, "overlap-overflow").empty());
  }
}

// 5. §2.2 step 4 and §1.5: "exceeded 7 overlapping mappings" is WARN_ONCE, once per boot,
// not err_printk: at most one per replay, printed, not counted, in every era.
RC_GTEST_PROP(EraFacts, OverflowWarningFiresAtMostOnce, ()) {
  const Trace t = *GenMixedTrace();
  for (const std::string& era : EraIds()) {
    const std::vector<CheckerReport> o = OfKind(CheckerReports(t, era), "overlap-overflow");
    RC_ASSERT(o.size() <= 1u);
    for (const CheckerReport& r : o) RC_ASSERT(r.printed && !r.counted);
  }
}

// 6. §3 (Gavrilov, "EEXIST suppressed when dma_get_cache_alignment() < L1_CACHE_BYTES"),
// §12 (measured: no EEXIST at all on x86): linux-7.0 never reports EEXIST when
// dma_align < line.
RC_GTEST_PROP(EraFacts, Linux7_0NoEexistWhenDmaAlignBelowLine, ()) {
  Trace t = *GenMixedTrace();
  t.platform.dma_align = std::max(1u, t.platform.line / *rc::gen::element(2u, 4u, 64u));
  t.dma_align_given = true;
  RC_ASSERT(Eexists(t, "linux-7.0").empty());
}

// 7. §3 table, reporter column: 5.14 reports EEXIST with pr_err ("no WARN, not counted,
// unlimited"), from 5.15-rc2 (510e1a724ab1) with err_printk (counted).
RC_GTEST_PROP(EraFacts, Linux5_14EexistIsPrErrLaterErrPrintk, ()) {
  const Trace t = *GenMixedTrace();
  for (const CheckerReport& r : OfKind(CheckerReports(t, "linux-5.14"), "eexist")) {
    RC_ASSERT(r.printed && !r.counted);
  }
  for (const std::string era : {"linux-5.15-rc2", "linux-5.15", "linux-6.18", "linux-7.0"}) {
    for (const CheckerReport& r : OfKind(CheckerReports(t, era), "eexist")) RC_ASSERT(r.counted);
  }
}

// 8. §1.5 (err_printk: every error counts; it prints while show_num_errors > 0, which each
// error decrements, or always with all_errors; "by default only the first error of any kind,
// system-wide, is printed"): in every era the counted reports that print are exactly the
// first num_errors of them, or all with all_errors.
RC_GTEST_PROP(EraFacts, ErrPrintkPrintsTheFirstNumErrors, ()) {
  const Trace t = *GenMixedTrace();
  CheckerOptions o;
  o.num_errors = *rc::gen::inRange<uint32_t>(0, 4);
  o.all_errors = *rc::gen::inRange(0, 4) == 0;
  for (const std::string& era : EraIds()) {
    uint32_t counted = 0;
    for (const CheckerReport& r : CheckerReports(t, era, o)) {
      if (!r.counted) continue;
      RC_ASSERT(r.printed == (o.all_errors || counted < o.num_errors));
      ++counted;
    }
  }
}

// 9. §3 (03521c892bb8): from linux-6.18 no EEXIST at all for a device with an active
// swiotlb when CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC is on, "even for genuinely bad overlaps".
RC_GTEST_PROP(EraFacts, Linux6_18NoEexistWithBounceKmallocAndSwiotlb, ()) {
  Trace t = *GenMixedTrace();
  t.platform.bounce_kmalloc = true;
  for (DeviceDecl& d : t.devices) d.swiotlb = true;
  RC_ASSERT(Eexists(t, "linux-6.18").empty());
  RC_ASSERT(Eexists(t, "linux-7.0").empty());
}

// `t` without the ops `drop` selects, and the new index of every op kept (-1 if dropped).
std::pair<Trace, std::vector<int>> Without(const Trace& t, bool (*drop)(OpKind)) {
  std::vector<int> gone, index(t.ops.size(), -1);
  int next = 0;
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    if (drop(t.ops[i].kind)) {
      gone.push_back(i);
    } else {
      index[i] = next++;
    }
  }
  return {RemoveOps(t, gone), index};
}

// Reports of `t` at kept ops, renumbered, as Said().
std::vector<std::string> SaidAtKept(const std::vector<CheckerReport>& reports,
                                    const std::vector<int>& index, bool (*drop)(OpKind),
                                    const Trace& t) {
  std::vector<CheckerReport> kept;
  for (CheckerReport r : reports) {
    if (r.op < static_cast<int>(t.ops.size()) && drop(t.ops[r.op].kind)) continue;
    r.op = index[r.op];
    kept.push_back(std::move(r));
  }
  return Said(kept);
}

bool IsSync(OpKind k) { return k == OpKind::kSyncForCpu || k == OpKind::kSyncForDevice; }
bool IsAccess(OpKind k) {
  return k == OpKind::kCpuRead || k == OpKind::kCpuWrite || k == OpKind::kDevRead ||
         k == OpKind::kDevWrite;
}

// 10. §5.3 last bullet ("Sync never changes tracking state"): without its syncs, a trace
// gets the same reports at every other op, in every era (what prints may change: the sync
// reports no longer use up num_errors).
RC_GTEST_PROP(EraFacts, SyncsNeverChangeTrackingState, ()) {
  const Trace t = *GenMixedTrace();
  const auto [s, index] = Without(t, &IsSync);
  for (const std::string& era : EraIds()) {
    RC_ASSERT(SaidAtKept(CheckerReports(t, era), index, &IsSync, t) == Said(CheckerReports(s, era)));
  }
}

// 11. §5.3 ("dma-debug does not track whether the CPU or the device currently owns a
// buffer"), §5.6 (debug_dma_assert_idle, the only CPU-side hook, removed in 5.9 and never
// reached from a trace): CPU and device accesses are invisible. Without them every era
// reports exactly the same, printed flags included.
RC_GTEST_PROP(EraFacts, AccessesAreInvisibleToDmaDebug, ()) {
  const Trace t = *GenMixedTrace();
  const auto [s, index] = Without(t, &IsAccess);
  for (const std::string& era : EraIds()) {
    std::vector<CheckerReport> renumbered = CheckerReports(t, era);
    for (CheckerReport& r : renumbered) r.op = index[r.op];
    RC_ASSERT(Summary(renumbered) == Summary(CheckerReports(s, era)));
  }
}

// 12. §2.2 ("No per-device coherence test in any version. dev_is_dma_coherent() is never
// consulted by dma-debug"), §9 harness hints: flipping every device's coherence changes no
// report of any era. Coherence does change the DMA layer (kmalloc bouncing, the
// require_coherent refusal), so those are left out of the traces.
RC_GTEST_PROP(EraFacts, DeviceCoherenceIsInvisibleToDmaDebug, ()) {
  GenOptions o;
  o.allow_swiotlb = false;
  o.allow_require_coherent = false;
  const Trace t = *GenAnyTrace(o);
  Trace flipped = t;
  for (DeviceDecl& d : flipped.devices) d.coherent = !d.coherent;
  for (const std::string& era : EraIds()) {
    RC_ASSERT(Summary(CheckerReports(t, era)) == Summary(CheckerReports(flipped, era)));
  }
}

// 13. §5.2 check 6 ("2026 snapshot only"), §12 (attrs stored in every entry, compared at
// unmap in 7.3): "frees DMA memory with different attributes" exists only in linux-7.0.
RC_GTEST_PROP(EraFacts, AttributesComparedAtUnmapOnlyFromLinux7_0, ()) {
  const Trace t = *GenMixedTrace();
  for (const std::string& era : EraIds()) {
    if (era == "linux-7.0") continue;
    RC_ASSERT(OfKind(CheckerReports(t, era), "free-different-attributes").empty());
  }
}

}  // namespace
}  // namespace dmasim::props
