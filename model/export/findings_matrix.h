// `dmasim matrix`: the repro x era x platform table of verdicts, the form docs/findings.md
// is generated in.
//
// For each trace: what every dma-debug era model (and `exact`) reports, kind@op; how each of
// those checkers is classified against the contract oracle and against the hazard oracle of
// every platform (false positives, missed overlaps); the contract findings; the hazard
// verdict of every platform. The Markdown form opens with the 2021 thread's question
// answered trace by trace. Output depends only on the traces and their paths (sorted by the
// caller), never on the run.
#ifndef DMASIM_MODEL_EXPORT_FINDINGS_MATRIX_H_
#define DMASIM_MODEL_EXPORT_FINDINGS_MATRIX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/trace/trace.h"

namespace dmasim {

// One checker's row of a trace.
struct MatrixChecker {
  std::string id;                        // "linux-5.15", ..., "exact"
  std::vector<std::string> reports;      // distinct "kind@op", sorted
  bool overlap = false;                  // some report claims an overlap (EEXIST, overflow)
  std::vector<std::string> vs_contract;  // "false-positive eexist@5", sorted, distinct
  std::vector<std::string> fp_archs;     // archs against whose hazard oracle it has a FP
  std::vector<std::string> missed_archs; // archs whose hazard findings it misses
};

// One platform's hazard verdict of a trace.
struct MatrixHazard {
  std::string arch;
  std::string verdict;             // "safe", "hazard", "unknown"
  std::vector<std::string> kinds;  // distinct hazard kinds, sorted
};

// Everything the matrix says about one trace.
struct MatrixRow {
  std::string file;
  std::string folder;  // the class folder (the path's parent directory name)
  std::string arch;    // the trace's own platform
  std::vector<MatrixChecker> checkers;
  std::vector<std::string> contract;  // distinct "rule@op", sorted
  std::vector<MatrixHazard> hazards;  // every platform, table order
};

// Replays `trace` with every checker, the contract oracle and the hazard oracle on every
// platform.
absl::StatusOr<MatrixRow> BuildMatrixRow(const Trace& trace, absl::string_view file);

std::string MatrixMarkdown(const std::vector<MatrixRow>& rows);
std::string MatrixJson(const std::vector<MatrixRow>& rows);  // one object, trailing newline

}  // namespace dmasim

#endif  // DMASIM_MODEL_EXPORT_FINDINGS_MATRIX_H_
