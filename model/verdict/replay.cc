#include "model/verdict/replay.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/dma_debug/era.h"
#include "model/verdict/classify.h"
#include "model/trace/platform.h"
#include "model/verdict/registry.h"
#include "model/replay/replayer.h"
#include "model/trace/expect_syntax.h"

namespace dmasim {
namespace {

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

// Distinct "kind@op" words, sorted.
template <typename T>
std::vector<std::string> KindAtOp(const std::vector<T>& items) {
  std::set<std::string> words;
  for (const T& r : items) words.insert(absl::StrCat(r.kind, "@", r.op));
  return {words.begin(), words.end()};
}

}  // namespace

namespace {

// A verdict word split into its kind and op index (expect_syntax.h: OP decimal or 0x hex,
// leading zeros allowed), op -1 for a bare kind. The op is compared as a number, so
// "eexist@0x4" and "eexist@004" are "eexist@4". A word that is no verdict item (never
// from the parser) keeps its whole text as the kind and op -2: it matches only itself.
std::pair<std::string, int64_t> SplitWord(const std::string& w) {
  const std::optional<VerdictItem> item = ParseVerdictItem(w);
  if (!item.has_value()) return {w, -2};
  return {item->kind, item->op.has_value() ? static_cast<int64_t>(*item->op) : -1};
}

}  // namespace

bool ExpectItemsMatch(const std::vector<std::string>& items, const std::vector<std::string>& observed) {
  if (items.size() == 1 && items[0] == "none") return observed.empty();
  // Sets, so that long expect lines against many findings stay O((I + O) log).
  std::set<std::pair<std::string, int64_t>> want_at, seen_at;
  std::set<std::string> want_kind, seen_kind;
  for (const std::string& it : items) {
    auto [kind, op] = SplitWord(it);
    if (op == -1) {
      want_kind.insert(kind);
    } else {
      want_at.emplace(kind, op);
    }
  }
  for (const std::string& o : observed) {
    auto word = SplitWord(o);
    seen_kind.insert(word.first);
    seen_at.insert(std::move(word));
  }
  for (const auto& w : want_at) {
    if (seen_at.count(w) == 0) return false;
  }
  for (const std::string& k : want_kind) {
    if (seen_kind.count(k) == 0) return false;
  }
  for (const auto& w : seen_at) {
    if (want_at.count(w) == 0 && want_kind.count(w.first) == 0) return false;
  }
  return true;
}

namespace {

void CheckExpectations(const Trace& trace, ReplayOutcome* out) {
  for (size_t k = 0; k < trace.expects.size(); ++k) {
    const Expectation& e = trace.expects[k];
    ExpectOutcome x;
    x.line = k < trace.expect_lines.size() ? trace.expect_lines[k] : 0;
    x.target = e.target;
    x.expected = e.items;
    if (e.target == "contract" || absl::StartsWith(e.target, "hazard:")) {
      for (const OracleOutcome& o : out->oracles) {
        if (o.name != e.target) continue;
        x.ran = true;
        const bool hazard = e.target != "contract";
        x.observed = KindAtOp(o.result.findings);
        if (hazard && o.result.verdict != Verdict::kHazard) {
          x.observed.insert(x.observed.begin(), std::string(VerdictName(o.result.verdict)));
        }
        if (hazard && (e.items[0] == "safe" || e.items[0] == "unknown")) {
          x.ok = VerdictName(o.result.verdict) == e.items[0];
        } else {
          x.ok = (!hazard || o.result.verdict == Verdict::kHazard || e.items[0] == "none") &&
                 ExpectItemsMatch(e.items, KindAtOp(o.result.findings));
        }
      }
    } else {
      absl::StatusOr<CheckerInfo> info = ResolveChecker(e.target);
      for (const CheckerOutcome& c : out->checkers) {
        if (!info.ok() || c.era != info->era || x.ran) continue;
        x.ran = true;
        x.observed = KindAtOp(c.reports);
        x.ok = ExpectItemsMatch(e.items, x.observed);
      }
    }
    out->expectations.push_back(std::move(x));
  }
}

}  // namespace

absl::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kSafe: return "safe";
    case Verdict::kHazard: return "hazard";
    case Verdict::kUnknown: return "unknown";
  }
  return "?";
}

