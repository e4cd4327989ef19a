// `dmasim gen skb`: a network-stack workload as a trace (model/workload). The flags are the
// generator's parameter block (SkbParams); the generator checks the ranges, so a bad value
// gets its message and exit status 2 here.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "model/base/atomic_file.h"
#include "model/trace/trace_printer.h"
#include "model/workload/skb_generator.h"

namespace dmasim {
namespace {

constexpr char kGenUsage[] =
    "usage: dmasim gen skb --profile P|list [--seed N] [--packets K] [--platform ARCH]\n"
    "                      [--inflight N] [--out-of-order] [--mss N] [--first-payload N]\n"
    "                      [--small-percent N] [--rx-buf N] [--rx-build-skb=true|false]\n"
    "                      [--bounce-kmalloc auto|yes|no] [--coherent-devices auto|yes|no]\n"
    "                      [-o FILE]\n";

// auto|yes|no -> -1|1|0 (SkbParams' tri-states); false on any other word.
bool ParseTriState(const std::string& flag, const std::string& v, int* out) {
  if (v == "auto") {
    *out = -1;
  } else if (v == "yes") {
    *out = 1;
  } else if (v == "no") {
    *out = 0;
  } else {
    std::fprintf(stderr, "dmasim gen: --%s must be auto, yes or no (got '%s')\n", flag.c_str(),
                 v.c_str());
    return false;
  }
  return true;
}

void PrintProfiles() {
  for (const SkbProfileInfo& p : SkbProfiles()) {
    std::printf("%-14s %s\n%-14s %s\n", p.name.c_str(), p.driver.c_str(), "",
                p.summary.c_str());
  }
}

}  // namespace

int RunGen(const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "skb") {
    std::fprintf(stderr, "dmasim gen: %s\n%s",
                 args.empty() ? "which generator? (only 'skb' exists)"
                              : absl::StrCat("unknown generator '", args[0],
                                             "' (only 'skb' exists)").c_str(),
                 kGenUsage);
    return 2;
  }
  if (args.size() > 1) {
    std::fprintf(stderr, "dmasim gen skb: unexpected argument '%s' (gen takes flags only)\n%s",
                 args[1].c_str(), kGenUsage);
    return 2;
  }
  SkbParams params;
  params.profile = absl::GetFlag(FLAGS_profile);
  if (params.profile == "list") {
    PrintProfiles();
    return 0;
  }
  params.seed = absl::GetFlag(FLAGS_seed);
  params.packets = absl::GetFlag(FLAGS_packets);
  params.inflight = absl::GetFlag(FLAGS_inflight);
  params.out_of_order = absl::GetFlag(FLAGS_out_of_order);
  params.mss = absl::GetFlag(FLAGS_mss);
  params.first_payload = absl::GetFlag(FLAGS_first_payload);
  params.small_percent = absl::GetFlag(FLAGS_small_percent);
  params.rx_buf = absl::GetFlag(FLAGS_rx_buf);
  params.rx_build_skb = absl::GetFlag(FLAGS_rx_build_skb);
  if (!ParseTriState("bounce-kmalloc", absl::GetFlag(FLAGS_bounce_kmalloc),
                     &params.bounce_kmalloc) ||
      !ParseTriState("coherent-devices", absl::GetFlag(FLAGS_coherent_devices),
                     &params.coherent_devices)) {
    return 2;
  }
  const std::vector<std::string> archs = absl::GetFlag(FLAGS_platform);
  if (archs.size() > 1) {
    std::fprintf(stderr, "dmasim gen: one --platform only\n");
    return 2;
  }
  if (!archs.empty()) params.arch = archs[0];
  absl::StatusOr<Trace> trace = GenerateSkbTrace(params);
  if (!trace.ok()) {
    std::fprintf(stderr, "dmasim gen: %s\n", std::string(trace.status().message()).c_str());
    return 2;
  }
  const std::string text = PrintTrace(*trace);
  const std::string out = absl::GetFlag(FLAGS_o);
  if (out.empty() || out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  if (absl::Status s = WriteFileAtomically(out, text); !s.ok()) {
    std::fprintf(stderr, "dmasim gen: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  return 0;
}

}  // namespace dmasim
