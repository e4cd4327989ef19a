// `dmasim replay`: every FILE (a directory means every *.dma below it, in sorted order:
// cli/trace_paths.h) through the chosen checkers and oracles.

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/trace_paths.h"
#include "model/verdict/replay.h"
#include "model/verdict/report.h"
#include "model/trace/trace_parser.h"

namespace dmasim::cli {
namespace {

constexpr FlagSpec kReplayFlags[] = {
    {"checker", FlagType::kList, "", "ID",
     "checker id, kernel version or `uname -r` string (repeatable; default: every era and exact)"},
    {"oracle", FlagType::kList, "", "O", "contract and/or hazard (repeatable; default: both)"},
    {"platform", FlagType::kList, "", "ARCH",
     "archs for the hazard oracle, or all (repeatable; default: the trace's and every expect hazard:ARCH)"},
    {"fail-on", FlagType::kList, "", "CLASS",
     "exit 1 on any false-positive, missed-overlap, false-report, missed-report or hazard "
     "(repeatable)"},
    {"json", FlagType::kBool, "false", "", "one JSON object per file, one per line (docs/replay-json.md)"},
    {"table", FlagType::kBool, "false", "", "print the findings table instead of per-op reports"},
    {"all-errors", FlagType::kBool, "false", "", "dma-debug prints every error (debugfs all_errors)"},
    {"num-errors", FlagType::kInt, "1", "N", "dma-debug prints this many errors (debugfs num_errors)"},
};

int RunReplay(const ParsedFlags& flags, const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fprintf(stderr, "dmasim replay: no FILE given\n");
    return 2;
  }
  std::set<std::string> fail_on;
  for (const std::string& f : flags.List("fail-on")) {
    if (f != "false-positive" && f != "missed-overlap" && f != "false-report" &&
        f != "missed-report" && f != "hazard") {
      std::fprintf(stderr, "dmasim replay: --fail-on takes false-positive, missed-overlap, "
                           "false-report, missed-report or hazard, not '%s'\n", f.c_str());
      return 2;
    }
    fail_on.insert(f);
  }
  ReplayRequest request;
  request.checkers = flags.List("checker");
  request.oracles = flags.List("oracle");
  request.platforms = flags.List("platform");
  request.checker_options.all_errors = flags.Bool("all-errors");
  const int64_t num_errors = flags.Int("num-errors");
  if (num_errors < 0 || num_errors > UINT32_MAX) {
    std::fprintf(stderr, "dmasim replay: --num-errors must be in 0..4294967295\n");
    return 2;
  }
  request.checker_options.num_errors = static_cast<uint32_t>(num_errors);
  const bool json = flags.Bool("json");
  const bool table = flags.Bool("table");
  if (json && table) {
    std::fprintf(stderr, "dmasim replay: --json and --table exclude each other\n");
    return 2;
  }

  int status = 0;
  bool failed_gate = false, failed_expect = false;
  std::vector<TableRow> rows;
  const std::vector<TracePath> files = ExpandPaths(args);
  if (files.empty()) {
    std::fprintf(stderr, "dmasim replay: no .dma files found\n");
    return 2;
  }
  for (const TracePath& entry : files) {
    if (!entry.error.empty()) {  // an entry a directory walk could not use; the rest goes on
      std::fprintf(stderr, "%s\n", entry.error.c_str());
      status = 2;
      continue;
    }
    const std::string& path = entry.path;
    const std::string file = TraceName(path);
    absl::StatusOr<Trace> trace = ParseTraceFile(path);
    if (trace.ok()) {
      if (absl::Status s = CheckExpectTargets(*trace, file); !s.ok()) trace = s;
    }
    if (!trace.ok()) {
      std::fprintf(stderr, "%s\n", std::string(trace.status().message()).c_str());
      status = 2;
      continue;
    }
    absl::StatusOr<ReplayOutcome> out = Replay(*trace, request);
    if (!out.ok()) {
      std::fprintf(stderr, "dmasim replay: %s\n", std::string(out.status().message()).c_str());
      return 2;
    }
    // Each gate that trips says so on stderr (one line per class and file), so a CI log
    // names the cause; the first instance points at the op.
    std::map<std::string, std::pair<int, const Classification*>> tripped;
    for (const Classification& c : out->classification) {
      if (fail_on.count(c.cls) == 0) continue;
      auto& [n, first] = tripped[c.cls];
      if (n++ == 0) first = &c;
    }
    for (const auto& [cls, hit] : tripped) {
      std::fprintf(stderr, "dmasim replay: --fail-on %s: %s: %d %s (first: op %d, %s vs %s, %s)\n",
                   cls.c_str(), file.c_str(), hit.first, cls.c_str(), hit.second->op,
                   hit.second->checker.c_str(), hit.second->oracle.c_str(),
                   hit.second->kind.c_str());
      failed_gate = true;
    }
    for (const OracleOutcome& o : out->oracles) {
      // Only the hazard oracle has a physical verdict; contract findings gate through the
      // classification (missed-overlap) instead.
      if (fail_on.count("hazard") == 0 || !absl::StartsWith(o.name, "hazard:") ||
          o.result.verdict != Verdict::kHazard) {
        continue;
      }
      const OracleFinding* f = o.result.findings.empty() ? nullptr : &o.result.findings[0];
      std::fprintf(stderr, "dmasim replay: --fail-on hazard: %s: %s: %zu finding(s)%s\n",
                   file.c_str(), o.name.c_str(), o.result.findings.size(),
                   f == nullptr ? ""
                                : absl::StrFormat(" (first: op %d %s)", f->op, f->kind).c_str());
      failed_gate = true;
    }
    failed_expect = failed_expect || !out->expectations_ok();
    if (json) {
      std::printf("%s\n", ReplayToJson(file, *trace, *out).c_str());
    } else if (table) {
      rows.push_back({file, trace->platform.arch, std::move(*out)});
    } else {
      std::printf("%s", ReplayToText(file, *trace, *out).c_str());
    }
  }
  if (table) std::printf("%s", FindingsTable(rows).c_str());
  std::fflush(stdout);
  if (status != 0) return status;
  return (failed_gate || failed_expect) ? 1 : 0;
}

}  // namespace

const CommandSpec kReplayCommand = {
    "replay", "", "FILE|DIR...",
    "Replays traces through the dma-debug era models, exact, the contract oracle and the "
    "hazard oracle; a directory means every *.dma below it.",
    kReplayFlags, RunReplay};

}  // namespace dmasim::cli