absl::Status CheckExpectTargets(const Trace& trace, absl::string_view file) {
  for (size_t k = 0; k < trace.expects.size(); ++k) {
    const std::string& target = trace.expects[k].target;
    if (target == "contract" || absl::StartsWith(target, "hazard:")) continue;
    absl::StatusOr<CheckerInfo> info = ResolveChecker(target);
    if (info.ok()) continue;
    const int line = k < trace.expect_lines.size() ? trace.expect_lines[k] : 0;
    const int col = k < trace.expect_cols.size() ? trace.expect_cols[k] : 1;
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s:%d:%d: unknown expect target: %s", file, line, col, info.status().message()));
  }
  return absl::OkStatus();
}

bool ReplayOutcome::expectations_ok() const {
  for (const ExpectOutcome& x : expectations) {
    if (x.ran && !x.ok) return false;
  }
  return true;
}

absl::StatusOr<std::unique_ptr<ReplaySession>> ReplaySession::Create(
    const ReplayRequest& request) {
  std::unique_ptr<ReplaySession> session(new ReplaySession());
  ReplaySession& r = *session;
  r.options_ = request.checker_options;
  r.contract_wanted_ = request.oracles.empty();
  r.hazard_wanted_ = request.oracles.empty();
  for (const std::string& o : request.oracles) {
    if (o == "contract") {
      r.contract_wanted_ = true;
    } else if (o == "hazard") {
      r.hazard_wanted_ = true;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown oracle '", o, "' (contract, hazard)"));
    }
  }
  for (const std::string& a : request.platforms) {
    if (a == "all") {
      for (const ArchPolicy& p : AllArchs()) AddUnique(&r.archs_, std::string(p.name));
      continue;
    }
    if (FindArch(a) == nullptr) {
      std::string known;
      for (const ArchPolicy& p : AllArchs()) absl::StrAppend(&known, known.empty() ? "" : " ", p.name);
      return absl::InvalidArgumentError(
          absl::StrCat("unknown arch '", a, "' (known: ", known, ", or all)"));
    }
    AddUnique(&r.archs_, a);
  }
  std::vector<std::string> checker_ids;
  for (const std::string& id : request.checkers.empty() ? AllCheckerIds() : request.checkers) {
    AddUnique(&checker_ids, id);
  }
  for (const std::string& id : checker_ids) {
    absl::StatusOr<CheckerInfo> info = ResolveChecker(id);
    if (!info.ok()) return info.status();
    absl::StatusOr<std::unique_ptr<Checker>> c = NewChecker(id, request.checker_options);
    if (!c.ok()) return c.status();
    r.checker_ids_.push_back(id);
    r.checker_eras_.push_back(info->era);
    r.checkers_.push_back(std::move(*c));
  }
  r.default_checkers_ = request.checkers.empty();
  if (r.contract_wanted_) r.contract_ = NewContractOracle();
  return session;
}

// With the default checkers, an expect target whose model none of them runs (a kernel
// config such as "linux-6.12-debug_sg") runs too, as the hazard archs of expect lines do.
// Built per trace: they depend on its expect lines.
absl::StatusOr<std::vector<std::unique_ptr<Checker>>> ReplaySession::ExpectNamedCheckers(
    const Trace& trace, std::vector<std::string>* ids, std::vector<std::string>* eras) const {
  std::vector<std::unique_ptr<Checker>> out;
  if (!default_checkers_) return out;
  for (const Expectation& e : trace.expects) {
    if (e.target == "contract" || absl::StartsWith(e.target, "hazard:")) continue;
    absl::StatusOr<CheckerInfo> info = ResolveChecker(e.target);
    if (!info.ok()) continue;
    const bool known = std::find(checker_eras_.begin(), checker_eras_.end(), info->era) !=
                           checker_eras_.end() ||
                       std::find(eras->begin(), eras->end(), info->era) != eras->end();
    if (known) continue;
    absl::StatusOr<std::unique_ptr<Checker>> c = NewChecker(e.target, options_);
    if (!c.ok()) return c.status();
    ids->push_back(e.target);
    eras->push_back(info->era);
    out.push_back(std::move(*c));
  }
  return out;
}

