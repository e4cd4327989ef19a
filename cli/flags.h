// Every command-line flag of `dmasim`, declared in one table (flags.cc), and the argv
// preprocessing that makes --checker/--oracle/--platform/--fail-on repeatable.
#ifndef DMASIM_CLI_FLAGS_H_
#define DMASIM_CLI_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::vector<std::string>, checker);
ABSL_DECLARE_FLAG(std::vector<std::string>, oracle);
ABSL_DECLARE_FLAG(std::vector<std::string>, platform);
ABSL_DECLARE_FLAG(std::vector<std::string>, fail_on);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(bool, table);
ABSL_DECLARE_FLAG(bool, all_errors);
ABSL_DECLARE_FLAG(uint32_t, num_errors);
ABSL_DECLARE_FLAG(std::string, profile);
ABSL_DECLARE_FLAG(uint64_t, seed);
ABSL_DECLARE_FLAG(int32_t, packets);
ABSL_DECLARE_FLAG(int32_t, inflight);
ABSL_DECLARE_FLAG(bool, out_of_order);
ABSL_DECLARE_FLAG(uint32_t, mss);
ABSL_DECLARE_FLAG(uint32_t, first_payload);
ABSL_DECLARE_FLAG(uint32_t, small_percent);
ABSL_DECLARE_FLAG(uint32_t, rx_buf);
ABSL_DECLARE_FLAG(bool, rx_build_skb);
ABSL_DECLARE_FLAG(std::string, bounce_kmalloc);
ABSL_DECLARE_FLAG(std::string, coherent_devices);
ABSL_DECLARE_FLAG(std::string, o);

namespace dmasim {

// The absl name of a flag argument: "--fail-on=x" and "-fail_on" are both "fail_on" (dashes
// and underscores alike). Empty when `arg` is not a flag.
std::string FlagName(const std::string& arg);

// Rewrites repeated list flags ("--checker a --checker=b") into one comma-joined occurrence
// each, so absl's last-one-wins parsing keeps them all. Other arguments keep their order.
std::vector<std::string> JoinRepeatedListFlags(const std::vector<std::string>& args);

}  // namespace dmasim

#endif  // DMASIM_CLI_FLAGS_H_
