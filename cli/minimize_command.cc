// `dmasim minimize IN -o OUT --keep PREDICATE...`: the hunt's minimizer for a user's own
// trace. The input is never touched; the output is written atomically, with expect lines
// stating what the kept finding's checkers and oracles say, so `dmasim replay OUT` exits 0.

#include <stdlib.h>

#include <climits>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "model/base/atomic_file.h"
#include "model/hunt/keep_predicate.h"
#include "model/hunt/minimizer.h"
#include "model/hunt/repro_writer.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"
#include "model/verdict/replay.h"

namespace dmasim::cli {
namespace {

constexpr FlagSpec kMinimizeFlags[] = {
    {"o", FlagType::kString, "", "OUT", "output file (required; written atomically)"},
    {"keep", FlagType::kList, "", "PREDICATE",
     "the finding to keep (repeatable, all must hold): 'checker=ID oracle=O class=C "
     "[kind=K]', a report kind, a contract rule, 'hazard=KIND@ARCH'"},
    {"progress", FlagType::kBool, "auto", "",
     "progress lines on stderr (auto: for inputs over 50 ops)"},
};

int Fail(const std::string& msg) {
  std::fprintf(stderr, "dmasim minimize: %s\n", msg.c_str());
  return 2;
}

bool SameFile(const std::string& a, const std::string& b) {
  char ra[PATH_MAX], rb[PATH_MAX];
  if (realpath(a.c_str(), ra) == nullptr || realpath(b.c_str(), rb) == nullptr) return false;
  return std::string(ra) == rb;
}

int RunMinimize(const ParsedFlags& flags, const std::vector<std::string>& args) {
  if (args.size() != 1) return Fail("one input trace expected (IN)");
  const std::string in = args[0], out = flags.String("o");
  if (out.empty()) return Fail("-o OUT is required");
  if (out == in || SameFile(in, out) || out == "-") {
    return Fail("-o must name another file than the input (the input is never touched)");
  }
  if (flags.List("keep").empty()) return Fail("--keep PREDICATE is required");
  std::vector<hunt::KeepPredicate> preds;
  for (const std::string& k : flags.List("keep")) {
    absl::StatusOr<hunt::KeepPredicate> p = hunt::ParseKeepPredicate(k);
    if (!p.ok()) return Fail(std::string(p.status().message()));
    preds.push_back(*p);
  }
  absl::StatusOr<Trace> parsed = ParseTraceFile(in);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", std::string(parsed.status().message()).c_str());
    return 2;
  }
  Trace t = *parsed;
  t.expects.clear();
  t.expect_lines.clear();
  t.expect_cols.clear();
  std::vector<std::string> texts;
  for (const hunt::KeepPredicate& p : preds) texts.push_back(p.text);
  const std::string keep_text = absl::StrJoin(texts, "; ");
  if (!hunt::KeepHolds(preds, t)) {
    return Fail(absl::StrCat(TraceName(in), ": the input does not show the finding (", keep_text,
                             ")"));
  }
  const bool progress = flags.Given("progress") ? flags.Bool("progress") : t.ops.size() > 50;
  hunt::MinimizeOptions mo;
  if (progress) {
    mo.progress = [](const hunt::MinimizeProgress& p) {
      std::fprintf(stderr, "minimize: %s pass, %d -> %d ops, %lld replays\n", p.pass,
                   p.ops_before, p.ops_now, static_cast<long long>(p.tries));
    };
  }
  hunt::MinimizeProgress stats;
  const Trace m = hunt::Minimize(
      t, [&preds](const Trace& c) { return hunt::KeepHolds(preds, c); }, mo, &stats);
  const Trace with = hunt::WithExpectations(m, hunt::KeepRequest(preds, m));
  const std::string text =
      absl::StrCat("# minimized by dmasim minimize from ", TraceName(in), " (", t.ops.size(),
                   " -> ", m.ops.size(), " ops), keeping: ", keep_text, "\n", PrintTrace(with));
  if (absl::Status s = WriteFileAtomically(out, text); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  std::fprintf(stderr, "dmasim minimize: %s: %zu -> %zu ops (%lld replays), written to %s\n",
               TraceName(in).c_str(), t.ops.size(), m.ops.size(),
               static_cast<long long>(stats.tries), out.c_str());
  return 0;
}

}  // namespace

extern const CommandSpec kMinimizeCommand = {
    "minimize", "", "IN",
    "the smallest trace that still shows a finding (delta debugging over ops, unused "
    "declarations dropped, numbers shrunk); 1-minimal in ops",
    kMinimizeFlags, RunMinimize};

}  // namespace dmasim::cli
