// RapidCheck generators of traces (the three flavours of trace_gen.h) with dmasim's own
// shrinking (shrink.h), and the `.dma` text as the way RapidCheck shows a trace.
//
// A generator draws one 64-bit seed from RapidCheck's Random and builds the trace from it
// with our Rng, sized by RapidCheck's size (more ops as the run goes on). So RapidCheck's
// `seed=` and `reproduce=` strings replay a case exactly, and a failing property prints
// the shrunk counterexample as a trace a person can read and feed to `dmasim replay`.
#ifndef DMASIM_PROPS_SUPPORT_ARBITRARY_H_
#define DMASIM_PROPS_SUPPORT_ARBITRARY_H_

#include <functional>
#include <ostream>

#include "model/trace/trace.h"
#include "props/support/trace_gen.h"
#include "rapidcheck.h"

namespace dmasim {

// How RapidCheck prints a Trace (found by argument-dependent lookup): its canonical text.
void showValue(const Trace& trace, std::ostream& os);

}  // namespace dmasim

namespace dmasim::props {

// Which shrink candidates a generator accepts (nullptr: every valid trace).
using TraceFilter = std::function<bool(const Trace&)>;

// `trace` with the shrink tree of ShrinkCandidates, candidates filtered by `keep`.
rc::Shrinkable<Trace> ShrinkableTrace(Trace trace, TraceFilter keep);

// Any valid trace, wrong calls included. Shrinks stay inside the options (e.g. devices stay
// noncoherent when `noncoherent_only`).
rc::Gen<Trace> GenAnyTrace(GenOptions options = {});
// Traces that break no contract rule; shrinks break none either.
rc::Gen<Trace> GenCleanTrace(GenOptions options = {});
// skb workloads: shrinks first make the parameters smaller (fewer packets, fewer in
// flight, in-order completion), then edit the generated trace like any other.
rc::Gen<Trace> GenSkbTrace();
// Any 6 : skb 1 : clean 1, for the laws that hold on every trace.
rc::Gen<Trace> GenMixedTrace();

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_ARBITRARY_H_
