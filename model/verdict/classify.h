// Pairs one checker's reports with one oracle's findings (SPEC §4). Knows nothing about
// which checker or oracle it is given: only the `overlap` flag of reports, the `sharing` flag
// of findings, and the mappings both name.
//
// Rules:
//  * A report with overlap=true is about its first handle M. It is a false positive unless
//    some sharing finding names M among its handles.
//  * A sharing finding is a missed overlap unless some overlap report is about one of the
//    mappings the finding names.
//  * An overlap report that names no mapping is backed by a sharing finding at its op.
// Output: sorted by op, then class, then handles.
//
// ClassifyReports judges the other report kinds of a dma-debug era against the contract
// (report_claims.h has the table of which rule each kind claims):
//  * a report of a judged kind is a "false-report" unless a finding of a rule it claims
//    pairs with it: the same op (mapping-error-unchecked: a finding at an op not after the
//    report's), and a mapping both name (or one of them names none);
//  * a non-sharing finding of a rule the era checks (claimed by a kind the era can print:
//    dma_debug::EraReportsKind) is a "missed-report" unless such a report pairs with it.
// Classifications carry no line (kNoLine).
#ifndef DMASIM_MODEL_VERDICT_CLASSIFY_H_
#define DMASIM_MODEL_VERDICT_CLASSIFY_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "model/dma_debug/era.h"
#include "model/verdict/classification.h"
#include "model/replay/observer.h"

namespace dmasim {

std::vector<Classification> Classify(absl::string_view checker,
                                     const std::vector<CheckerReport>& reports,
                                     absl::string_view oracle, const OracleResult& result);

// `profile`: the era that produced `reports`; `result`: the contract oracle's.
std::vector<Classification> ClassifyReports(absl::string_view checker, const EraProfile& profile,
                                            const std::vector<CheckerReport>& reports,
                                            absl::string_view oracle,
                                            const OracleResult& result);

// Sorts classifications by (op, class, handles, kind), stably: the order of one pair's list.
void SortClassification(std::vector<Classification>* cls);

}  // namespace dmasim

#endif  // DMASIM_MODEL_VERDICT_CLASSIFY_H_
