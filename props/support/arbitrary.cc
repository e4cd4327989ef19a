#include "props/support/arbitrary.h"

#include <algorithm>
#include "model/base/check.h"
#include <utility>
#include <vector>

#include "model/trace/trace_printer.h"
#include "model/workload/skb_generator.h"
#include "props/support/shrink.h"

namespace dmasim {

void showValue(const Trace& trace, std::ostream& os) { os << "\n" << PrintTrace(trace); }

}  // namespace dmasim

namespace dmasim::props {
namespace {

// The op budget grows with RapidCheck's size (0..100 over a run).
GenOptions Sized(GenOptions o, int size) {
  o.max_ops = std::max(2, o.max_ops * std::min(size, 100) / 100);
  return o;
}

// What shrinking must preserve of the options a trace was generated with.
bool WithinOptions(const Trace& t, const GenOptions& o) {
  for (const DeviceDecl& d : t.devices) {
    if (o.noncoherent_only && d.coherent) return false;
    if (o.force_bounce_all && !d.force_bounce) return false;
  }
  return true;
}

struct SkbCase {
  SkbParams params;
  Trace trace;
  bool edited = false;  // shrunk by trace edits: no longer what `params` generate
};

std::vector<SkbParams> SmallerParams(const SkbParams& p) {
  std::vector<SkbParams> out;
  auto add = [&](auto edit) {
    SkbParams q = p;
    edit(q);
    out.push_back(q);
  };
  if (p.packets > 1) {
    add([](SkbParams& q) { q.packets = 1; });
    add([](SkbParams& q) { q.packets /= 2; });
    add([](SkbParams& q) { q.packets -= 1; });
  }
  if (p.inflight > 1) add([](SkbParams& q) { q.inflight = 1; });
  if (p.out_of_order) add([](SkbParams& q) { q.out_of_order = false; });
  if (p.small_percent != 0) add([](SkbParams& q) { q.small_percent = 0; });
  return out;
}

rc::Seq<SkbCase> ShrinkSkb(const SkbCase& c) {
  std::vector<SkbCase> out;
  if (!c.edited) {
    for (const SkbParams& p : SmallerParams(c.params)) {
      absl::StatusOr<Trace> t = GenerateSkbTrace(p);
      if (t.ok()) out.push_back(SkbCase{p, *std::move(t), false});
    }
  }
  rc::Seq<SkbCase> by_params = rc::seq::fromContainer(std::move(out));
  rc::Seq<SkbCase> by_edits = rc::seq::mapMaybe(
      rc::seq::fromContainer(ShrinkEdits(c.trace)),
      [params = c.params](const ShrinkEdit& edit) -> rc::Maybe<SkbCase> {
        std::optional<Trace> t = edit();
        if (!t) return rc::Nothing;
        return SkbCase{params, *std::move(t), true};
      });
  return rc::seq::concat(std::move(by_params), std::move(by_edits));
}

// The candidates of ShrinkEdits, built lazily, kept when `keep` accepts them.
rc::Seq<Trace> LazyCandidates(const Trace& t, const TraceFilter& keep) {
  return rc::seq::mapMaybe(rc::seq::fromContainer(ShrinkEdits(t)),
                           [keep](const ShrinkEdit& edit) -> rc::Maybe<Trace> {
                             std::optional<Trace> c = edit();
                             if (!c || (keep && !keep(*c))) return rc::Nothing;
                             return *std::move(c);
                           });
}

}  // namespace

rc::Shrinkable<Trace> ShrinkableTrace(Trace trace, TraceFilter keep) {
  return rc::shrinkable::shrinkRecur(
      std::move(trace), [keep](const Trace& t) { return LazyCandidates(t, keep); });
}

rc::Gen<Trace> GenAnyTrace(GenOptions options) {
  return rc::Gen<Trace>([options](const rc::Random& random, int size) {
    rc::Random r = random;
    Trace t = RandomTrace(r.next(), Sized(options, size));
    return ShrinkableTrace(std::move(t),
                           [options](const Trace& c) { return WithinOptions(c, options); });
  });
}

rc::Gen<Trace> GenCleanTrace(GenOptions options) {
  return rc::Gen<Trace>([options](const rc::Random& random, int size) {
    rc::Random r = random;
    Trace t = CleanTrace(r.next(), Sized(options, size));
    return ShrinkableTrace(std::move(t), [options](const Trace& c) {
      return WithinOptions(c, options) && ContractClean(c);
    });
  });
}

rc::Gen<Trace> GenSkbTrace() {
  rc::Gen<SkbCase> cases([](const rc::Random& random, int size) {
    rc::Random r = random;
    SkbParams p = RandomSkbParams(r.next());
    p.packets = std::max(1, p.packets * std::min(size, 100) / 100);
    absl::StatusOr<Trace> t = GenerateSkbTrace(p);
    DMASIM_CHECK(t.ok());  // RandomSkbParams only draws parameters the generator accepts
    return rc::shrinkable::shrinkRecur(SkbCase{p, *std::move(t), false}, &ShrinkSkb);
  });
  return rc::gen::map(std::move(cases), [](SkbCase c) { return std::move(c.trace); });
}

rc::Gen<Trace> GenMixedTrace() {
  return rc::gen::weightedOneOf<Trace>(
      {{6, GenAnyTrace()}, {1, GenSkbTrace()}, {1, GenCleanTrace()}});
}

}  // namespace dmasim::props
