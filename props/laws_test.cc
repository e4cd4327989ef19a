// The model's laws (issue 11, "Model laws"), part 1: determinism, the text round trip, the
// coherent platform, and prefetch monotonicity. Invariances under reordering, renaming and
// shifting are in invariance_test.cc.
#include <set>
#include <string>
#include <tuple>

#include "model/trace/platform.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"
#include "model/verdict/replay.h"
#include "model/verdict/report.h"
#include "props/support/arbitrary.h"
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

// (op, line, kind): what a hazard finding claims. Handles are the mappings a finding merged
// over its schedules, so more schedules may name more of them.
std::set<std::tuple<int, uint64_t, std::string>> Claims(const OracleResult& r) {
  std::set<std::tuple<int, uint64_t, std::string>> s;
  for (const OracleFinding& f : r.findings) s.insert({f.op, f.line, f.kind});
  return s;
}

// prefetch=no explores a subset of prefetch=yes's schedules (no speculative fills), so it
// never finds a hazard that prefetch=yes does not find. On every arch of the table.
RC_GTEST_PROP(Laws, NoPrefetchFindsNoMoreHazards, ()) {
  Trace yes = *GenMixedTrace();
  yes.platform.prefetch = true;
  Trace no = yes;
  no.platform.prefetch = false;
  for (const ArchPolicy& a : AllArchs()) {
    const OracleResult ry = HazardResult(yes, a.name);
    const OracleResult rn = HazardResult(no, a.name);
    RC_PRE(ry.verdict != Verdict::kUnknown);  // a state bound: the set may be incomplete
    RC_LOG() << "hazard:" << a.name << " prefetch=yes\n" << Summary(ry.findings)
             << "prefetch=no\n" << Summary(rn.findings);
    const auto cy = Claims(ry);
    for (const auto& c : Claims(rn)) RC_ASSERT(cy.count(c) == 1u);
  }
}

}  // namespace
}  // namespace dmasim::props
