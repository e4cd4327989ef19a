// Command-line flags as data. Each `dmasim` command declares its flags once, in a table of
// FlagSpec rows (name, type, default, help); parsing, the usage line and `dmasim help
// COMMAND` all come from that table, so they cannot drift apart.
//
// Syntax accepted for a flag NAME (dashes and underscores are the same: --fail-on ==
// --fail_on, and one leading dash is as good as two):
//   --NAME=VALUE, --NAME VALUE         every type
//   --NAME, --noNAME / --no-NAME       booleans (also --NAME=true|false|yes|no)
//   repeated, or VALUE,VALUE           lists: every occurrence adds
//   --                                 ends the flags; what follows is positional
// A flag that is not in the command's table is an error; if another command has it, the
// error names that command.
#ifndef DMASIM_CLI_FLAG_TABLE_H_
#define DMASIM_CLI_FLAG_TABLE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace dmasim::cli {

enum class FlagType : uint8_t { kBool, kInt, kString, kList };

// One row of a command's flag table.
struct FlagSpec {
  absl::string_view name;           // as users type it, with dashes: "fail-on", "o"
  FlagType type;
  absl::string_view default_value;  // as text: "1", "false", "auto"; "" for none
  absl::string_view value_name;     // shown in usage and help: "ID", "N", "FILE"
  absl::string_view help;
};

// The flag values of one command line, by flag name, with every default filled in.
class ParsedFlags {
 public:
  bool Bool(absl::string_view name) const;
  int64_t Int(absl::string_view name) const;
  const std::string& String(absl::string_view name) const;
  const std::vector<std::string>& List(absl::string_view name) const;
  bool Given(absl::string_view name) const;  // on the command line, not defaulted

 private:
  friend class FlagParser;
  const FlagSpec& Spec(absl::string_view name, FlagType type) const;

  absl::Span<const FlagSpec> specs_;
  std::map<std::string, std::vector<std::string>, std::less<>> values_;  // by name
  std::map<std::string, bool, std::less<>> given_;
};

// One `dmasim` command: its name, its positional arguments, its flags, its entry point.
struct CommandSpec {
  absl::string_view name;     // "replay"
  absl::string_view lead;     // words right after the name ("skb" for `gen skb`), or ""
  absl::string_view args;     // positional arguments after the flags: "FILE|DIR..."
  absl::string_view summary;  // one line for `dmasim help`
  absl::Span<const FlagSpec> flags;
  int (*run)(const ParsedFlags& flags, const std::vector<std::string>& args);
};

// Parses the arguments after the command word. `all` is every command, for the "belongs
// to" error. On error: InvalidArgument with a one-line message (no usage).
class FlagParser {
 public:
  FlagParser(const CommandSpec& command, absl::Span<const CommandSpec* const> all)
      : command_(command), all_(all) {}
  absl::Status Parse(const std::vector<std::string>& args, ParsedFlags* flags,
                     std::vector<std::string>* positional, bool* help) const;

 private:
  absl::Status Set(const FlagSpec& spec, absl::string_view value, ParsedFlags* flags) const;
  absl::Status Unknown(absl::string_view arg, absl::string_view name) const;

  const CommandSpec& command_;
  absl::Span<const CommandSpec* const> all_;
};

// "dmasim replay [--checker ID]... [--json] FILE|DIR...", wrapped at 96 columns with
// continuation lines indented under the first flag; `margin` columns precede it.
std::string UsageLine(const CommandSpec& command, size_t margin = 0);
// `text` wrapped at 96 columns, every line starting with `indent`.
std::string Wrap(absl::string_view text, size_t indent);
// The usage line, the summary and one line per flag with its default.
std::string CommandHelp(const CommandSpec& command);
// The flag name of an argument: "--fail-on=x" and "-fail_on" are both "fail-on"; empty when
// `arg` is not a flag.
std::string FlagName(absl::string_view arg);

}  // namespace dmasim::cli

#endif  // DMASIM_CLI_FLAG_TABLE_H_
