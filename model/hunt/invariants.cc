#include "model/hunt/invariants.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "model/base/check.h"
#include "model/contract/exact_checker.h"
#include "model/contract/rules.h"
#include "model/verdict/registry.h"

namespace dmasim::hunt {
namespace {

auto ReportTie(const CheckerReport& r) {
  return std::tie(r.op, r.kind, r.message, r.printed, r.counted, r.overlap, r.handles, r.line,
                  r.lines, r.more_handles, r.repeats);
}
auto FindingTie(const OracleFinding& f) {
  return std::tie(f.op, f.kind, f.message, f.sharing, f.handles, f.line, f.lines,
                  f.more_handles);
}
auto ClassTie(const Classification& c) {
  return std::tie(c.checker, c.oracle, c.op, c.cls, c.kind, c.handles, c.line);
}

template <typename T, typename F>
bool SameList(const std::vector<T>& a, const std::vector<T>& b, F tie) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (tie(a[k]) != tie(b[k])) return false;
  }
  return true;
}

std::string Deterministic(const ReplayOutcome& a, const ReplayOutcome& b) {
  if (a.checkers.size() != b.checkers.size() || a.oracles.size() != b.oracles.size()) {
    return "determinism: the two replays ran different observers";
  }
  for (size_t k = 0; k < a.checkers.size(); ++k) {
    if (!SameList(a.checkers[k].reports, b.checkers[k].reports, ReportTie)) {
      return absl::StrCat("determinism: checker ", a.checkers[k].id, " reported differently");
    }
  }
  for (size_t k = 0; k < a.oracles.size(); ++k) {
    const OracleResult& x = a.oracles[k].result;
    const OracleResult& y = b.oracles[k].result;
    if (!SameList(x.findings, y.findings, FindingTie) || x.verdict != y.verdict ||
        x.note != y.note) {
      return absl::StrCat("determinism: oracle ", a.oracles[k].name, " differs");
    }
  }
  if (!SameList(a.classification, b.classification, ClassTie)) {
    return "determinism: classification differs";
  }
  return "";
}

std::string ExactKindFor(const std::string& rule_id) {
  if (rule_id == rule::kSharing) return "overlap";
  if (rule_id == rule::kSharingWithinSg) return "overlap-within-sg";
  return rule_id;
}

std::string ExactAgrees(const ReplayOutcome& out) {
  const CheckerOutcome* exact = nullptr;
  const OracleOutcome* contract = nullptr;
  for (const CheckerOutcome& c : out.checkers) {
    if (c.era == kExactCheckerId) exact = &c;
  }
  for (const OracleOutcome& o : out.oracles) {
    if (o.name == "contract") contract = &o;
  }
  if (exact == nullptr || contract == nullptr) return "";
  // Past the listing cap (kMaxListed) each lists a different prefix: nothing to compare.
  if (exact->not_listed > 0 || contract->result.findings_not_listed > 0) return "";
  std::vector<const OracleFinding*> sharing;
  for (const OracleFinding& f : contract->result.findings) {
    if (f.sharing) sharing.push_back(&f);
  }
  if (sharing.size() != exact->reports.size()) {
    return absl::StrCat("exact-vs-contract: ", exact->reports.size(), " exact reports, ",
                        sharing.size(), " contract sharing findings");
  }
  for (size_t k = 0; k < sharing.size(); ++k) {
    const OracleFinding& f = *sharing[k];
    const CheckerReport& r = exact->reports[k];
    if (f.op != r.op || f.handles != r.handles || f.line != r.line || f.lines != r.lines ||
        f.more_handles != r.more_handles || ExactKindFor(f.kind) != r.kind || !r.overlap) {
      return absl::StrCat("exact-vs-contract: #", k, " contract ", f.kind, "@", f.op,
                          " vs exact ", r.kind, "@", r.op);
    }
  }
  return "";
}

bool Intersects(const std::vector<int>& a, const std::vector<int>& b) {
  for (int x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

bool HasClass(const ReplayOutcome& out, const std::string& checker, const std::string& oracle,
              const char* cls, int op, const std::string& kind, const std::vector<int>& handles) {
  for (const Classification& c : out.classification) {
    if (c.checker == checker && c.oracle == oracle && c.cls == cls && c.op == op &&
        c.kind == kind && c.handles == handles) {
      return true;
    }
  }
  return false;
}

std::string ClassificationConsistent(const ReplayOutcome& out) {
  size_t expected = 0;
  for (const CheckerOutcome& c : out.checkers) {
    for (const OracleOutcome& o : out.oracles) {
      for (const CheckerReport& r : c.reports) {
        if (!r.overlap) continue;
        bool backed = false;
        for (const OracleFinding& f : o.result.findings) {
          backed = backed || (f.sharing && (r.handles.empty() ? f.op == r.op
                                                               : Intersects({r.handles[0]}, f.handles)));
        }
        if (backed) continue;
        ++expected;
        if (!HasClass(out, c.id, o.name, "false-positive", r.op, r.kind, r.handles)) {
          return absl::StrCat("classification: ", c.id, " ", r.kind, "@", r.op, " vs ", o.name,
                              " is an unbacked overlap report but no false positive");
        }
      }
      for (const OracleFinding& f : o.result.findings) {
        if (!f.sharing) continue;
        bool reported = false;
        for (const CheckerReport& r : c.reports) {
          reported = reported || (r.overlap && (r.handles.empty() ? r.op == f.op
                                                                 : Intersects({r.handles[0]}, f.handles)));
        }
        if (reported) continue;
        ++expected;
        if (!HasClass(out, c.id, o.name, "missed-overlap", f.op, f.kind, f.handles)) {
          return absl::StrCat("classification: ", o.name, " ", f.kind, "@", f.op,
                              " unreported by ", c.id, " but no missed overlap");
        }
      }
    }
  }
  // Only the overlap classes are recomputed here; false and missed reports (the other
  // report kinds against the contract) have their own tests (verdict/classify_reports_test).
  size_t overlap_classes = 0;
  for (const Classification& c : out.classification) {
    overlap_classes += (c.cls == "false-positive" || c.cls == "missed-overlap") ? 1 : 0;
  }
  if (expected != overlap_classes) {
    return absl::StrCat("classification: ", overlap_classes, " overlap entries, ", expected,
                        " expected");
  }
  return "";
}

}  // namespace

std::string CheckInvariants(const ReplayOutcome& first, const ReplayOutcome* second) {
  if (second != nullptr) {
    if (std::string d = Deterministic(first, *second); !d.empty()) return d;
  }
  if (std::string e = ExactAgrees(first); !e.empty()) return e;
  return ClassificationConsistent(first);
}

ReplayRequest FullRequest() {
  ReplayRequest r;
  r.checkers = AllCheckerIds();
  r.oracles = {"contract", "hazard"};
  return r;
}

std::string ReplayAndCheck(const Trace& trace) {
  const ReplayRequest request = FullRequest();
  absl::StatusOr<ReplayOutcome> a = Replay(trace, request);
  absl::StatusOr<ReplayOutcome> b = Replay(trace, request);
  DMASIM_CHECK(a.ok() && b.ok());
  return CheckInvariants(*a, &*b);
}

}  // namespace dmasim::hunt
