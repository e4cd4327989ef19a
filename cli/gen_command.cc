// `dmasim gen skb`: a network-stack workload as a trace (model/workload).

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "model/atomic_file.h"
#include "model/trace_printer.h"
#ifdef DMASIM_HAVE_WORKLOAD
#include "model/workload/skb_generator.h"
#endif

namespace dmasim {

int RunGen(const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0] != "skb") {
    std::fprintf(stderr, "usage: dmasim gen skb --profile P [--seed N] [--packets K] "
                         "[--platform ARCH] [-o FILE]\n");
    return 2;
  }
#ifdef DMASIM_HAVE_WORKLOAD
  SkbParams params;
  params.profile = absl::GetFlag(FLAGS_profile);
  params.seed = absl::GetFlag(FLAGS_seed);
  params.packets = absl::GetFlag(FLAGS_packets);
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
#else
  std::fprintf(stderr, "dmasim gen: the workload generator is not part of this build\n");
  return 2;
#endif
}

}  // namespace dmasim
