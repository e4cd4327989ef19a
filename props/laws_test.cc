// The model's laws (issue 11, "Model laws"), part 1: determinism, the text round trip, the
// coherent platform, and prefetch monotonicity. Invariances under reordering, renaming and
// shifting are in invariance_test.cc.
#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>
#include <string>
#include <tuple>

#include "model/trace/platform.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"
#include "model/verdict/replay.h"
#include "model/verdict/report.h"
#include "props/support/arbitrary.h"
#include "props/support/known_bugs.h"
#include "props/support/oracles.h"
#include "gtest/gtest.h"
#include "rapidcheck/gtest.h"

namespace dmasim::props {
namespace {

// Every checker, the contract and the hazard oracle on the trace's own arch, as JSON: all
// of it (reports, messages, printed/counted flags, findings, classification).
std::string FullReplayJson(const Trace& t) {
  absl::StatusOr<ReplayOutcome> out = Replay(t, ReplayRequest{});
  RC_ASSERT(out.ok());
  return ReplayToJson("trace", t, *out);
}

// Replaying twice in one process gives the same bytes (no state survives a replay, no
// pointer or hash order reaches output). tests/props_determinism runs it in two processes.
RC_GTEST_PROP(Laws, ReplayTwiceIsIdentical, ()) {
  const Trace t = *GenMixedTrace();
  RC_ASSERT(FullReplayJson(t) == FullReplayJson(t));
}

// parse(print(t)) == t, and printing is a fixed point.
RC_GTEST_PROP(Laws, ParsePrintRoundTrip, ()) {
  const Trace t = *GenMixedTrace();
  const std::string text = PrintTrace(t);
  absl::StatusOr<Trace> back = ParseTrace(text, "printed.dma");
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == t);
  RC_ASSERT(PrintTrace(*back) == text);
}

// No trace ever hazards on a fully coherent platform: every device snoops, nothing is
// maintained, so no schedule can lose or misread a byte. x86 is the other all-coherent row.
// Narrowed: `exposure` (an IOMMU device can reach the other buffers of a mapped page) is a
// security finding of page granularity that has nothing to do with caches; it is a hazard
// verdict on every platform, coherent ones included (found by this property: one page
// holding two buffers, one mapped through an IOMMU). Also narrowed: no device bounces
// (`force_bounce` off; on a coherent platform nothing else bounces). A swiotlb slot is a
// second copy of the buffer, not a cache: a leaked or wrongly unmapped bounced mapping
// loses the device's data on any machine (found: `force_bounce` device, map, dev_write,
// no unmap; the end-of-trace CPU read sees the old bytes).
RC_GTEST_PROP(Laws, CoherentPlatformNeverHazards, ()) {
  Trace t = *GenMixedTrace();
  for (DeviceDecl& d : t.devices) d.force_bounce = false;
  for (absl::string_view arch : {"coherent", "x86"}) {
    const OracleResult r = HazardResult(t, arch);
    RC_LOG() << "hazard:" << arch << "\n" << Summary(r.findings);
    for (const OracleFinding& f : r.findings) RC_ASSERT(f.kind == "exposure");
  }
}

// What the hazard findings of one (op, kind, sharing) claim: the lowest line and how many
// lines. A finding folds every line where its kind happened at its op (`line` the lowest,
// `lines` the count), so a subset of the schedules finds a subset of those lines: never a
// lower lowest line, never more lines. Handles are the mappings a finding merged over its
// schedules, so more schedules may name more of them.
struct LineClaim {
  uint64_t lowest = ~uint64_t{0};
  uint64_t count = 0;
};
std::map<std::tuple<int, std::string, bool>, LineClaim> Claims(const OracleResult& r) {
  std::map<std::tuple<int, std::string, bool>, LineClaim> m;
  for (const OracleFinding& f : r.findings) {
    LineClaim& c = m[{f.op, f.kind, f.sharing}];
    c.lowest = std::min(c.lowest, f.line);
    c.count += f.lines;
  }
  return m;
}

// prefetch=no explores a subset of prefetch=yes's schedules (no speculative fills), so it
// never finds a hazard that prefetch=yes does not find, on every arch.
RC_GTEST_PROP(Laws, NoPrefetchFindsNoMoreHazards, ()) {
  Trace yes = *GenMixedTrace();
  yes.platform.prefetch = true;
  Trace no = yes;
  no.platform.prefetch = false;
  for (const ArchPolicy& a : AllArchs()) {
    const OracleResult rn = HazardResult(no, a.name);
    if (rn.findings.empty()) continue;  // nothing that prefetch=yes would have to find
    const OracleResult ry = HazardResult(yes, a.name);
    // A state bound: the findings may be incomplete (a bound never turns `hazard` into
    // `unknown`, so the note is what says so; found: mips, five bounced kmalloc objects).
    if (ry.verdict == Verdict::kUnknown || !ry.note.empty()) continue;
    RC_LOG() << "hazard:" << a.name << " prefetch=yes\n" << Summary(ry.findings)
             << "prefetch=no\n" << Summary(rn.findings);
    const auto cy = Claims(ry);
    for (const auto& [key, n] : Claims(rn)) {
      const auto y = cy.find(key);
      RC_ASSERT(y != cy.end());
      RC_ASSERT(y->second.lowest <= n.lowest);
      RC_ASSERT(y->second.count >= n.count);
    }
  }
}

// The buffers of `t` moved: `packed` one after the other (no byte in common, lines
// shared), else each in a page of its own far apart. Both keep each buffer's offset in its
// page, so lines, line offsets and IOMMU page offsets stay what they were.
Trace Relaid(const Trace& t, bool packed) {
  Trace out = t;
  const uint64_t page = t.platform.page;
  uint64_t next = uint64_t{1} << 24;
  for (size_t i = 0; i < out.bufs.size(); ++i) {
    BufDecl& b = out.bufs[i];
    const uint64_t in_page = b.at % page;
    if (packed) {
      b.at = next + (in_page + page - next % page) % page % t.platform.line;
      next = b.at + b.len;
    } else {
      b.at = (uint64_t{1} << 28) + i * (uint64_t{1} << 20) + in_page;
    }
  }
  return out;
}

// (kind, mapping) for every mapping every finding names: what the oracle blames. Not the
// line (two buffers in one line merge their findings into one) and not the op: a loss by
// eviction is reported before each event on its line, and a neighbour's accesses add
// events to a shared line, so the same eviction is found at more ops.
std::set<std::pair<std::string, int>> Blamed(const OracleResult& r) {
  std::set<std::pair<std::string, int>> s;
  for (const OracleFinding& f : r.findings) {
    if (f.kind == "exposure") continue;  // page granularity: moving buffers apart changes it
    for (int h : f.handles) s.insert({f.kind, h});
    if (f.handles.empty()) s.insert({f.kind, -1});
  }
  return s;
}


// A swiotlb-bounced mapping never hazards through its own line sharing: when every mapping
// bounces (every device force_bounce), its device works on the slot, and the buffer's
// lines see only CPU accesses and the swiotlb copies (CPU accesses too), which share lines
// harmlessly. So packing the buffers into shared lines or spreading them a page apart
// blames the same mappings for the same hazards.
RC_GTEST_PROP(Laws, BouncedMappingNeverHazardsThroughLineSharing, ()) {
  GenOptions o;
  o.max_ops = 12;
  o.force_bounce_all = true;
  // Known bug "hazard-sync-after-unmap-copies-freed-slot" (known_bugs.h).
  const Trace t = WithoutSyncsAfterUnmap(*GenAnyTrace(o));
  const Trace packed = Relaid(t, true), apart = Relaid(t, false);
  // One arch per case (the cost of ten hazard passes twice over is not worth it here: the
  // claim does not depend on the arch's policy; 1000 cases give each arch about 100).
  std::vector<std::string> archs;
  for (const ArchPolicy& a : AllArchs()) archs.push_back(std::string(a.name));
  const std::string arch = *rc::gen::elementOf(archs);
  const OracleResult rp = HazardResult(packed, arch), ra = HazardResult(apart, arch);
  RC_LOG() << "hazard:" << arch << " packed\n" << Summary(rp.findings) << "apart\n"
           << Summary(ra.findings);
  RC_ASSERT(Blamed(rp) == Blamed(ra));
}

}  // namespace
}  // namespace dmasim::props
