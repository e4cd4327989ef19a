// ValidateTrace: a trace built in code is valid iff its indices are in range and its
// canonical text parses back to the same trace. Reusing the parser keeps one definition of
// "valid" (no second copy of every rule to drift apart).

#include "absl/strings/str_format.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"

namespace dmasim {
namespace {

absl::Status OpError(int i, const std::string& msg) {
  return absl::InvalidArgumentError(absl::StrFormat("op %d: %s", i, msg));
}

// Index checks the printer relies on.
absl::Status CheckIndices(const Trace& t) {
  const int nd = static_cast<int>(t.devices.size());
  const int nb = static_cast<int>(t.bufs.size());
  const int nh = static_cast<int>(t.handles.size());
  for (int h = 0; h < nh; ++h) {
    const int d = t.handles[h].def_op;
    if (d < 0 || d >= static_cast<int>(t.ops.size()) || t.ops[d].handle != h ||
        (t.ops[d].kind != OpKind::kMap && t.ops[d].kind != OpKind::kMapSg)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("handle %d ('%s') is not defined by a map op", h, t.handles[h].name));
    }
  }
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    const Op& op = t.ops[i];
    switch (op.kind) {
      case OpKind::kMap:
      case OpKind::kMapSg:
        if (op.device < 0 || op.device >= nd) return OpError(i, "device index out of range");
        if (op.handle < 0 || op.handle >= nh || t.handles[op.handle].def_op != i) {
          return OpError(i, "map does not define its handle");
        }
        if (op.elems.empty()) return OpError(i, "map without elements");
        for (const Element& e : op.elems) {
          if (e.buf < 0 || e.buf >= nb) return OpError(i, "buffer index out of range");
        }
        break;
      case OpKind::kCpuWrite:
      case OpKind::kCpuRead:
        if (op.buf < 0 || op.buf >= nb) return OpError(i, "buffer index out of range");
        break;
      case OpKind::kUnbind:
        if (op.device < 0 || op.device >= nd) return OpError(i, "device index out of range");
        break;
      default:
        if (op.handle < 0 || op.handle >= nh || t.handles[op.handle].def_op >= i) {
          return OpError(i, "handle used before its map");
        }
    }
  }
  if (!t.op_lines.empty() && t.op_lines.size() != t.ops.size()) {
    return absl::InvalidArgumentError("op_lines does not match ops");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateTrace(const Trace& trace) {
  if (absl::Status s = CheckIndices(trace); !s.ok()) return s;
  const std::string text = PrintTrace(trace);
  absl::StatusOr<Trace> back = ParseTrace(text, "<generated>");
  if (!back.ok()) return back.status();
  if (!(*back == trace)) {
    return absl::InvalidArgumentError(
        "trace does not survive its canonical text (a field the format cannot express is set)");
  }
  return absl::OkStatus();
}

}  // namespace dmasim
