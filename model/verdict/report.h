// Printers for replay outcomes: the JSON contract of `dmasim replay --json` (one object per
// file), the human-readable text, and the findings table of the main job.
//
// The JSON shape is a contract between dmasim's pieces and its users' CI: fields are only
// ever added, never renamed or removed. It is documented in docs/replay-json.md.
#ifndef DMASIM_MODEL_VERDICT_REPORT_H_
#define DMASIM_MODEL_VERDICT_REPORT_H_

#include <string>
#include <vector>

#include "model/verdict/replay.h"
#include "model/trace/trace.h"

namespace dmasim {

// One JSON object, no trailing newline.
std::string ReplayToJson(absl::string_view file, const Trace& trace, const ReplayOutcome& out);
// Per-op text report, ending in a newline.
std::string ReplayToText(absl::string_view file, const Trace& trace, const ReplayOutcome& out);

// A row of the findings table: one file.
struct TableRow {
  std::string file;
  std::string arch;
  ReplayOutcome outcome;
};
// Per file and checker: reports, false positives and missed overlaps against the contract and
// each hazard platform; then the hazard verdicts; then the expectation status.
std::string FindingsTable(const std::vector<TableRow>& rows);

}  // namespace dmasim

#endif  // DMASIM_MODEL_VERDICT_REPORT_H_
