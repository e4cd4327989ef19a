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
#ifndef DMASIM_MODEL_VERDICT_CLASSIFY_H_
#define DMASIM_MODEL_VERDICT_CLASSIFY_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "model/verdict/classification.h"
#include "model/replay/observer.h"

namespace dmasim {

std::vector<Classification> Classify(absl::string_view checker,
                                     const std::vector<CheckerReport>& reports,
                                     absl::string_view oracle, const OracleResult& result);

}  // namespace dmasim

#endif  // DMASIM_MODEL_VERDICT_CLASSIFY_H_
