// Trace surgery for the minimizer and the property shrinkers: the same trace with fewer
// ops, or without the declarations nothing uses. Both return a valid trace (checked).
#ifndef DMASIM_MODEL_TRACE_REMOVE_OPS_H_
#define DMASIM_MODEL_TRACE_REMOVE_OPS_H_

#include "absl/types/span.h"
#include "model/trace/trace.h"

namespace dmasim {

// `trace` without the ops at the given indices (in any order, duplicates allowed, each in
// range). Removing a map or map_sg removes its handle and every later op on that handle.
// Handles and op indices are renumbered in order; handle names are kept. An expect word
// KIND@OP follows its op to its new index, or is dropped with it; an expect line left with
// no words is dropped; bare KIND words and none/safe/unknown are kept as written. Source
// lines (op_lines, expect_lines) follow what they describe.
Trace RemoveOps(const Trace& trace, absl::Span<const int> ops);

// `trace` without the devices and buffers that no op names, indices renumbered.
Trace DropUnusedDecls(const Trace& trace);

}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_REMOVE_OPS_H_
