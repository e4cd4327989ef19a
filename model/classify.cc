#include "model/classify.h"

#include <algorithm>
#include <tuple>

namespace dmasim {
namespace {

bool Names(const std::vector<int>& handles, int h) {
  return std::find(handles.begin(), handles.end(), h) != handles.end();
}

}  // namespace

std::vector<Classification> Classify(absl::string_view checker,
                                     const std::vector<CheckerReport>& reports,
                                     absl::string_view oracle, const OracleResult& result) {
  std::vector<Classification> out;
  auto add = [&](int op, const char* cls, const std::string& kind,
                 const std::vector<int>& handles, uint64_t line) {
    out.push_back({std::string(checker), std::string(oracle), op, cls, kind, handles, line});
  };
  for (const CheckerReport& r : reports) {
    if (!r.overlap) continue;
    bool backed = false;
    for (const OracleFinding& f : result.findings) {
      if (!f.sharing) continue;
      backed = backed || (r.handles.empty() ? f.op == r.op : Names(f.handles, r.handles[0]));
    }
    if (!backed) add(r.op, "false-positive", r.kind, r.handles, r.line);
  }
  for (const OracleFinding& f : result.findings) {
    if (!f.sharing) continue;
    bool reported = false;
    for (const CheckerReport& r : reports) {
      if (!r.overlap) continue;
      reported = reported || (r.handles.empty() ? r.op == f.op : Names(f.handles, r.handles[0]));
    }
    if (!reported) add(f.op, "missed-overlap", f.kind, f.handles, f.line);
  }
  std::stable_sort(out.begin(), out.end(), [](const Classification& a, const Classification& b) {
    return std::tie(a.op, a.cls, a.handles, a.kind) < std::tie(b.op, b.cls, b.handles, b.kind);
  });
  return out;
}

}  // namespace dmasim
