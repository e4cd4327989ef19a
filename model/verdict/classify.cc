#include "model/verdict/classify.h"

#include <algorithm>
#include <tuple>

#include "absl/container/btree_set.h"
#include "model/base/check.h"

namespace dmasim {

// Indexed, so that a trace with many reports and findings stays O((R + F) log) per
// checker x oracle pair: a report is backed when some sharing finding names its first
// handle (or, for a report without handles, sits on its op); a finding is reported when
// some overlap report's first handle is among its handles (or a handle-less report sits on
// its op).
std::vector<Classification> Classify(absl::string_view checker,
                                     const std::vector<CheckerReport>& reports,
                                     absl::string_view oracle, const OracleResult& result) {
  absl::btree_set<int> finding_handles, finding_ops;
  for (const OracleFinding& f : result.findings) {
    if (!f.sharing) continue;
    finding_handles.insert(f.handles.begin(), f.handles.end());
    finding_ops.insert(f.op);
  }
  absl::btree_set<int> report_handles, report_ops;
  for (const CheckerReport& r : reports) {
    if (!r.overlap) continue;
    if (r.handles.empty()) {
      report_ops.insert(r.op);
    } else {
      report_handles.insert(r.handles[0]);
    }
  }

  std::vector<Classification> out;
  auto add = [&](int op, const char* cls, const std::string& kind,
                 const std::vector<int>& handles, uint64_t line) {
    out.push_back({std::string(checker), std::string(oracle), op, cls, kind, handles, line});
  };
  for (const CheckerReport& r : reports) {
    if (!r.overlap) continue;
    const bool backed = r.handles.empty() ? finding_ops.contains(r.op)
                                          : finding_handles.contains(r.handles[0]);
    if (!backed) add(r.op, "false-positive", r.kind, r.handles, r.line);
  }
  for (const OracleFinding& f : result.findings) {
    if (!f.sharing) continue;
    bool reported = report_ops.contains(f.op);
    for (int h : f.handles) reported = reported || report_handles.contains(h);
    if (!reported) add(f.op, "missed-overlap", f.kind, f.handles, f.line);
  }
  // Each entry stands for exactly one overlap report or one sharing finding.
  DMASIM_CHECK(out.size() <= reports.size() + result.findings.size());
  std::stable_sort(out.begin(), out.end(), [](const Classification& a, const Classification& b) {
    return std::tie(a.op, a.cls, a.handles, a.kind) < std::tie(b.op, b.cls, b.handles, b.kind);
  });
  return out;
}

}  // namespace dmasim
