#include "model/trace/expect_syntax.h"

#include "absl/strings/match.h"
#include "model/trace/platform.h"
#include "model/trace/trace_lexer.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

bool WordOf(absl::string_view w, absl::string_view extra) {
  if (w.empty()) return false;
  for (char c : w) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    extra.find(c) != absl::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool IsExpectTarget(absl::string_view target) {
  if (absl::StartsWith(target, "hazard:")) return FindArch(target.substr(7)) != nullptr;
  return target == "contract" || WordOf(target, ".-_");
}

bool IsSoloVerdictWord(absl::string_view word) {
  return word == "none" || word == "safe" || word == "unknown";
}

std::optional<VerdictItem> ParseVerdictItem(absl::string_view word) {
  const size_t at = word.find('@');
  VerdictItem item;
  item.kind = std::string(word.substr(0, at));
  if (!WordOf(item.kind, "-")) return std::nullopt;
  if (at == absl::string_view::npos) return item;
  std::optional<uint64_t> op = ParseNumber(word.substr(at + 1));
  if (!op || *op >= kMaxOps) return std::nullopt;
  item.op = *op;
  return item;
}

bool IsVerdictWord(absl::string_view word, size_t count) {
  if (IsSoloVerdictWord(word)) return count == 1;
  return ParseVerdictItem(word).has_value();
}

}  // namespace dmasim
