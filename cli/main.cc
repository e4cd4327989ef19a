// dmasim: the command-line driver. Thin: parses flags, reads files, calls model/.
//
//   dmasim replay [--checker ID]... [--oracle contract|hazard]... [--platform ARCH]...
//                 [--json | --table] [--fail-on KIND]... [--all-errors] FILE|DIR...
//   dmasim gen skb --profile P|list [--seed N] [--packets K] [--platform ARCH]
//                  [workload flags, see `dmasim help`] [-o FILE]
//
// Exit status: 0 success; 1 a --fail-on condition or a failed `expect`; 2 bad usage or input.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/flags.h"

namespace dmasim {
namespace {

constexpr char kUsage[] =
    "usage:\n"
    "  dmasim replay [--checker ID]... [--oracle contract|hazard]... [--platform ARCH]...\n"
    "                [--json | --table] [--fail-on false-positive|missed-overlap|hazard]...\n"
    "                [--all-errors] [--num-errors N] FILE|DIR...\n"
    "  dmasim gen skb --profile P|list [--seed N] [--packets K] [--platform ARCH]\n"
    "                 [workload flags below: --inflight, --mss, --rx-buf, ...] [-o FILE]\n"
    "  dmasim help\n";

void PrintHelp() {
  std::fputs(kUsage, stdout);
  std::fputs("\nflags:\n", stdout);
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (absl::StrContains(flag->Filename(), "cli/flags.cc")) {
      std::string shown(name);  // as users type it: --fail-on (--fail_on works too)
      std::replace(shown.begin(), shown.end(), '_', '-');
      rows.emplace_back(shown, flag->Help());
    }
  }
  std::sort(rows.begin(), rows.end());  // never hash-map order
  int width = 0;
  for (const auto& row : rows) width = std::max(width, static_cast<int>(row.first.size()));
  for (const auto& [name, help] : rows) {
    std::printf("  --%-*s  %s\n", width, name.c_str(), help.c_str());
  }
}

// Parses flags (our own loop, so that every error exits 2 with a clear message) and returns
// the positional arguments.
bool ParseFlags(const std::vector<std::string>& args, std::vector<std::string>* positional,
                std::vector<std::pair<std::string, const absl::CommandLineFlag*>>* given) {
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      positional->insert(positional->end(), args.begin() + static_cast<long>(i) + 1, args.end());
      return true;
    }
    if (a == "--help" || a == "-h" || a == "-help") {
      positional->insert(positional->begin(), "help");
      continue;
    }
    if (a.size() < 2 || a[0] != '-') {
      positional->push_back(a);
      continue;
    }
    const std::string name = FlagName(a);
    const size_t eq = a.find('=');
    const bool has_value = eq != std::string::npos;
    std::string value = has_value ? a.substr(eq + 1) : "";
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    bool negated = false;
    if (flag == nullptr && absl::StartsWith(name, "no")) {
      flag = absl::FindCommandLineFlag(name.substr(2));
      negated = flag != nullptr && flag->IsOfType<bool>();
      if (!negated) flag = nullptr;
    }
    if (flag == nullptr || !absl::StrContains(flag->Filename(), "cli/flags.cc")) {
      std::fprintf(stderr, "dmasim: unknown flag '%s'\n%s", a.c_str(), kUsage);
      return false;
    }
    if (flag->IsOfType<bool>() && !has_value) {
      value = negated ? "false" : "true";
    } else if (!has_value) {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "dmasim: flag '%s' needs a value\n", a.c_str());
        return false;
      }
      value = args[++i];
    }
    given->emplace_back(a, flag);
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::fprintf(stderr, "dmasim: bad value for '%s': %s\n", a.c_str(), error.c_str());
      return false;
    }
  }
  return true;
}

// Whether `flag` belongs to `command`: each flag's help in flags.cc starts with the commands
// it serves ("replay: ...", "gen skb: ...", "replay: ...; gen: ..."), the one table of them.
bool FlagServes(const absl::CommandLineFlag& flag, const std::string& command) {
  const std::string help = flag.Help();
  return absl::StartsWith(help, command + ":") || absl::StartsWith(help, command + " ") ||
         absl::StrContains(help, "; " + command + ":") ||
         absl::StrContains(help, "; " + command + " ");
}

}  // namespace
}  // namespace dmasim

int main(int argc, char** argv) {
  using namespace dmasim;
  std::vector<std::string> args = JoinRepeatedListFlags(std::vector<std::string>(argv, argv + argc));
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, const absl::CommandLineFlag*>> given;
  if (!ParseFlags(args, &positional, &given)) return 2;
  if (positional.empty()) {
    std::fprintf(stderr, "dmasim: no command given\n%s", kUsage);
    return 2;
  }
  if (positional[0] == "help" || positional[0] == "--help") {
    PrintHelp();
    return 0;
  }
  const std::string command = positional[0];
  positional.erase(positional.begin());
  if (command == "replay" || command == "gen") {
    for (const auto& [arg, flag] : given) {
      if (!FlagServes(*flag, command)) {
        std::fprintf(stderr, "dmasim %s: flag '%s' is not a %s flag (see dmasim help)\n",
                     command.c_str(), arg.c_str(), command.c_str());
        return 2;
      }
    }
  }
  if (command == "replay") return RunReplay(positional);
  if (command == "gen") return RunGen(positional);
  std::fprintf(stderr, "dmasim: unknown command '%s'\n%s", command.c_str(), kUsage);
  return 2;
}
