// `dmasim gen skb`: a network-stack workload as a trace (model/workload). The flags are the
// generator's parameter block (SkbParams); the generator checks the ranges, so a bad value
// gets its message and exit status 2 here.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "model/base/atomic_file.h"
#include "model/trace/trace_printer.h"
#include "model/workload/skb_generator.h"

namespace dmasim::cli {
namespace {

// The generator's parameter block (SkbParams, model/workload/skb_generator.h): defaults
// mirror SkbParams', ranges are checked by the generator.
constexpr FlagSpec kGenFlags[] = {
    {"profile", FlagType::kString, "", "P", "driver profile ('list' prints them)"},
    {"seed", FlagType::kInt, "1", "N", "PRNG seed"},
    {"packets", FlagType::kInt, "8", "K",
     "packets / RX frames / events / RDMA transfers to generate (1..4096)"},
    {"platform", FlagType::kList, "arm64", "ARCH", "the arch of the generated trace (one)"},
    {"inflight", FlagType::kInt, "4", "N", "TX skbs in flight / RX ring size and held skbs (1..64)"},
    {"out-of-order", FlagType::kBool, "false", "",
     "TX completions / RX skb releases in random order instead of oldest first"},
    {"mss", FlagType::kInt, "1448", "N", "TX payload of a full TCP segment (1..9000)"},
    {"first-payload", FlagType::kInt, "48", "N",
     "TX payload of skb #1, skb #2 then carries a full mss (E1's 48 then 1448); 0 draws both "
     "like the rest (0..65536)"},
    {"small-percent", FlagType::kInt, "25", "N",
     "chance (%) that a later TX skb carries a short payload (0..100)"},
    {"rx-buf", FlagType::kInt, "0", "N",
     "RX buffer bytes: 0 page halves, else page_pool fragments (64..4096)"},
    {"rx-build-skb", FlagType::kBool, "true", "",
     "RX build_skb (shinfo in the buffer tail); false copies the headers out"},
    {"bounce-kmalloc", FlagType::kString, "auto", "auto|yes|no",
     "CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC, devices get swiotlb (auto: on for kmalloc-small on "
     "arm64)"},
    {"coherent-devices", FlagType::kString, "auto", "auto|yes|no",
     "devices DMA-coherent (auto: iff the arch is)"},
    {"o", FlagType::kString, "", "FILE", "output file, written atomically (default: stdout)"},
};

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

// Out-of-range values stay out of range (the generator rejects them with its message).
int ClampInt(int64_t v) {
  return static_cast<int>(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX));
}
uint32_t ClampUint(int64_t v) {
  return v < 0 ? UINT32_MAX : static_cast<uint32_t>(std::min<int64_t>(v, UINT32_MAX));
}

void PrintProfiles() {
  for (const SkbProfileInfo& p : SkbProfiles()) {
    std::printf("%-14s %s\n%-14s %s\n", p.name.c_str(), p.driver.c_str(), "",
                p.summary.c_str());
  }
}

int RunGen(const ParsedFlags& flags, const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "skb") {
    std::fprintf(stderr, "dmasim gen: %s\n%s",
                 args.empty() ? "which generator? (only 'skb' exists)"
                              : absl::StrCat("unknown generator '", args[0],
                                             "' (only 'skb' exists)").c_str(),
                 UsageLine(kGenCommand, 7).c_str());
    return 2;
  }
  if (args.size() > 1) {
    std::fprintf(stderr, "dmasim gen skb: unexpected argument '%s' (gen takes flags only)\n"
                 "usage: %s\n", args[1].c_str(), UsageLine(kGenCommand, 7).c_str());
    return 2;
  }
  SkbParams params;
  params.profile = flags.String("profile");
  if (params.profile == "list") {
    PrintProfiles();
    return 0;
  }
  params.seed = static_cast<uint64_t>(flags.Int("seed"));
  params.packets = ClampInt(flags.Int("packets"));
  params.inflight = ClampInt(flags.Int("inflight"));
  params.out_of_order = flags.Bool("out-of-order");
  params.mss = ClampUint(flags.Int("mss"));
  params.first_payload = ClampUint(flags.Int("first-payload"));
  params.small_percent = ClampUint(flags.Int("small-percent"));
  params.rx_buf = ClampUint(flags.Int("rx-buf"));
  params.rx_build_skb = flags.Bool("rx-build-skb");
  if (!ParseTriState("bounce-kmalloc", flags.String("bounce-kmalloc"),
                     &params.bounce_kmalloc) ||
      !ParseTriState("coherent-devices", flags.String("coherent-devices"),
                     &params.coherent_devices)) {
    return 2;
  }
  const std::vector<std::string>& archs = flags.List("platform");
  if (archs.size() != 1) {
    std::fprintf(stderr, "dmasim gen: one --platform only\n");
    return 2;
  }
  params.arch = archs[0];
  absl::StatusOr<Trace> trace = GenerateSkbTrace(params);
  if (!trace.ok()) {
    std::fprintf(stderr, "dmasim gen: %s\n", std::string(trace.status().message()).c_str());
    return 2;
  }
  const std::string text = PrintTrace(*trace);
  const std::string out = flags.String("o");
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

}  // namespace

const CommandSpec kGenCommand = {
    "gen", "skb", "",
    "Generates a network-stack workload trace (page_frag, kmalloc'd heads, page_pool RX, "
    "driver mapping profiles) from a parameter block.",
    kGenFlags, RunGen};

}  // namespace dmasim::cli
