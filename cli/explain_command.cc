// `dmasim explain FILE [--svg OUT] [--checker ID]... [--platform ARCH]... [--hazard N]`:
// the trace for a person (docs/explain.md). Prints the terminal view; with --svg also
// writes the picture, atomically.

#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "model/base/atomic_file.h"
#include "model/explain/explain_data.h"
#include "model/explain/svg_writer.h"
#include "model/explain/terminal_view.h"
#include "model/trace/trace_parser.h"
#include "model/verdict/replay.h"

namespace dmasim::cli {
namespace {

constexpr FlagSpec kExplainFlags[] = {
    {"svg", FlagType::kString, "", "OUT", "also write the picture as SVG to OUT (atomically)"},
    {"checker", FlagType::kList, "", "ID",
     "checker id or kernel version (repeatable; default: every era and exact)"},
    {"platform", FlagType::kList, "", "ARCH",
     "archs for the hazard oracle, or all (repeatable; default: the trace's and every expect hazard:ARCH)"},
    {"hazard", FlagType::kInt, "0", "N",
     "draw the witness of hazard finding N (as numbered H1, H2, ...; default: the first)"},
};

int Fail(const std::string& msg) {
  std::fprintf(stderr, "dmasim explain: %s\n", msg.c_str());
  return 2;
}

int RunExplain(const ParsedFlags& flags, const std::vector<std::string>& args) {
  if (args.size() != 1) return Fail("one trace expected (FILE)");
  const int64_t hazard = flags.Int("hazard");
  if (hazard < 0 || hazard > 1 << 30) return Fail("--hazard must be a finding number (1, 2, ...)");
  absl::StatusOr<Trace> trace = ParseTraceFile(args[0]);
  if (trace.ok()) {
    if (absl::Status s = CheckExpectTargets(*trace, args[0]); !s.ok()) trace = s;
  }
  if (!trace.ok()) {
    std::fprintf(stderr, "%s\n", std::string(trace.status().message()).c_str());
    return 2;
  }
  ReplayRequest request;
  request.checkers = flags.List("checker");
  request.platforms = flags.List("platform");
  absl::StatusOr<ExplainData> data =
      BuildExplainData(*trace, request, static_cast<int>(hazard));
  if (!data.ok()) return Fail(std::string(data.status().message()));
  std::printf("%s", ExplainText(args[0], *data).c_str());
  std::fflush(stdout);
  const std::string svg = flags.String("svg");
  if (!svg.empty()) {
    if (absl::Status s = WriteFileAtomically(svg, ExplainSvg(args[0], *data)); !s.ok()) {
      return Fail(std::string(s.message()));
    }
  }
  return 0;
}

}  // namespace

const CommandSpec kExplainCommand = {
    "explain", "", "FILE",
    "Shows one trace for a person: the lines each op touches, every report and finding at "
    "its op and line, and a hazard finding's witness; --svg draws it.",
    kExplainFlags, RunExplain};

}  // namespace dmasim::cli
