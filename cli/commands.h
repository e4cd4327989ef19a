// The commands of `dmasim`, one CommandSpec each (name, arguments, flag table, entry point),
// defined in their own files (replay_command.cc, gen_command.cc, ...). main.cc lists them.
// Every entry point returns the process exit status: 0 success, 1 a --fail-on condition or
// a failed `expect`, 2 bad usage or input.
#ifndef DMASIM_CLI_COMMANDS_H_
#define DMASIM_CLI_COMMANDS_H_

#include "cli/flag_table.h"

namespace dmasim::cli {

extern const CommandSpec kReplayCommand;
extern const CommandSpec kGenCommand;
extern const CommandSpec kHuntCommand;
extern const CommandSpec kMinimizeCommand;
extern const CommandSpec kImportCommand;
extern const CommandSpec kExportCommand;
extern const CommandSpec kMatrixCommand;
extern const CommandSpec kExplainCommand;

}  // namespace dmasim::cli

#endif  // DMASIM_CLI_COMMANDS_H_
