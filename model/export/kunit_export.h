// `dmasim export kunit`: a trace as a self-contained KUnit suite in C that replays it through
// a real kernel's DMA API, with the dma-debug messages an era model predicts.
//
// The suite registers one platform device per trace device (driver and devices named
// "dmasim_kunit", 64-bit mask), lays the buffers out in one page allocation at their trace
// offsets (internal/kunit_plan.h), turns on dma-debug's all_errors, and makes the trace's
// calls in order, printing "dmasim-op N" before op N and "dmasim-done" after the last. After
// every op it compares dma-debug's error_count increment with the model's prediction
// (KUNIT_EXPECT_EQ), so the KUnit verdict itself says whether the model's count was right.
// The predicted message lines are in the header comment between the markers
// "dmasim-predicted-begin" and "dmasim-predicted-end", one "op=N TEXT" line each (TEXT: the
// message after "DMA-API: DRIVER DEVICE: ", addresses in the trace's address space), the
// format of tools/kcheck's NAME.kernel.txt recordings.
#ifndef DMASIM_MODEL_EXPORT_KUNIT_EXPORT_H_
#define DMASIM_MODEL_EXPORT_KUNIT_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/trace/trace.h"

namespace dmasim {

// What to export with.
struct KunitExportOptions {
  // The model whose messages are predicted, and the kernel the suite is for: its version
  // decides which attributes exist (clean and require_coherent from 7.0).
  std::string checker = "linux-6.1";
};

// The C source of the suite. InvalidArgument for an unknown checker, and for a trace the
// kernel cannot express, naming the op ("FILE:LINE:1: op N (KIND): why").
absl::StatusOr<std::string> ExportKunit(const Trace& trace, absl::string_view file,
                                        const KunitExportOptions& options);

// The KUnit suite name for a trace file: "dmasim_" and the file's stem with every character
// that is not a letter or digit turned into '_'.
std::string KunitSuiteName(absl::string_view file);

// The predicted "op=N TEXT" lines of an exported suite (between its markers); empty when the
// model predicts no message. For tests and tools that read an exported file back.
absl::StatusOr<std::vector<std::string>> PredictedLines(absl::string_view c_source);

}  // namespace dmasim

#endif  // DMASIM_MODEL_EXPORT_KUNIT_EXPORT_H_
