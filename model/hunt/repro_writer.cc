#include "model/hunt/repro_writer.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "model/base/check.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"

namespace dmasim::hunt {
namespace {

template <typename T>
std::vector<std::string> Words(const std::vector<T>& items) {
  std::set<std::string> words;
  for (const T& r : items) words.insert(absl::StrCat(r.kind, "@", r.op));
  if (words.empty()) return {"none"};
  return {words.begin(), words.end()};
}

}  // namespace

Trace WithExpectations(const Trace& trace, const ReplayRequest& request) {
  Trace t = trace;
  t.expects.clear();
  t.expect_lines.clear();
  t.expect_cols.clear();
  absl::StatusOr<ReplayOutcome> out = Replay(t, request);
  DMASIM_CHECK(out.ok());
  for (const CheckerOutcome& c : out->checkers) t.expects.push_back({c.id, Words(c.reports)});
  for (const OracleOutcome& o : out->oracles) {
    if (absl::StartsWith(o.name, "hazard:") && o.result.verdict != Verdict::kHazard) {
      t.expects.push_back({o.name, {std::string(VerdictName(o.result.verdict))}});
    } else {
      t.expects.push_back({o.name, Words(o.result.findings)});
    }
  }
  return t;
}

std::string ReproText(const Trace& trace, const FindingKey& key, const Signature& sig,
                      absl::string_view found) {
  const Trace t = WithExpectations(trace, RequestFor(key));
  std::string text = absl::StrCat(
      "# dmasim hunt: ", key.checker, " vs ", key.oracle, ": ", key.cls, " ", key.kind, "\n",
      kHeaderSignature, sig.text, "\n", kHeaderId, sig.id, "\n", "# found: ", found, "\n",
      "# replay: dmasim replay FILE (exit 0: the expect lines below hold)\n");
  absl::StrAppend(&text, PrintTrace(t));
  absl::StatusOr<Trace> back = ParseTrace(text, "repro");
  DMASIM_CHECK(back.ok());
  absl::StatusOr<ReplayOutcome> check = Replay(*back, RequestFor(key));
  DMASIM_CHECK(check.ok() && check->expectations_ok());
  return text;
}

}  // namespace dmasim::hunt
