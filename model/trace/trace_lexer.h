// Splits `.dma` text into statements of tokens, each with its 1-based column, and parses
// the format's numbers. Used only by the trace parser.
//
// Lexical rules: statements are lines ('\n', an optional '\r' before it is dropped); '#'
// starts a comment to the end of the line; tokens are separated by spaces or tabs; ',' is
// always a token of its own. Any other control byte or a byte >= 0x7f is an error: traces are
// ASCII.
#ifndef DMASIM_MODEL_TRACE_TRACE_LEXER_H_
#define DMASIM_MODEL_TRACE_TRACE_LEXER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dmasim {

// One token of a statement, with its column for error messages.
struct Token {
  absl::string_view text;
  int col = 1;  // 1-based byte column
};

// One non-empty statement (line) of a trace.
struct Statement {
  int line = 0;  // 1-based
  std::vector<Token> tokens;
};

// Lexes `text` one statement at a time, so that a parser stops at the first error without
// lexing (or holding the tokens of) the rest of a 64 MiB input. Errors are statuses
// "FILE:LINE:COL: message".
class StatementLexer {
 public:
  StatementLexer(absl::string_view text, absl::string_view filename)
      : text_(text), filename_(filename) {}
  // The next non-empty statement into *out: true; false at the end of the input.
  absl::StatusOr<bool> Next(Statement* out);

 private:
  absl::string_view text_;
  absl::string_view filename_;
  size_t pos_ = 0;
  int line_ = 1;
  bool checked_size_ = false;
};

// Lexes all of `text` (StatementLexer to the end).
absl::Status LexTrace(absl::string_view text, absl::string_view filename,
                      std::vector<Statement>* out);

// Parses a decimal or 0x-hex unsigned 64-bit number; nullopt if `s` is not one or overflows.
// `overflow` (optional) is set when `s` is a well-formed number too large for 64 bits.
std::optional<uint64_t> ParseNumber(absl::string_view s, bool* overflow = nullptr);

}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_TRACE_LEXER_H_
