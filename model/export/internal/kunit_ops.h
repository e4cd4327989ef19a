// The C statements of one trace op in an exported KUnit suite (kunit_plan.h has the
// conventions). The statements use the suite's runtime (kunit_runtime.h): `c` is the
// test's struct dmasim_ctx, DMASIM_DEV(K) its K-th device.
#ifndef DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_OPS_H_
#define DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_OPS_H_

#include <string>

#include "model/export/internal/kunit_plan.h"
#include "model/trace/trace.h"

namespace dmasim::exporter {

// Tab-indented statements ending in a newline, starting with DMASIM_OP(i).
std::string OpStatements(const Trace& trace, const KunitPlan& plan, size_t i);

}  // namespace dmasim::exporter

#endif  // DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_OPS_H_
