// Witness schedules: the search replay, path -> choices, and the forced re-run (witness.h).
#include "model/hazard/witness.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "model/hazard/internal/findings.h"
#include "model/hazard/internal/oracle.h"
#include "model/replay/replayer.h"

namespace dmasim {
namespace {

using hazard::Choice;
using hazard::PathArena;
using hazard::WitnessKey;
using hazard::WitnessRun;

void RunWith(const Trace& trace, const PlatformDecl& platform, const HazardOptions& options,
             WitnessRun* run) {
  hazard::HazardOracle oracle(platform, options);
  oracle.set_witness(run);
  ReplayOnce(trace, platform, {&oracle});
}

absl::string_view ChoiceName(Choice c) {
  switch (c) {
    case Choice::kEvict: return "evict";
    case Choice::kFill: return "fill";
    case Choice::kCopyValues: return "copy";
  }
  return "?";
}

// The choices on `path` (root first) for `line`.
void AppendChoices(const PathArena& arena, uint64_t line, int32_t path,
                   std::vector<WitnessChoice>* out) {
  std::vector<WitnessChoice> rev;
  for (int32_t p = path; p >= 0; p = arena.node(p).parent) {
    const hazard::PathNode& n = arena.node(p);
    WitnessChoice c;
    c.line = line;
    c.event = n.event;
    c.action = std::string(ChoiceName(n.choice));
    if (n.values >= 0) c.values = arena.values(n.values);
    rev.push_back(std::move(c));
  }
  out->insert(out->end(), rev.rbegin(), rev.rend());
}

bool IsExposure(const HazardWitness& w) { return w.kind == hazard::kExposure; }

}  // namespace

std::vector<HazardWitness> FindHazardWitnesses(const Trace& trace, const PlatformDecl& platform,
                                               const std::vector<OracleFinding>& findings,
                                               const HazardOptions& options) {
  std::vector<HazardWitness> out(findings.size());
  WitnessRun search;
  for (size_t k = 0; k < findings.size(); ++k) {
    HazardWitness& w = out[k];
    w.op = findings[k].op;
    w.kind = findings[k].kind;
    w.line = findings[k].line;
    if (k >= kMaxWitnesses) {
      w.note = absl::StrCat("not computed: only the first ", kMaxWitnesses,
                            " findings of a platform get a witness");
    } else if (!IsExposure(w)) {
      search.wanted.insert(WitnessKey(w.op, w.kind, w.line));
    }
  }
  if (!search.wanted.empty()) RunWith(trace, platform, options, &search);
  for (size_t k = 0; k < findings.size() && k < kMaxWitnesses; ++k) {
    HazardWitness& w = out[k];
    if (!IsExposure(w)) {
      auto it = search.found.find(WitnessKey(w.op, w.kind, w.line));
      if (it == search.found.end()) {
        w.note = search.arena.full()
                     ? "not found: the witness search hit its bound on recorded choices"
                     : "not found: the line hit its state bound before the finding";
        continue;
      }
      for (const auto& [line, path] : it->second) {
        w.lines.push_back(line);
        AppendChoices(search.arena, line, path, &w.choices);
      }
      std::sort(w.lines.begin(), w.lines.end());
      std::stable_sort(w.choices.begin(), w.choices.end(),
                       [](const WitnessChoice& a, const WitnessChoice& b) {
                         return std::tie(a.line, a.event) < std::tie(b.line, b.event);
                       });
    }
    w.reproduced = ReplayWitness(trace, platform, w, options, &w.steps);
    if (IsExposure(w) && !w.steps.empty()) w.steps.front().cause = findings[k].message;
    if (!w.reproduced) w.note = "the forced re-run of the schedule did not reproduce the finding";
  }
  return out;
}

bool ReplayWitness(const Trace& trace, const PlatformDecl& platform, const HazardWitness& w,
                   const HazardOptions& options, std::vector<WitnessStep>* steps) {
  if (IsExposure(w)) {
    // Page-granular reachability: no cache schedule; the map makes it so.
    const OracleResult r = [&] {
      std::unique_ptr<Oracle> o = MakeHazardOracle(platform, options);
      ReplayOnce(trace, platform, {o.get()});
      return o->result();
    }();
    bool ok = false;
    for (const OracleFinding& f : r.findings) ok |= f.op == w.op && f.kind == w.kind && f.line == w.line;
    if (steps != nullptr) {
      steps->clear();
      WitnessStep s;
      s.op = w.op;
      s.line = w.line;
      s.event = "IOMMU maps whole pages: the device can reach every byte of them";
      s.finding = std::string(hazard::kExposure);
      steps->push_back(std::move(s));
    }
    return ok;
  }
  if (w.lines.empty()) return false;
  WitnessRun run;
  run.force = true;
  for (uint64_t line : w.lines) run.schedule[line];
  for (const WitnessChoice& c : w.choices) {
    hazard::ForcedChoice f;
    f.event = c.event;
    f.choice = c.action == "evict" ? Choice::kEvict
               : c.action == "fill" ? Choice::kFill
                                    : Choice::kCopyValues;
    f.values.assign(c.values.begin(), c.values.end());
    run.schedule[c.line].push_back(std::move(f));
  }
  RunWith(trace, platform, options, &run);
  const bool ok = !run.failed && run.hits.count(WitnessKey(w.op, w.kind, w.line)) != 0;
  if (steps != nullptr) {
    *steps = std::move(run.steps);
    const std::string mark = absl::StrCat(w.kind, ":");
    for (size_t k = 0; k < steps->size(); ++k) {
      const WitnessStep& s = (*steps)[k];
      if (s.op == w.op && s.line == w.line && absl::StrContains(s.finding, mark)) {
        steps->resize(k + 1);
        break;
      }
    }
    // Only the last step keeps the intended versions (what the finding is judged against).
    for (size_t k = 0; k + 1 < steps->size(); ++k) (*steps)[k].intended.clear();
  }
  return ok;
}

}  // namespace dmasim
