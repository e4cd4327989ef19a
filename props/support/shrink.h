// Shrinking of traces for RapidCheck: the smaller traces a failing case is retried with.
//
// Candidates, most aggressive first (RapidCheck takes the first one that still fails and
// starts over from it):
//   1. fewer ops, through RemoveOps (removing a map removes every op on its handle): all
//      ops, then halves, quarters, ... down to each single op;
//   2. the declarations no op names, through DropUnusedDecls;
//   3. simpler ops: attributes dropped one at a time, optional call arguments (dir=,
//      size=, nents=, attrs=, a sync range) reset to "as mapped", sg elements dropped,
//      offsets toward 0 and lengths toward 0;
//   4. simpler declarations: buffer addresses down to a line boundary and toward the
//      lowest buffer, lengths halved; device flags (iommu, swiotlb, force_bounce) off and
//      devices coherent; platform bounce_kmalloc off, prefetch kept (properties about it
//      set it themselves).
// Every candidate is a valid trace (ValidateTrace); candidates that change nothing are
// skipped. Every edit makes some count or number smaller and none larger, so shrinking
// always ends (an edit that grows something, like "make the range whole", would cycle with
// "halve the length"). Generators that must stay inside a flavour (e.g. "breaks no contract rule")
// filter the candidates lazily (arbitrary.h).
#ifndef DMASIM_PROPS_SUPPORT_SHRINK_H_
#define DMASIM_PROPS_SUPPORT_SHRINK_H_

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "model/trace/trace.h"

namespace dmasim::props {

// One way to make a trace smaller: the candidate, or nullopt when it would be invalid or
// change nothing.
using ShrinkEdit = std::function<std::optional<Trace>()>;

// The edits of stages 1-4 above, in order. Each edit builds its candidate only when called,
// so RapidCheck pays for the candidates it tries, not for all of them.
std::vector<ShrinkEdit> ShrinkEdits(const Trace& trace);

// Every candidate, built (tests of the shrinker).
std::vector<Trace> ShrinkCandidates(const Trace& trace);

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_SHRINK_H_
