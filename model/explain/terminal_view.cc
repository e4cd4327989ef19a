#include "model/explain/terminal_view.h"

#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "model/trace/trace_printer.h"
#include "model/verdict/report_witness.h"

namespace dmasim {
namespace {

std::string LineName(const ExplainData& d, uint64_t line) {
  auto it = d.lines.find(line);
  const bool shared = it != d.lines.end() && it->second.shared;
  return absl::StrFormat("0x%x%s", line, shared ? "*" : "");
}

// "0x1000", or "0x1000..0x10c0 (4 lines)" for a run of consecutive lines.
std::string LineRuns(const ExplainData& d, const std::vector<uint64_t>& lines) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < lines.size();) {
    size_t j = i + 1;
    while (j < lines.size() && lines[j] == lines[j - 1] + d.line) ++j;
    if (j - i <= 2) {
      for (size_t k = i; k < j; ++k) parts.push_back(LineName(d, lines[k]));
    } else {
      parts.push_back(absl::StrFormat("%s..%s (%d lines)", LineName(d, lines[i]),
                                      LineName(d, lines[j - 1]), j - i));
    }
    i = j;
  }
  return absl::StrJoin(parts, " ");
}

std::string MarkText(const ExplainMark& m) {
  const std::string line = m.line == kNoLine ? "no line" : absl::StrFormat("line 0x%x", m.line);
  const std::string tag = m.hazard_number > 0 ? absl::StrCat("H", m.hazard_number, " ") : "";
  return absl::StrFormat("        ! %s%s %s [%s]: %s\n", tag, m.source, m.kind, line, m.message);
}

void AppendOp(const ExplainData& d, int op, const std::vector<size_t>& marks, size_t* touch,
              std::string* s) {
  const Trace& t = *d.trace;
  absl::StrAppendFormat(s, "  op %d: %s\n", op,
                        op < d.ops ? PrintOp(t, op) : std::string("(after the last op: the "
                                                                  "hazard oracle's end read)"));
  // Touches of this op, grouped by (kind, handle), lines in order.
  std::map<std::tuple<int, int, int>, std::vector<uint64_t>> groups;
  std::vector<std::tuple<int, int, int>> order;
  for (; *touch < d.touches.size() && d.touches[*touch].op == op; ++*touch) {
    const LineTouch& x = d.touches[*touch];
    const auto key = std::make_tuple(static_cast<int>(x.kind), x.handle, static_cast<int>(x.dir));
    if (!groups.count(key)) order.push_back(key);
    groups[key].push_back(x.line);
  }
  for (const auto& key : order) {
    const auto [kind, handle, dir] = key;
    std::string what(TouchKindName(static_cast<TouchKind>(kind)));
    if (handle >= 0) {
      absl::StrAppend(&what, " ", t.handles[handle].name, " ",
                      DirectionName(static_cast<Direction>(dir)));
    }
    absl::StrAppendFormat(s, "        %s: %s\n", what, LineRuns(d, groups[key]));
  }
  for (size_t k : marks) *s += MarkText(d.marks[k]);
}

}  // namespace

std::string ExplainText(absl::string_view file, const ExplainData& d) {
  std::string s = absl::StrFormat("%s: %d ops, platform %s (line %u, dma_align %u, page %u)\n",
                                  file, d.ops, d.trace->platform.arch, d.line, d.dma_align,
                                  d.page);
  if (!d.note.empty()) absl::StrAppend(&s, "note: ", d.note, "\n");
  absl::StrAppendFormat(&s, "lines touched (%d; * = shared: bytes of more than one buffer, "
                            "or mapped and unmapped bytes of one):\n", d.lines.size());
  for (const auto& [addr, info] : d.lines) {
    absl::StrAppendFormat(&s, "  %-20s page 0x%x  %s\n", LineName(d, addr),
                          addr & ~uint64_t{d.page - 1}, absl::StrJoin(info.owners, ", "));
  }
  s += "ops (the lines each touches; ! = a report or finding at that op):\n";
  std::map<int, std::vector<size_t>> marks_at;  // op -> marks, in mark order
  for (size_t k = 0; k < d.marks.size(); ++k) marks_at[d.marks[k].op].push_back(k);
  const std::vector<size_t> none;
  size_t touch = 0;
  for (int op = 0; op <= d.ops; ++op) {
    auto it = marks_at.find(op);
    if (op == d.ops && it == marks_at.end()) break;
    AppendOp(d, op, it == marks_at.end() ? none : it->second, &touch, &s);
  }
  if (d.has_witness) {
    absl::StrAppendFormat(&s, "witness of H%d (%s %s at op %d):\n", d.witness_number,
                          d.witness_oracle, d.witness.kind, d.witness.op);
    s += WitnessLegend();
    s += WitnessText(*d.trace, d.witness);
  }
  return s;
}

}  // namespace dmasim
