// Pairs one dma-debug era's non-overlap reports with the contract's non-sharing findings
// (classify.h, ClassifyReports; the table in report_claims.h and docs/oracles.md).
//
// Indexed like Classify, so that R reports and F findings cost O((R + F + handles) log):
// each side is turned into a set of (op, rule, handle) keys (handle -1 when it names none),
// and the rule whose finding may precede its report (mapping-error-unchecked) into a map
// from handle to the earliest finding / latest report.
#include <algorithm>
#include <tuple>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "model/base/check.h"
#include "model/contract/rules.h"
#include "model/dma_debug/report_kinds.h"
#include "model/verdict/classify.h"
#include "model/verdict/report_claims.h"

namespace dmasim {
namespace {

using Key = std::tuple<int, absl::string_view, int>;  // op, rule, handle (-1: none)

// The keys of one report or finding: one per handle it names, or the handle-less key.
void AddKeys(int op, absl::string_view rule, const std::vector<int>& handles,
             absl::btree_set<Key>* keys) {
  if (handles.empty()) keys->insert({op, rule, -1});
  for (int h : handles) keys->insert({op, rule, h});
}

// Whether some key of (op, rule, handles) is in `keys`; an item naming no handle, or a
// handle-less key at that op and rule, pairs on op and rule alone.
bool Meets(int op, absl::string_view rule, const std::vector<int>& handles,
           const absl::btree_set<Key>& keys) {
  if (keys.contains({op, rule, -1})) return true;
  if (handles.empty()) {
    auto it = keys.lower_bound({op, rule, -1});
    return it != keys.end() && std::get<0>(*it) == op && std::get<1>(*it) == rule;
  }
  for (int h : handles) {
    if (keys.contains({op, rule, h})) return true;
  }
  return false;
}

// The judged claim of a kind for this era, or nullptr.
const ReportClaim* Judged(const EraProfile& profile, absl::string_view kind) {
  const ReportClaim* c = FindReportClaim(kind);
  if (c == nullptr || c->overlap || c->rules.empty()) return nullptr;
  if (!dma_debug::EraReportsKind(profile, kind)) return nullptr;
  return c;
}

}  // namespace

std::vector<Classification> ClassifyReports(absl::string_view checker, const EraProfile& profile,
                                            const std::vector<CheckerReport>& reports,
                                            absl::string_view oracle,
                                            const OracleResult& result) {
  const absl::string_view kPrecede = rule::kMappingErrorUnchecked;
  // The rules this era checks: those claimed by a judged kind it can print.
  absl::btree_set<absl::string_view> checked;
  for (const ReportClaim& c : ReportClaims()) {
    if (Judged(profile, c.kind) != nullptr) checked.insert(c.rules.begin(), c.rules.end());
  }
  absl::btree_set<Key> finding_keys, report_keys;
  absl::btree_map<int, int> first_finding, last_report;  // handle -> op, for kPrecede
  for (const OracleFinding& f : result.findings) {
    if (f.sharing || !checked.contains(f.kind)) continue;
    if (f.kind == kPrecede) {
      for (int h : f.handles) {
        auto [it, fresh] = first_finding.try_emplace(h, f.op);
        if (!fresh) it->second = std::min(it->second, f.op);
      }
    } else {
      AddKeys(f.op, f.kind, f.handles, &finding_keys);
    }
  }
  for (const CheckerReport& r : reports) {
    const ReportClaim* c = Judged(profile, r.kind);
    if (c == nullptr) continue;
    for (absl::string_view rule : c->rules) {
      if (rule == kPrecede) {
        for (int h : r.handles) {
          auto [it, fresh] = last_report.try_emplace(h, r.op);
          if (!fresh) it->second = std::max(it->second, r.op);
        }
      } else {
        AddKeys(r.op, rule, r.handles, &report_keys);
      }
    }
  }

  std::vector<Classification> out;
  auto add = [&](int op, const char* cls, const std::string& kind,
                 const std::vector<int>& handles) {
    out.push_back({std::string(checker), std::string(oracle), op, cls, kind, handles, kNoLine});
  };
  for (const CheckerReport& r : reports) {
    const ReportClaim* c = Judged(profile, r.kind);
    if (c == nullptr) continue;
    bool confirmed = false;
    for (absl::string_view rule : c->rules) {
      if (rule == kPrecede) {
        for (int h : r.handles) {
          auto it = first_finding.find(h);
          confirmed = confirmed || (it != first_finding.end() && it->second <= r.op);
        }
      } else {
        confirmed = confirmed || Meets(r.op, rule, r.handles, finding_keys);
      }
    }
    if (!confirmed) add(r.op, "false-report", r.kind, r.handles);
  }
  for (const OracleFinding& f : result.findings) {
    if (f.sharing || !checked.contains(f.kind)) continue;
    bool reported = false;
    if (f.kind == kPrecede) {
      for (int h : f.handles) {
        auto it = last_report.find(h);
        reported = reported || (it != last_report.end() && it->second >= f.op);
      }
    } else {
      reported = Meets(f.op, f.kind, f.handles, report_keys);
    }
    if (!reported) add(f.op, "missed-report", f.kind, f.handles);
  }
  DMASIM_CHECK(out.size() <= reports.size() + result.findings.size());
  SortClassification(&out);
  return out;
}

void SortClassification(std::vector<Classification>* cls) {
  std::stable_sort(cls->begin(), cls->end(), [](const Classification& a, const Classification& b) {
    return std::tie(a.op, a.cls, a.handles, a.kind) < std::tie(b.op, b.cls, b.handles, b.kind);
  });
}

}  // namespace dmasim
