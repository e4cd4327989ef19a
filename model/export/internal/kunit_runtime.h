// The fixed part of an exported KUnit suite: the C helpers every suite carries (devices,
// arena, dma-debug knobs, the per-op error_count check, cleanup) and the suite definition.
// Our own code, written for the kernel's KUnit and DMA APIs of 5.10 to 7.x; it needs the
// macros the generated part defines before it (DMASIM_NDEV, DMASIM_NHANDLES, DMASIM_NOPS,
// DMASIM_NARENAS, DMASIM_TRACE_LINE) and the tables dmasim_errors[], dmasim_arenas[] and
// dmasim_handles[].
#ifndef DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_RUNTIME_H_
#define DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_RUNTIME_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dmasim::exporter {

// The #includes and struct dmasim_handle_info (before the generated tables).
absl::string_view RuntimeIncludes();
// The helpers, after the generated tables, up to (not including) the test function.
absl::string_view RuntimeHelpers();
// The test case table and the suite `suite` (a C identifier), after the test function
// `dmasim_replay`.
std::string SuiteDefinition(absl::string_view suite);

}  // namespace dmasim::exporter

#endif  // DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_RUNTIME_H_
