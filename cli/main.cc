// dmasim: the command-line driver. Thin: finds the command, parses its flags from its own
// table (cli/flag_table.h), and calls it; the commands call model/.
//
//   dmasim COMMAND [FLAGS] ARGS...
//   dmasim help [COMMAND]
//
// Exit status: 0 success; 1 a --fail-on condition or a failed `expect`; 2 bad usage or input.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/flag_table.h"

namespace dmasim::cli {
namespace {

// Every command, in the order `dmasim help` lists them.
constexpr const CommandSpec* kCommands[] = {
    &kReplayCommand,
    &kGenCommand,
    &kHuntCommand,
    &kMinimizeCommand,
    &kImportCommand,
    &kExportCommand,
    &kMatrixCommand,
    &kExplainCommand,
};

const CommandSpec* FindCommand(const std::string& name) {
  for (const CommandSpec* c : kCommands) {
    if (c->name == name) return c;
  }
  return nullptr;
}

std::string Overview() {
  std::string out = "usage: dmasim COMMAND [FLAGS] ARGS...   (dmasim help COMMAND for its flags)\n";
  for (const CommandSpec* c : kCommands) {
    absl::StrAppend(&out, "\n  ", UsageLine(*c, 2), "\n", Wrap(c->summary, 6), "\n");
  }
  absl::StrAppend(&out, "\n  dmasim help [COMMAND]\n");
  return out;
}

int Help(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(Overview().c_str(), stdout);
    return 0;
  }
  const CommandSpec* c = FindCommand(args[0]);
  if (c == nullptr || args.size() > 1) {
    std::fprintf(stderr, "dmasim help: unknown command '%s'\n%s", args[0].c_str(),
                 Overview().c_str());
    return 2;
  }
  std::fputs(CommandHelp(*c).c_str(), stdout);
  return 0;
}

int Main(const std::vector<std::string>& argv) {
  if (argv.size() < 2) {
    std::fprintf(stderr, "dmasim: no command given\n%s", Overview().c_str());
    return 2;
  }
  const std::string& name = argv[1];
  std::vector<std::string> rest(argv.begin() + 2, argv.end());
  if (name == "help" || name == "--help" || name == "-h") return Help(rest);
  const CommandSpec* command = FindCommand(name);
  if (command == nullptr) {
    std::fprintf(stderr, "dmasim: unknown command '%s'\n%s", name.c_str(), Overview().c_str());
    return 2;
  }
  ParsedFlags flags;
  std::vector<std::string> positional;
  bool help = false;
  absl::Status s = FlagParser(*command, kCommands).Parse(rest, &flags, &positional, &help);
  if (!s.ok()) {
    std::fprintf(stderr, "dmasim %s: %s\nusage: %s\n", name.c_str(),
                 std::string(s.message()).c_str(), UsageLine(*command, 7).c_str());
    return 2;
  }
  if (help) {
    std::fputs(CommandHelp(*command).c_str(), stdout);
    return 0;
  }
  return command->run(flags, positional);
}

}  // namespace
}  // namespace dmasim::cli

int main(int argc, char** argv) {
  return dmasim::cli::Main(std::vector<std::string>(argv, argv + argc));
}
