// Canonical printer for the `.dma` format: ParseTrace(PrintTrace(t)) == t for every valid
// trace, and PrintTrace is a fixed point (printing a parsed canonical text gives it back).
//
// Canonical form: the version line; one platform line with every key; devices, buffers and
// expect lines in declaration order; then the ops. Handle names are kept; numbers are
// decimal except addresses (`at=`), which are hex; optional words are written only when set.
#ifndef DMASIM_MODEL_TRACE_TRACE_PRINTER_H_
#define DMASIM_MODEL_TRACE_TRACE_PRINTER_H_

#include <string>

#include "model/trace/trace.h"

namespace dmasim {

std::string PrintTrace(const Trace& trace);
// One op statement, canonical, without newline (used in reports and minimizer output).
std::string PrintOp(const Trace& trace, int op_index);

}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_TRACE_PRINTER_H_
