// The verdict of pairing one checker's reports with one oracle's findings (SPEC §4):
// a checker's overlap report that the oracle does not back is a false positive; an oracle
// sharing finding that the checker does not report is a missed overlap. The other report
// kinds of a dma-debug era are judged against the contract alone: false reports and missed
// reports (classify.h, ClassifyReports).
#ifndef DMASIM_MODEL_VERDICT_CLASSIFICATION_H_
#define DMASIM_MODEL_VERDICT_CLASSIFICATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "model/replay/observer.h"

namespace dmasim {

// One false positive or missed overlap of one checker against one oracle.
struct Classification {
  std::string checker;  // checker id as given
  std::string oracle;   // "contract" or "hazard:<arch>"
  int op = -1;
  // "false-positive" | "missed-overlap" (overlap claims, Classify), "false-report" |
  // "missed-report" (every other judged report kind, ClassifyReports; contract only).
  std::string cls;
  // The report's kind (false positive: "eexist", "overlap-overflow") or the finding's kind
  // (missed overlap: a contract rule id or a hazard kind): two reports on one op stay apart.
  std::string kind;
  std::vector<int> handles;
  uint64_t line = kNoLine;
};

}  // namespace dmasim

#endif  // DMASIM_MODEL_VERDICT_CLASSIFICATION_H_
