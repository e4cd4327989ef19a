// The subcommands of `dmasim`. Each returns the process exit status.
#ifndef DMASIM_CLI_COMMANDS_H_
#define DMASIM_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace dmasim {

int RunReplay(const std::vector<std::string>& files);  // flags: see cli/flags.cc
int RunGen(const std::vector<std::string>& args);

}  // namespace dmasim

#endif  // DMASIM_CLI_COMMANDS_H_
