// ValidateTrace: the rules every Trace satisfies, whoever made it. The parser guarantees
// them for text (and checks that it did); TraceBuilder guarantees them for traces built in
// code (generators, fuzz decoders, property generators, RemoveOps).
//
// A valid trace is exactly one whose canonical text (PrintTrace) parses back to it; this
// check states the rules directly, in O(size of the trace), without printing or parsing:
//   * the version is 1; the platform names a known arch, line/dma_align/page are powers of
//     two in their ranges, page >= line, and dma_align is the arch default unless given;
//   * names are valid (IsValidName) and unique across devices, buffers and handles;
//   * buffers have len >= 1 and do not wrap; counts stay within the parser's caps;
//   * each handle is defined by exactly one earlier map/map_sg op of its kind, and every
//     other op on it comes after that op;
//   * CPU ranges and map elements lie inside their buffers; device and sync ranges do not
//     wrap; a map has one element, a map_sg 1..kMaxSgElements;
//   * each op sets only the fields of its kind (trace.h lists them), so that nothing the
//     text cannot express is set: a sync range only on a single handle, nents= only on sg
//     handles and unmap_sg, size= only on unmap, sgl= only on map_sg, attrs within kAllAttrs;
//   * expect targets and verdict words are well formed;
//   * op_lines / expect_lines are empty or one per op / expect.
#ifndef DMASIM_MODEL_TRACE_TRACE_VALIDATE_H_
#define DMASIM_MODEL_TRACE_TRACE_VALIDATE_H_

#include "absl/status/status.h"
#include "model/trace/trace.h"

namespace dmasim {

// OK, or InvalidArgument naming the first broken rule ("op 7: ...", "buffer 'a': ...").
absl::Status ValidateTrace(const Trace& trace);

}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_TRACE_VALIDATE_H_
