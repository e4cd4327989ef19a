#include "model/explain/svg_layout.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace dmasim {
namespace {

// Ops shown at full width when the whole trace fits; else only those with something to
// explain (a report, finding or witness step) and short quiet runs.
constexpr int kFitWidth = 1400;
constexpr int kMinFold = 6;  // quiet ops in a row before they are compressed

// What a line's row shows, to merge adjacent lines that would look the same.
std::string Signature(const ExplainData& d, uint64_t line,
                      const std::map<uint64_t, std::string>& history) {
  auto it = history.find(line);
  std::string s = it == history.end() ? std::string() : it->second;
  s += d.lines.at(line).shared ? "S" : "-";
  for (const std::string& o : d.lines.at(line).owners) s += "|" + o;
  return s;
}

void Columns(const ExplainData& d, SvgLayout* L) {
  std::set<int> busy;
  for (const ExplainMark& m : d.marks) busy.insert(m.op);
  if (d.has_witness) {
    for (const WitnessStep& s : d.witness.steps) busy.insert(s.op);
  }
  const int n = d.ops + 1;
  L->wide = std::clamp(kFitWidth / 2 / n, SvgLayout::kMinWide, 44);
  const bool fits = n * L->wide <= kFitWidth;
  // Long traces: busy columns shrink too (down to 7 px), so 1000 ops stay a few screens.
  if (!fits) L->wide = std::clamp(2 * kFitWidth / n, 7, SvgLayout::kMinWide);
  std::vector<bool> narrow(n, false);
  for (int a = 0; a < n && !fits;) {
    if (busy.count(a)) {
      ++a;
      continue;
    }
    int b = a;
    while (b < n && !busy.count(b)) ++b;
    if (b - a >= kMinFold) {
      for (int k = a; k < b; ++k) narrow[k] = true;
      L->folded_ops.push_back({a, b - 1});
    }
    a = b;
  }
  int x = SvgLayout::kLeft;
  for (int k = 0; k < n; ++k) {
    L->col_x.push_back(x);
    L->col_w.push_back(narrow[k] ? SvgLayout::kNarrow : L->wide);
    x += L->col_w.back();
  }
  L->chart_right = x;
}

}  // namespace

SvgLayout LayOut(const ExplainData& d) {
  SvgLayout L;
  Columns(d, &L);
  // Per line: its touches, bars and marks as text (rows with equal text look equal).
  std::map<uint64_t, std::string> history;
  for (const LineTouch& t : d.touches) {
    history[t.line] += std::to_string(t.op) + TouchKindName(t.kind).data() + ",";
  }
  for (const MappingBar& b : d.bars) {
    history[b.line] += "B" + std::to_string(b.from_op) + "-" + std::to_string(b.to_op) +
                       (b.slot ? "s" : "") + std::to_string(static_cast<int>(b.dir)) + ",";
  }
  std::set<uint64_t> special;  // lines never merged: marks and the witness
  for (const ExplainMark& m : d.marks) special.insert(m.line);
  if (d.has_witness) special.insert(d.witness.lines.begin(), d.witness.lines.end());

  int y = SvgLayout::kTop;
  auto add = [&](SvgRow r, int h) {
    r.y = y;
    r.h = h;
    y += h;
    L.rows.push_back(r);
  };
  bool no_line = false;
  for (const ExplainMark& m : d.marks) no_line |= m.line == kNoLine;
  if (no_line) add(SvgRow{SvgRow::kNoLine, 0, 0, 1}, SvgLayout::kRowH);
  const uint64_t page_mask = ~uint64_t{d.page - 1};
  bool first = true;
  uint64_t prev = 0, page = 0;
  for (auto it = d.lines.begin(); it != d.lines.end(); ++it) {
    const uint64_t line = it->first;
    if (first || (line & page_mask) != page) {
      page = line & page_mask;
      add(SvgRow{SvgRow::kPage, page, page, 1}, 16);
    } else if (line - prev > d.line) {
      add(SvgRow{SvgRow::kGap, prev + d.line, line - d.line, (line - prev) / d.line - 1}, 10);
    }
    first = false;
    SvgRow& last = L.rows.back();
    const bool mergeable = last.kind == SvgRow::kLine && last.last + d.line == line &&
                           !special.count(line) && !special.count(last.first) &&
                           Signature(d, line, history) == Signature(d, last.first, history) &&
                           (line & page_mask) == (last.first & page_mask);
    if (!mergeable && d.has_witness && std::count(d.witness.lines.begin(), d.witness.lines.end(), line)) {
      add(SvgRow{SvgRow::kWitness, line, line, 1}, 16);
      L.strip_of_line[line] = L.rows.size() - 1;
    }
    if (mergeable) {
      last.last = line;
      ++last.count;
    } else {
      add(SvgRow{SvgRow::kLine, line, line, 1}, SvgLayout::kRowH);
    }
    L.row_of_line[line] = L.rows.size() - 1;
    prev = line;
  }
  L.chart_bottom = y;
  return L;
}

}  // namespace dmasim
