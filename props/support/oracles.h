// Thin helpers that replay a trace through one checker or oracle (built by the registry,
// driven by the one replayer), and comparable, printable summaries of what they said.
//
// Summaries are strings on purpose: RC_ASSERT(a == b) then prints both sides, one report
// per line, so a failing property shows what differs next to the shrunk trace.
#ifndef DMASIM_PROPS_SUPPORT_ORACLES_H_
#define DMASIM_PROPS_SUPPORT_ORACLES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/replay/observer.h"
#include "model/trace/trace.h"

namespace dmasim::props {

// Reports of checker `id` (an era id, a kernel version or "exact") on the trace's platform.
std::vector<CheckerReport> CheckerReports(const Trace& trace, absl::string_view id,
                                          const CheckerOptions& options = {});
std::vector<OracleFinding> ContractFindings(const Trace& trace);
// The contract under another platform (its dma_align is the contract's only platform input).
std::vector<OracleFinding> ContractFindingsOn(const Trace& trace, const PlatformDecl& platform);
// The hazard oracle on `arch` (the trace's platform with that arch, as `--platform`).
OracleResult HazardResult(const Trace& trace, absl::string_view arch);

// One line per report: "op K: kind [h1,h2] line 0x..", in report order.
std::string Summary(const std::vector<CheckerReport>& reports);
std::string Summary(const std::vector<OracleFinding>& findings);

// Only the reports of one kind.
std::vector<CheckerReport> OfKind(const std::vector<CheckerReport>& reports,
                                  absl::string_view kind);

// The era ids of every modelled dma-debug era, oldest first.
std::vector<std::string> EraIds();

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_ORACLES_H_
