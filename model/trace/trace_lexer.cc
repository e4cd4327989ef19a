#include "model/trace/trace_lexer.h"

#include "absl/strings/str_format.h"
#include "model/trace/trace_parser.h"

namespace dmasim {

absl::StatusOr<bool> StatementLexer::Next(Statement* out) {
  auto error = [&](int line, int col, const std::string& msg) {
    return absl::InvalidArgumentError(absl::StrFormat("%s:%d:%d: %s", filename_, line, col, msg));
  };
  if (!checked_size_) {
    checked_size_ = true;
    if (text_.size() > kMaxTraceBytes) {
      return error(1, 1, absl::StrFormat("trace too large (%u bytes; the limit is %u)",
                                         text_.size(), kMaxTraceBytes));
    }
  }
  while (pos_ < text_.size()) {
    size_t end = text_.find('\n', pos_);
    if (end == absl::string_view::npos) end = text_.size();
    absl::string_view raw = text_.substr(pos_, end - pos_);
    const int line = line_;
    pos_ = end + 1;
    ++line_;
    if (raw.size() > kMaxLineBytes) {
      return error(line, 1, absl::StrFormat("line too long (%u bytes; the limit is %u)",
                                            raw.size(), kMaxLineBytes));
    }
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    Statement st;
    st.line = line;
    size_t i = 0;
    while (i < raw.size()) {
      const unsigned char c = static_cast<unsigned char>(raw[i]);
      if (c == '#') break;
      if (c == ' ' || c == '\t') {
        ++i;
        continue;
      }
      if (c < 0x20 || c >= 0x7f) {
        return error(line, static_cast<int>(i) + 1,
                     absl::StrFormat("invalid byte 0x%02x: traces are ASCII text", c));
      }
      if (c == ',') {
        st.tokens.push_back({raw.substr(i, 1), static_cast<int>(i) + 1});
        ++i;
        continue;
      }
      size_t j = i;
      while (j < raw.size()) {
        const unsigned char d = static_cast<unsigned char>(raw[j]);
        if (d == ' ' || d == '\t' || d == ',' || d == '#' || d < 0x20 || d >= 0x7f) break;
        ++j;
      }
      st.tokens.push_back({raw.substr(i, j - i), static_cast<int>(i) + 1});
      i = j;
    }
    if (!st.tokens.empty()) {
      *out = std::move(st);
      return true;
    }
  }
  return false;
}

absl::Status LexTrace(absl::string_view text, absl::string_view filename,
                      std::vector<Statement>* out) {
  StatementLexer lexer(text, filename);
  Statement st;
  while (true) {
    absl::StatusOr<bool> more = lexer.Next(&st);
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
    out->push_back(std::move(st));
  }
}

std::optional<uint64_t> ParseNumber(absl::string_view s, bool* overflow) {
  if (overflow != nullptr) *overflow = false;
  uint64_t base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  bool too_big = false;
  for (char ch : s) {
    uint64_t digit;
    if (ch >= '0' && ch <= '9') {
      digit = static_cast<uint64_t>(ch - '0');
    } else if (base == 16 && ch >= 'a' && ch <= 'f') {
      digit = static_cast<uint64_t>(ch - 'a' + 10);
    } else if (base == 16 && ch >= 'A' && ch <= 'F') {
      digit = static_cast<uint64_t>(ch - 'A' + 10);
    } else {
      return std::nullopt;
    }
    if (value > (~uint64_t{0} - digit) / base) too_big = true;
    value = value * base + digit;
  }
  if (too_big) {
    if (overflow != nullptr) *overflow = true;
    return std::nullopt;
  }
  return value;
}

}  // namespace dmasim
