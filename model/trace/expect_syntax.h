// The syntax of `expect` statements (docs/trace-format.md, "Expectations"), shared by the
// parser, ValidateTrace, RemoveOps and the expectation matcher, so that one rule decides
// what a target or a verdict word is.
//
//   expect TARGET WORD...
//   TARGET: "contract", "hazard:ARCH" (an arch of the platform table), or a checker-shaped
//           word (lower-case letters, digits, '.', '-', '_'; the registry resolves it);
//   WORD:   exactly one of "none", "safe", "unknown"; or KIND or KIND@OP words, KIND made
//           of lower-case letters, digits and '-', OP an op index (decimal or 0x hex,
//           below kMaxOps).
#ifndef DMASIM_MODEL_TRACE_EXPECT_SYNTAX_H_
#define DMASIM_MODEL_TRACE_EXPECT_SYNTAX_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace dmasim {

// One verdict word taken apart: "eexist@3" is {kind "eexist", op 3}; "eexist" has no op.
struct VerdictItem {
  std::string kind;
  std::optional<uint64_t> op;
};

bool IsExpectTarget(absl::string_view target);
// Whether `word` is a valid verdict word of an expect line holding `count` words (the solo
// words none/safe/unknown must be alone).
bool IsVerdictWord(absl::string_view word, size_t count);
bool IsSoloVerdictWord(absl::string_view word);  // none, safe, unknown
// Splits a KIND[@OP] word; nullopt when it is not one (a solo word is returned as a kind).
std::optional<VerdictItem> ParseVerdictItem(absl::string_view word);

}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_EXPECT_SYNTAX_H_
