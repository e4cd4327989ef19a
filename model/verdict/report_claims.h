// What each dma-debug report kind claims under the contract: the contract rule(s) whose
// finding confirms it (docs/oracles.md, "Report kinds and the rules they claim"). The
// overlap kinds (eexist, overlap-overflow) are judged by Classify against the sharing
// rules; the kinds below are judged by ClassifyReports; a kind with no documented rule
// behind it (the 7.x attribute compare, the sg segment limits, dma-debug's own memory
// troubles) is not judged.
#ifndef DMASIM_MODEL_VERDICT_REPORT_CLAIMS_H_
#define DMASIM_MODEL_VERDICT_REPORT_CLAIMS_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace dmasim {

// One row of the table.
struct ReportClaim {
  absl::string_view kind;                // dma-debug report kind
  std::vector<absl::string_view> rules;  // contract rule ids it claims; empty: not judged
  // The contract finds it at another op than dma-debug: mapping-error-unchecked at the first
  // use of the handle, dma-debug at its unmap (so the finding may come first).
  bool finding_may_precede = false;
  bool overlap = false;  // judged by Classify (sharing rules), not ClassifyReports
};

// Every dma-debug report kind, in the order of dma_debug::AllReportKinds().
const std::vector<ReportClaim>& ReportClaims();
// The row of `kind`; nullptr for a kind not in the table (e.g. exact's kinds).
const ReportClaim* FindReportClaim(absl::string_view kind);

}  // namespace dmasim

#endif  // DMASIM_MODEL_VERDICT_REPORT_CLAIMS_H_
