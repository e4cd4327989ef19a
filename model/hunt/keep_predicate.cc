#include "model/hunt/keep_predicate.h"

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "model/base/check.h"
#include "model/contract/rules.h"
#include "model/hunt/finding.h"
#include "model/trace/expect_syntax.h"
#include "model/trace/platform.h"
#include "model/verdict/registry.h"

namespace dmasim::hunt {
namespace {

absl::Status Bad(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--keep '", text, "': ", why));
}

bool IsRule(absl::string_view id) {
  for (const ContractRule& r : ContractRules()) {
    if (r.id == id) return true;
  }
  return false;
}

bool IsKindWord(absl::string_view k) {
  std::optional<VerdictItem> item = ParseVerdictItem(k);
  return !k.empty() && item.has_value() && !item->op.has_value() && !IsSoloVerdictWord(k);
}

absl::Status CheckArch(absl::string_view text, absl::string_view arch) {
  if (FindArch(arch) == nullptr) return Bad(text, absl::StrCat("unknown arch '", arch, "'"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<KeepPredicate> ParseKeepPredicate(absl::string_view text) {
  KeepPredicate p;
  p.text = std::string(text);
  std::map<std::string, std::string> kv;
  std::vector<std::string> bare;
  for (absl::string_view w : absl::StrSplit(text, ' ', absl::SkipWhitespace())) {
    const size_t eq = w.find('=');
    if (eq == absl::string_view::npos) {
      bare.emplace_back(w);
      continue;
    }
    const std::string key(w.substr(0, eq));
    if (!kv.emplace(key, std::string(w.substr(eq + 1))).second) {
      return Bad(text, absl::StrCat("'", key, "=' given twice"));
    }
  }
  for (const auto& [k, v] : kv) {
    if (k != "checker" && k != "oracle" && k != "class" && k != "kind" && k != "rule" &&
        k != "hazard") {
      return Bad(text, absl::StrCat("unknown key '", k,
                                    "=' (checker, oracle, class, kind, rule, hazard)"));
    }
    if (v.empty()) return Bad(text, absl::StrCat("'", k, "=' has no value"));
  }
  if (bare.size() > 1 || (bare.size() == 1 && !kv.empty()) || (bare.empty() && kv.empty())) {
    return Bad(text, "expected KEY=VALUE words or one kind/rule word");
  }
  if (kv.contains("checker")) {
    absl::StatusOr<CheckerInfo> c = ResolveChecker(kv["checker"]);
    if (!c.ok()) return Bad(text, c.status().message());
    p.checker = kv["checker"];
  }
  if (!bare.empty()) {
    if (!IsKindWord(bare[0])) return Bad(text, "not a report kind or rule id");
    p.type = IsRule(bare[0]) ? KeepPredicate::Type::kContractRule : KeepPredicate::Type::kReport;
    p.kind = bare[0];
    return p;
  }
  if (kv.contains("hazard")) {
    if (kv.size() != 1) return Bad(text, "hazard=KIND@ARCH stands alone");
    const std::string& v = kv["hazard"];
    const size_t at = v.find('@');
    if (at == std::string::npos) return Bad(text, "hazard= wants KIND@ARCH");
    p.type = KeepPredicate::Type::kHazard;
    p.kind = v.substr(0, at);
    p.arch = v.substr(at + 1);
    if (!IsKindWord(p.kind)) return Bad(text, "hazard= wants KIND@ARCH");
    if (absl::Status s = CheckArch(text, p.arch); !s.ok()) return s;
    return p;
  }
  if (kv.contains("rule")) {
    if (kv.size() != 1) return Bad(text, "rule=R stands alone");
    if (!IsRule(kv["rule"])) return Bad(text, absl::StrCat("unknown contract rule '", kv["rule"], "'"));
    p.type = KeepPredicate::Type::kContractRule;
    p.kind = kv["rule"];
    return p;
  }
  if (kv.contains("class") || kv.contains("oracle")) {
    if (!kv.contains("checker") || !kv.contains("oracle") || !kv.contains("class")) {
      return Bad(text, "a classification needs checker=, oracle= and class=");
    }
    p.type = KeepPredicate::Type::kClassification;
    p.cls = kv["class"];
    if (p.cls != kFalsePositive && p.cls != kMissedOverlap && p.cls != kFalseReport &&
        p.cls != kMissedReport && p.cls != kSilentHazard) {
      return Bad(text,
                 "class= is false-positive, missed-overlap, false-report, missed-report or "
                 "silent-hazard");
    }
    p.oracle = kv["oracle"];
    if (p.oracle != "contract" && p.oracle != "hazard") {
      if (!absl::StartsWith(p.oracle, "hazard:")) {
        return Bad(text, "oracle= is contract, hazard or hazard:ARCH");
      }
      p.arch = p.oracle.substr(7);
      if (absl::Status s = CheckArch(text, p.arch); !s.ok()) return s;
    }
    if (p.cls == kSilentHazard && p.oracle == "contract") {
      return Bad(text, "silent-hazard is a class of hazard oracles");
    }
    p.kind = kv.contains("kind") ? kv["kind"] : "";
    return p;
  }
  if (!kv.contains("kind")) return Bad(text, "expected kind=, rule=, hazard= or a classification");
  if (!IsKindWord(kv["kind"])) return Bad(text, "kind= is not a report kind");
  p.type = KeepPredicate::Type::kReport;
  p.kind = kv["kind"];
  return p;
}

ReplayRequest KeepRequest(const std::vector<KeepPredicate>& preds, const Trace& trace) {
  ReplayRequest r;
  bool all_checkers = false, contract = false, hazard = false;
  auto add = [](std::vector<std::string>* v, const std::string& s) {
    if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
  };
  for (const KeepPredicate& p : preds) {
    if (!p.checker.empty()) add(&r.checkers, p.checker);
    if (p.type == KeepPredicate::Type::kReport && p.checker.empty()) all_checkers = true;
    if (p.type == KeepPredicate::Type::kContractRule || p.oracle == "contract") contract = true;
    if (p.type == KeepPredicate::Type::kHazard || absl::StartsWith(p.oracle, "hazard")) {
      hazard = true;
      add(&r.platforms, p.arch.empty() ? trace.platform.arch : p.arch);
    }
  }
  if (all_checkers) r.checkers = AllCheckerIds();
  if (contract) r.oracles.push_back("contract");
  if (hazard) r.oracles.push_back("hazard");
  if (r.oracles.empty()) r.oracles.push_back("contract");  // cheapest; checkers are what counts
  return r;
}

bool KeepHolds(const std::vector<KeepPredicate>& preds, const Trace& trace) {
  absl::StatusOr<ReplayOutcome> out = Replay(trace, KeepRequest(preds, trace));
  DMASIM_CHECK(out.ok());
  const std::vector<Finding> findings = FindingsOf(*out, true);
  for (const KeepPredicate& p : preds) {
    bool held = false;
    switch (p.type) {
      case KeepPredicate::Type::kClassification: {
        const std::string oracle =
            p.oracle == "hazard" ? absl::StrCat("hazard:", trace.platform.arch) : p.oracle;
        for (const Finding& f : findings) {
          held = held || (f.key.checker == p.checker && f.key.oracle == oracle &&
                          f.key.cls == p.cls && (p.kind.empty() || f.key.kind == p.kind));
        }
        break;
      }
      case KeepPredicate::Type::kReport:
        for (const CheckerOutcome& c : out->checkers) {
          if (!p.checker.empty() && c.id != p.checker) continue;
          for (const CheckerReport& r : c.reports) held = held || r.kind == p.kind;
        }
        break;
      case KeepPredicate::Type::kContractRule:
      case KeepPredicate::Type::kHazard: {
        const std::string name = p.type == KeepPredicate::Type::kHazard
                                     ? absl::StrCat("hazard:", p.arch)
                                     : std::string("contract");
        for (const OracleOutcome& o : out->oracles) {
          if (o.name != name) continue;
          for (const OracleFinding& f : o.result.findings) {
            held = held || f.kind == p.kind || (p.kind == "any" && name != "contract");
          }
        }
        break;
      }
    }
    if (!held) return false;
  }
  return true;
}

}  // namespace dmasim::hunt
