#include "model/import/trace_line.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dmasim::import {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

size_t SkipSpaces(absl::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// "CPU:N [LOST M EVENTS]" (tracefs) or "CPU:N [M EVENTS DROPPED]" (trace-cmd).
bool ParseLost(absl::string_view s, uint64_t* lost) {
  if (!absl::StartsWith(s, "CPU:")) return false;
  if (!absl::StrContains(s, "LOST") && !absl::StrContains(s, "DROPPED")) return false;
  *lost = 0;
  const size_t open = s.find('[');
  if (open == absl::string_view::npos) return true;
  size_t i = open + 1;
  if (absl::StartsWith(s.substr(i), "LOST ")) i += 5;
  size_t j = i;
  while (j < s.size() && IsDigit(s[j])) ++j;
  if (j > i && !absl::SimpleAtoi(s.substr(i, j - i), lost)) *lost = 0;
  return true;
}

// Header lines of `trace-cmd report` (and of trace-cmd's multi-buffer output).
bool IsTraceCmdHeader(absl::string_view s) {
  if (absl::StartsWith(s, "cpus=") || absl::StartsWith(s, "version =") ||
      absl::StartsWith(s, "version=") || absl::StartsWith(s, "trace-cmd:")) {
    return true;
  }
  if (absl::StartsWith(s, "CPU ") && absl::EndsWith(s, " is empty")) return true;
  return s.size() >= 2 && s.front() == '[' && s.back() == ']' &&
         s.find(' ') == absl::string_view::npos;  // "[buffer-name]"
}

// Finds the "[CPU]" column: the first "[digits]" preceded by "-PID" (with an optional
// "(TGID)" column between). Returns its '[' offset, or npos.
size_t FindCpuField(absl::string_view line) {
  for (size_t p = line.find('['); p != absl::string_view::npos; p = line.find('[', p + 1)) {
    size_t q = p + 1;
    while (q < line.size() && IsDigit(line[q])) ++q;
    if (q == p + 1 || q >= line.size() || line[q] != ']') continue;
    size_t e = p;
    while (e > 0 && IsSpace(line[e - 1])) --e;
    if (e > 0 && line[e - 1] == ')') {  // "(  123)" TGID column
      const size_t open = line.rfind('(', e - 1);
      if (open == absl::string_view::npos) continue;
      e = open;
      while (e > 0 && IsSpace(line[e - 1])) --e;
    }
    size_t d = e;
    while (d > 0 && IsDigit(line[d - 1])) --d;
    if (d == e || d == 0 || line[d - 1] != '-') continue;
    return p;
  }
  return absl::string_view::npos;
}

// A timestamp "S[.F]" (F: 1..9 digits).
bool ParseTimestamp(absl::string_view t, Timestamp* ts) {
  const size_t dot = t.find('.');
  const absl::string_view whole = t.substr(0, dot);
  if (!AllDigits(whole) || !absl::SimpleAtoi(whole, &ts->whole)) return false;
  ts->nanos = 0;
  if (dot == absl::string_view::npos) return true;
  const absl::string_view frac = t.substr(dot + 1);
  if (!AllDigits(frac) || frac.size() > 9) return false;
  uint32_t v = 0;
  for (char c : frac) v = v * 10 + static_cast<uint32_t>(c - '0');
  for (size_t i = frac.size(); i < 9; ++i) v *= 10;
  ts->nanos = v;
  return true;
}

bool Fail(LineError* err, size_t col0, std::string message) {
  err->col = col0 + 1;
  err->message = std::move(message);
  return false;
}

bool ParseEventLine(absl::string_view line, size_t cpu_open, EventLine* out, LineError* err) {
  const size_t cpu_close = line.find(']', cpu_open);
  if (!absl::SimpleAtoi(line.substr(cpu_open + 1, cpu_close - cpu_open - 1), &out->cpu)) {
    return Fail(err, cpu_open + 1, "CPU number out of range");
  }
  size_t i = SkipSpaces(line, cpu_close + 1);
  // The timestamp is the first word ending in ':'; one latency-flags word may precede it.
  for (int word = 0; word < 2; ++word) {
    size_t j = i;
    while (j < line.size() && !IsSpace(line[j])) ++j;
    const absl::string_view tok = line.substr(i, j - i);
    if (tok.empty()) return Fail(err, i, "missing timestamp after the [CPU] column");
    if (tok.back() == ':') {
      if (!ParseTimestamp(tok.substr(0, tok.size() - 1), &out->ts)) {
        return Fail(err, i, absl::StrCat("bad timestamp '", tok.substr(0, tok.size() - 1),
                                         "' (expected SECONDS[.FRACTION] or a counter)"));
      }
      i = SkipSpaces(line, j);
      size_t k = i;
      while (k < line.size() && (absl::ascii_isalnum(line[k]) || line[k] == '_')) ++k;
      if (k == i || k >= line.size() || line[k] != ':') {
        // Not "EVENT:": a tracer's own line (the function tracer's "func <-caller"). It is
        // a trace line of something else: no event name, nothing to read.
        out->event = absl::string_view();
        out->body_col = i;
        out->body = line.substr(i);
        return true;
      }
      out->event = line.substr(i, k - i);
      out->body_col = SkipSpaces(line, k + 1);
      out->body = line.substr(out->body_col);
      return true;
    }
    i = SkipSpaces(line, j);
  }
  return Fail(err, i, "missing 'TIMESTAMP:' after the [CPU] column");
}

// tracefs' "# entries-in-buffer/entries-written: 90/100   #P:2": when fewer entries are in
// the buffer than were written, the ring overwrote the oldest ones.
bool ParseOverwritten(absl::string_view s, uint64_t* lost) {
  constexpr absl::string_view kKey = "# entries-in-buffer/entries-written:";
  if (!absl::StartsWith(s, kKey)) return false;
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(s.substr(kKey.size()));
  rest = rest.substr(0, rest.find(' '));
  const size_t slash = rest.find('/');
  uint64_t in = 0, written = 0;
  if (slash == absl::string_view::npos || !absl::SimpleAtoi(rest.substr(0, slash), &in) ||
      !absl::SimpleAtoi(rest.substr(slash + 1), &written) || written <= in) {
    return false;
  }
  *lost = written - in;
  return true;
}

}  // namespace