// The hazard oracle for the k-th arch of a run: built on first use, then reused (its Begin
// resets it, platform included).
Oracle* ReplaySession::HazardSlot(size_t k, const PlatformDecl& platform) {
  while (hazards_.size() <= k) hazards_.push_back(NewHazardOracle(platform));
  return hazards_[k].get();
}

absl::StatusOr<ReplayOutcome> ReplaySession::Run(const Trace& trace) {
  // The archs of the hazard oracle: the request's, else the trace's and its expects'.
  std::vector<std::string> archs = archs_;
  if (archs.empty()) {
    archs.push_back(trace.platform.arch);
    for (const Expectation& e : trace.expects) {
      if (absl::StartsWith(e.target, "hazard:")) AddUnique(&archs, e.target.substr(7));
    }
  }
  if (!hazard_wanted_) archs.clear();

  ReplayOutcome out;
  out.ops = static_cast<int>(trace.ops.size());

  // Pass on the trace's own platform: every checker, the contract, hazard on its arch.
  std::vector<std::string> extra_ids, extra_eras;
  absl::StatusOr<std::vector<std::unique_ptr<Checker>>> extra =
      ExpectNamedCheckers(trace, &extra_ids, &extra_eras);
  if (!extra.ok()) return extra.status();
  std::vector<Observer*> observers;
  for (size_t k = 0; k < checkers_.size(); ++k) observers.push_back(checkers_[k].get());
  for (const std::unique_ptr<Checker>& c : *extra) observers.push_back(c.get());
  if (contract_) observers.push_back(contract_.get());
  std::optional<size_t> own_slot;
  for (size_t k = 0; k < archs.size(); ++k) {
    if (archs[k] == trace.platform.arch) {
      own_slot = k;
      observers.push_back(HazardSlot(k, trace.platform));
    }
  }
  ReplayOnce(trace, trace.platform, observers);
  for (size_t k = 0; k < checkers_.size(); ++k) {
    out.checkers.push_back({checker_ids_[k], checker_eras_[k], checkers_[k]->reports(),
                            checkers_[k]->reports_not_listed()});
  }
  for (size_t k = 0; k < extra->size(); ++k) {
    out.checkers.push_back({extra_ids[k], extra_eras[k], (*extra)[k]->reports(),
                            (*extra)[k]->reports_not_listed()});
  }
  if (contract_) out.oracles.push_back({"contract", contract_->result()});

  // One more pass per other arch, hazard oracle only (no copy of the trace: the replayer
  // takes the platform beside it).
  for (size_t k = 0; k < archs.size(); ++k) {
    const std::string& a = archs[k];
    if (own_slot.has_value() && k == *own_slot) {
      out.oracles.push_back({"hazard:" + a, hazards_[k]->result()});
      continue;
    }
    const PlatformDecl p = PlatformWithArch(trace, a);
    Oracle* h = HazardSlot(k, p);
    ReplayOnce(trace, p, {h});
    out.oracles.push_back({"hazard:" + a, h->result()});
  }

  for (const CheckerOutcome& c : out.checkers) {
    const std::optional<ResolvedEra> era =
        c.era == "exact" ? std::nullopt : ResolveVersion(c.id);
    for (const OracleOutcome& o : out.oracles) {
      std::vector<Classification> cls = Classify(c.id, c.reports, o.name, o.result);
      if (era.has_value() && o.name == "contract") {
        // Every report kind judged against the contract (false-report, missed-report).
        std::vector<Classification> more =
            ClassifyReports(c.id, MakeEraProfile(*era), c.reports, o.name, o.result);
        cls.insert(cls.end(), more.begin(), more.end());
        SortClassification(&cls);
      }
      out.classification.insert(out.classification.end(), cls.begin(), cls.end());
    }
  }
  CheckExpectations(trace, &out);
  return out;
}

absl::StatusOr<ReplayOutcome> Replay(const Trace& trace, const ReplayRequest& request) {
  absl::StatusOr<std::unique_ptr<ReplaySession>> session = ReplaySession::Create(request);
  if (!session.ok()) return session.status();
  return (*session)->Run(trace);
}

}  // namespace dmasim
