// `dmasim export kunit FILE [-o OUT.c] [--checker ID]`: the trace as a self-contained KUnit
// suite (model/export/kunit_export.h). Written atomically to OUT (stdout without -o); a trace
// the kernel cannot express is an error naming the op (exit 2).

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/trace_paths.h"
#include "model/base/atomic_file.h"
#include "model/export/kunit_export.h"
#include "model/trace/trace_parser.h"
#include "model/verdict/replay.h"

namespace dmasim::cli {
namespace {

constexpr FlagSpec kExportFlags[] = {
    {"o", FlagType::kString, "", "OUT.c", "output file (written atomically; default: stdout)"},
    {"checker", FlagType::kString, "linux-6.1", "ID",
     "the dma-debug model whose messages the suite predicts, and the kernel it is for"},
};

int Fail(const std::string& msg) {
  std::fprintf(stderr, "dmasim export kunit: %s\n", msg.c_str());
  return 2;
}

int RunExport(const ParsedFlags& flags, const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "kunit") {
    std::fprintf(stderr, "dmasim export: %s\nusage: %s\n",
                 args.empty() ? "which format? (only 'kunit' exists)"
                              : absl::StrCat("unknown format '", args[0],
                                             "' (only 'kunit' exists)").c_str(),
                 UsageLine(kExportCommand, 7).c_str());
    return 2;
  }
  if (args.size() != 2) return Fail("one trace FILE expected");
  const std::string& in = args[1];
  absl::StatusOr<Trace> trace = ParseTraceFile(in);
  if (!trace.ok()) {
    std::fprintf(stderr, "%s\n", std::string(trace.status().message()).c_str());
    return 2;
  }
  if (absl::Status s = CheckExpectTargets(*trace, in); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    return 2;
  }
  KunitExportOptions options;
  options.checker = flags.String("checker");
  absl::StatusOr<std::string> c = ExportKunit(*trace, in, options);
  if (!c.ok()) {
    std::fprintf(stderr, "%s\n", std::string(c.status().message()).c_str());
    return 2;
  }
  const std::string out = flags.String("o");
  if (out.empty() || out == "-") {
    std::fwrite(c->data(), 1, c->size(), stdout);
    return 0;
  }
  if (absl::Status s = WriteFileAtomically(out, *c); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  return 0;
}

}  // namespace

extern const CommandSpec kExportCommand = {
    "export", "kunit", "FILE",
    "the trace as a self-contained KUnit suite in C replaying it through a real kernel's DMA "
    "API, with the dma-debug messages the chosen era model predicts (docs/kunit.md)",
    kExportFlags, RunExport};

}  // namespace dmasim::cli