bool ClassifyLine(absl::string_view line, LineKind* kind, EventLine* out, LineError* err) {
  while (!line.empty() && (line.back() == '\r' || IsSpace(line.back()))) line.remove_suffix(1);
  const size_t first = SkipSpaces(line, 0);
  const absl::string_view s = line.substr(first);
  *kind = LineKind::kIgnored;
  if (ParseOverwritten(s, &out->lost)) {
    *kind = LineKind::kLost;
    return true;
  }
  if (s.empty() || s[0] == '#' || absl::StartsWith(s, "=>") || IsTraceCmdHeader(s)) {
    return true;
  }
  if (ParseLost(s, &out->lost)) {
    *kind = LineKind::kLost;
    return true;
  }
  const size_t cpu = FindCpuField(line);
  if (cpu == absl::string_view::npos) {
    return Fail(err, first,
                "not a trace line (expected 'TASK-PID [CPU] TIMESTAMP: EVENT: ...' as "
                "tracefs or trace-cmd report print it)");
  }
  if (!ParseEventLine(line, cpu, out, err)) return false;
  *kind = LineKind::kEvent;
  return true;
}

std::string EscapeForMessage(absl::string_view s) {
  std::string out;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out.push_back(c);
    } else {
      absl::StrAppend(&out, absl::StrFormat("\\x%02x", u));
    }
  }
  return out;
}

std::string TimestampText(const Timestamp& ts) {
  if (ts.nanos % 1000 == 0) return absl::StrFormat("%d.%06d", ts.whole, ts.nanos / 1000);
  return absl::StrFormat("%d.%09d", ts.whole, ts.nanos);
}

}  // namespace dmasim::import
