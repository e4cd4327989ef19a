// `dmasim minimize --keep PREDICATE`: what the minimized trace must keep showing.
//
//   checker=ID oracle=O class=C [kind=K]   a classification: C is false-positive, false-report, missed-report,
//                                           missed-overlap or silent-hazard; O is contract,
//                                           hazard:ARCH or hazard (the trace's own arch)
//   [checker=ID] kind=K   |  K             a report of kind K (by ID, or by any checker)
//   rule=R  |  R                           a contract finding of rule R (a bare word that is
//                                           a rule id is a rule; else a report kind)
//   hazard=KIND@ARCH                       a hazard finding of KIND on ARCH (KIND "any": any)
// Several --keep predicates must all hold.
#ifndef DMASIM_MODEL_HUNT_KEEP_PREDICATE_H_
#define DMASIM_MODEL_HUNT_KEEP_PREDICATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/trace/trace.h"
#include "model/verdict/replay.h"

namespace dmasim::hunt {

struct KeepPredicate {
  enum class Type { kClassification, kReport, kContractRule, kHazard };
  Type type = Type::kReport;
  std::string checker;  // "" = any checker (kReport)
  std::string oracle;   // kClassification: "contract", "hazard", "hazard:ARCH"
  std::string cls;      // kClassification
  std::string kind;     // report kind, rule id, hazard kind, or the classification's kind
  std::string arch;     // kHazard
  std::string text;     // as written
};

// InvalidArgument with a one-line message for anything malformed or unknown (checker ids
// and archs are checked against the registry and the platform table).
absl::StatusOr<KeepPredicate> ParseKeepPredicate(absl::string_view text);

// Whether `trace` shows everything `preds` name (one replay of just what they need).
bool KeepHolds(const std::vector<KeepPredicate>& preds, const Trace& trace);

// The replay request that KeepHolds uses, and the expect lines' targets it implies.
ReplayRequest KeepRequest(const std::vector<KeepPredicate>& preds, const Trace& trace);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_KEEP_PREDICATE_H_
