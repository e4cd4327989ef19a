// `dmasim import tracefs FILE|-`: a kernel's dma tracepoint log (tracefs `trace` text or
// `trace-cmd report`) as a .dma trace (model/import, docs/import.md). The output is written
// as it is produced: to stdout, or with -o to a file, atomically (a failed import leaves
// the file as it was).

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "model/import/importer.h"
#include "model/trace/trace_parser.h"

namespace dmasim::cli {
namespace {

constexpr FlagSpec kImportFlags[] = {
    {"o", FlagType::kString, "", "OUT.dma", "output file, written atomically (default: stdout)"},
    {"platform", FlagType::kList, "x86", "ARCH", "the arch of the trace (one; the log's machine)"},
    {"coherent", FlagType::kList, "", "DEV",
     "this device (dev_name as traced, its trace name, or all) is DMA-coherent (repeatable)"},
    {"noncoherent", FlagType::kList, "", "DEV",
     "this device is not DMA-coherent (repeatable; the default for every device)"},
    {"mapping-error", FlagType::kBool, "true", "",
     "emit mapping_error after every successful single map (the driver's unlogged check)"},
    {"unchecked", FlagType::kList, "", "DEV",
     "no mapping_error for this device's maps: its driver does not check (repeatable)"},
};

int RunImport(const ParsedFlags& flags, const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "tracefs") {
    std::fprintf(stderr, "dmasim import: %s\nusage: %s\n",
                 args.empty() ? "which log format? (only 'tracefs' exists)"
                              : absl::StrCat("unknown log format '", args[0],
                                             "' (only 'tracefs' exists)").c_str(),
                 UsageLine(kImportCommand, 7).c_str());
    return 2;
  }
  if (args.size() != 2) {
    std::fprintf(stderr, "dmasim import tracefs: %s\nusage: %s\n",
                 args.size() < 2 ? "no FILE given (- for stdin)" : "one FILE only",
                 UsageLine(kImportCommand, 7).c_str());
    return 2;
  }
  const std::vector<std::string>& archs = flags.List("platform");
  if (archs.size() != 1) {
    std::fprintf(stderr, "dmasim import: one --platform only\n");
    return 2;
  }
  import::ImportOptions options;
  options.arch = archs[0];
  options.coherent = flags.List("coherent");
  options.noncoherent = flags.List("noncoherent");
  options.mapping_error = flags.Bool("mapping-error");
  options.unchecked = flags.List("unchecked");

  const std::string out_path = flags.String("o");
  std::unique_ptr<import::OutputSink> sink;
  if (out_path.empty() || out_path == "-") {
    sink = import::StdoutSink();
  } else {
    absl::StatusOr<std::unique_ptr<import::OutputSink>> f = import::AtomicFileSink(out_path);
    if (!f.ok()) {
      std::fprintf(stderr, "dmasim import: %s\n", std::string(f.status().message()).c_str());
      return 2;
    }
    sink = std::move(*f);
  }
  import::ImportStats stats;
  absl::Status s = import::ImportTracefs(args[1], options, sink.get(), &stats);
  if (s.ok()) s = sink->Commit();
  if (!s.ok()) {
    // Errors about the log start with its name ("FILE:LINE:COL: message" for a malformed
    // line); the others get the command's prefix.
    const bool located = absl::StartsWith(s.message(), absl::StrCat(TraceName(args[1]), ":"));
    std::fprintf(stderr, "%s%s\n", located ? "" : "dmasim import: ",
                 std::string(s.message()).c_str());
    return 2;
  }
  std::fprintf(stderr,
               "dmasim import: %lld ops from %lld dma events (%lld kept as comments), %zu "
               "devices, %zu buffers\n",
               static_cast<long long>(stats.ops), static_cast<long long>(stats.stream.dma_events),
               static_cast<long long>(stats.dropped_total()), stats.devices, stats.buffers);
  if (stats.ops > static_cast<int64_t>(kMaxOps)) {
    std::fprintf(stderr, "dmasim import: note: more than %zu ops, the most dmasim replay reads: "
                         "import a part of the log to replay it\n", kMaxOps);
  }
  return 0;
}

}  // namespace

const CommandSpec kImportCommand = {
    "import", "tracefs", "FILE|-",
    "Turns a kernel's dma tracepoint log (tracefs trace text or trace-cmd report) into a "
    ".dma trace: a device per dev_name, a buffer per physical range, a handle per mapping.",
    kImportFlags, RunImport};

}  // namespace dmasim::cli
