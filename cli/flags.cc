#include "cli/flags.h"

#include <algorithm>
#include <map>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"

// replay
ABSL_FLAG(std::vector<std::string>, checker, {},
          "replay: checker ids or kernel versions (repeatable; default: all that exist)");
ABSL_FLAG(std::vector<std::string>, oracle, {},
          "replay: contract and/or hazard (repeatable; default: both)");
ABSL_FLAG(std::vector<std::string>, platform, {},
          "replay: archs for the hazard oracle (repeatable; default: the trace's); "
          "gen: the arch of the generated trace");
ABSL_FLAG(std::vector<std::string>, fail_on, {},
          "replay: exit 1 on any false-positive, missed-overlap or hazard (repeatable)");
ABSL_FLAG(bool, json, false, "replay: one JSON object per file (one per line)");
ABSL_FLAG(bool, table, false, "replay: print the findings table instead of per-op reports");
ABSL_FLAG(bool, all_errors, false, "replay: dma-debug prints every error (debugfs all_errors)");
ABSL_FLAG(uint32_t, num_errors, 1, "replay: dma-debug prints this many errors (debugfs num_errors)");
// gen
// gen skb: the workload parameter block (model/workload/skb_generator.h, SkbParams; ranges
// are checked there). Defaults mirror SkbParams'.
ABSL_FLAG(std::string, profile, "", "gen skb: driver profile ('list' prints them)");
ABSL_FLAG(uint64_t, seed, 1, "gen skb: PRNG seed");
ABSL_FLAG(int32_t, packets, 8,
          "gen skb: packets / RX frames / events / RDMA transfers to generate (1..4096)");
ABSL_FLAG(int32_t, inflight, 4,
          "gen skb: TX skbs in flight / RX ring size and held skbs (1..64)");
ABSL_FLAG(bool, out_of_order, false,
          "gen skb: TX completions / RX skb releases in random order instead of oldest first");
ABSL_FLAG(uint32_t, mss, 1448, "gen skb: TX payload of a full TCP segment (1..9000)");
ABSL_FLAG(uint32_t, first_payload, 48,
          "gen skb: TX payload of skb #1, skb #2 then carries a full mss (E1's 48 then 1448); "
          "0 draws both like the rest (0..65536)");
ABSL_FLAG(uint32_t, small_percent, 25,
          "gen skb: chance (%) that a later TX skb carries a short payload (0..100)");
ABSL_FLAG(uint32_t, rx_buf, 0,
          "gen skb: RX buffer bytes: 0 page halves, else page_pool fragments (64..4096)");
ABSL_FLAG(bool, rx_build_skb, true,
          "gen skb: RX build_skb (shinfo in the buffer tail); false copies the headers out");
ABSL_FLAG(std::string, bounce_kmalloc, "auto",
          "gen skb: CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC, devices get swiotlb: auto (on for "
          "kmalloc-small on arm64), yes, no");
ABSL_FLAG(std::string, coherent_devices, "auto",
          "gen skb: devices DMA-coherent: auto (iff the arch is), yes, no");
ABSL_FLAG(std::string, o, "", "gen: output file (written atomically; default stdout)");

namespace dmasim {

std::string FlagName(const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return "";
  std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
  name = name.substr(0, name.find('='));
  std::replace(name.begin(), name.end(), '-', '_');  // --fail-on == --fail_on
  return name;
}

std::vector<std::string> JoinRepeatedListFlags(const std::vector<std::string>& args) {
  static const char* const kLists[] = {"checker", "oracle", "platform", "fail_on"};
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      rest.insert(rest.end(), args.begin() + static_cast<long>(i), args.end());
      break;
    }
    bool taken = false;
    const std::string key = FlagName(a);
    const size_t eq = a.find('=');
    for (const char* name : kLists) {
      if (key != name) continue;
      if (eq != std::string::npos) {
        values[name].push_back(a.substr(eq + 1));
        taken = true;
      } else if (i + 1 < args.size()) {
        values[name].push_back(args[++i]);
        taken = true;
      }
      break;
    }
    if (!taken) rest.push_back(a);
  }
  for (const auto& [name, vals] : values) {
    rest.insert(rest.begin() + (rest.empty() ? 0 : 1),
                "--" + name + "=" + absl::StrJoin(vals, ","));
  }
  return rest;
}

}  // namespace dmasim
