#include "model/hunt/finding.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "model/base/check.h"
#include "model/verdict/registry.h"

namespace dmasim::hunt {
namespace {

bool Intersects(const std::vector<int>& a, const std::vector<int>& b) {
  for (int x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

bool CheckerSilentOn(const CheckerOutcome& c, const OracleFinding& f) {
  for (const CheckerReport& r : c.reports) {
    if (r.op == f.op || Intersects(r.handles, f.handles)) return false;
  }
  return true;
}

}  // namespace

std::vector<Finding> FindingsOf(const ReplayOutcome& out, bool silent_hazards) {
  std::vector<Finding> found;
  for (const Classification& c : out.classification) {
    Finding f;
    f.key = {c.checker, c.oracle, c.cls, c.kind};
    for (const CheckerOutcome& co : out.checkers) {
      if (co.id == c.checker) f.era = co.era;
    }
    f.op = c.op;
    f.handles = c.handles;
    found.push_back(std::move(f));
  }
  if (!silent_hazards) return found;
  for (const CheckerOutcome& c : out.checkers) {
    for (const OracleOutcome& o : out.oracles) {
      if (!absl::StartsWith(o.name, "hazard:")) continue;
      for (const OracleFinding& h : o.result.findings) {
        if (!CheckerSilentOn(c, h)) continue;
        found.push_back({{c.id, o.name, kSilentHazard, h.kind}, c.era, h.op, h.handles});
      }
    }
  }
  return found;
}

ReplayRequest RequestFor(const HuntScope& scope) {
  ReplayRequest r;
  r.checkers = scope.checkers.empty() ? AllCheckerIds() : scope.checkers;
  if (scope.contract) r.oracles.push_back("contract");
  if (scope.hazard) r.oracles.push_back("hazard");
  DMASIM_CHECK(!r.oracles.empty());
  return r;
}

ReplayRequest RequestFor(const FindingKey& key) {
  ReplayRequest r;
  r.checkers = {key.checker};
  r.oracles = {key.oracle == "contract" ? "contract" : "hazard"};
  return r;
}

bool ShowsFinding(const Trace& trace, const FindingKey& key) {
  if (key.oracle != "contract" && key.oracle != "hazard:" + trace.platform.arch) return false;
  absl::StatusOr<ReplayOutcome> out = Replay(trace, RequestFor(key));
  DMASIM_CHECK(out.ok());
  for (const Finding& f : FindingsOf(*out, key.cls == kSilentHazard)) {
    if (f.key == key) return true;
  }
  return false;
}

}  // namespace dmasim::hunt
