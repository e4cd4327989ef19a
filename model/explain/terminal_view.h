// `dmasim explain`'s terminal view: the lines of the trace (owners, shared ones marked),
// then op by op the lines each op touches and how, with every report and finding at its op
// and line, then the witness of the chosen hazard finding.
#ifndef DMASIM_MODEL_EXPLAIN_TERMINAL_VIEW_H_
#define DMASIM_MODEL_EXPLAIN_TERMINAL_VIEW_H_

#include <string>

#include "absl/strings/string_view.h"
#include "model/explain/explain_data.h"

namespace dmasim {

// The whole view, ending in a newline. `file` names the trace in the heading.
std::string ExplainText(absl::string_view file, const ExplainData& d);

}  // namespace dmasim

#endif  // DMASIM_MODEL_EXPLAIN_TERMINAL_VIEW_H_
