// `dmasim matrix [DIR|FILE...] [--format md|json] [-o OUT]`: the repro x era x platform table
// of verdicts (model/export/findings_matrix.h). docs/findings.md is this command's output
// over repro/.

#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/trace_paths.h"
#include "model/base/atomic_file.h"
#include "model/export/findings_matrix.h"
#include "model/trace/trace_parser.h"
#include "model/verdict/replay.h"

namespace dmasim::cli {
namespace {

constexpr FlagSpec kMatrixFlags[] = {
    {"format", FlagType::kString, "md", "md|json", "Markdown (docs/findings.md) or JSON"},
    {"o", FlagType::kString, "", "OUT", "output file (written atomically; default: stdout)"},
};

int RunMatrix(const ParsedFlags& flags, const std::vector<std::string>& args) {
  const std::string format = flags.String("format");
  if (format != "md" && format != "json") {
    std::fprintf(stderr, "dmasim matrix: --format takes md or json, not '%s'\n", format.c_str());
    return 2;
  }
  if (args.empty()) {
    std::fprintf(stderr, "dmasim matrix: no DIR or FILE given\n");
    return 2;
  }
  std::vector<MatrixRow> rows;
  for (const TracePath& p : ExpandPaths(args)) {
    if (!p.error.empty()) {
      std::fprintf(stderr, "%s\n", p.error.c_str());
      return 2;
    }
    absl::StatusOr<Trace> t = ParseTraceFile(p.path);
    absl::Status s = t.ok() ? CheckExpectTargets(*t, p.path) : t.status();
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
      return 2;
    }
    absl::StatusOr<MatrixRow> row = BuildMatrixRow(*t, p.path);
    if (!row.ok()) {
      std::fprintf(stderr, "%s: %s\n", p.path.c_str(), std::string(row.status().message()).c_str());
      return 2;
    }
    rows.push_back(*row);
  }
  const std::string text = format == "md" ? MatrixMarkdown(rows) : MatrixJson(rows);
  const std::string out = flags.String("o");
  if (out.empty() || out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  if (absl::Status s = WriteFileAtomically(out, text); !s.ok()) {
    std::fprintf(stderr, "dmasim matrix: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  return 0;
}

}  // namespace

extern const CommandSpec kMatrixCommand = {
    "matrix", "", "DIR|FILE...",
    "the repro x era x platform table of verdicts: every era's reports and classes, the "
    "contract findings, the hazard verdict on every platform (docs/findings.md)",
    kMatrixFlags, RunMatrix};

}  // namespace dmasim::cli
