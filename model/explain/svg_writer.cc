#include "model/explain/svg_writer.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "model/explain/svg_layout.h"
#include "model/trace/trace_printer.h"

namespace dmasim {
namespace {

constexpr absl::string_view kFont = "font-family=\"monospace\"";

std::string Esc(absl::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
  }
  return out;
}

std::string Text(int x, int y, int size, absl::string_view fill, absl::string_view s,
                 absl::string_view extra = "") {
  return absl::StrFormat("<text x=\"%d\" y=\"%d\" font-size=\"%d\" %s fill=\"%s\"%s>%s</text>\n",
                         x, y, size, kFont, fill, extra, Esc(s));
}

absl::string_view DirColour(Direction d) {
  switch (d) {
    case Direction::kToDevice: return "#2e6fd0";
    case Direction::kFromDevice: return "#2e9a44";
    case Direction::kBidirectional: return "#8e44ad";
    default: return "#777777";
  }
}

std::string Truncate(std::string s, size_t n) {
  if (s.size() > n) s = s.substr(0, n - 3) + "...";
  return s;
}

// The glyph of one access or call at (x, yc).
std::string TouchGlyph(TouchKind k, int x, int yc) {
  switch (k) {
    case TouchKind::kCpuWrite:
      return absl::StrFormat("<rect x=\"%d\" y=\"%d\" width=\"7\" height=\"7\" fill=\"#222222\"/>\n", x - 3, yc - 3);
    case TouchKind::kCpuRead:
      return absl::StrFormat("<rect x=\"%d\" y=\"%d\" width=\"6\" height=\"6\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"1.5\"/>\n", x - 3, yc - 3);
    case TouchKind::kDevWrite:
      return absl::StrFormat("<path d=\"M%d %d L%d %d L%d %d Z\" fill=\"#b03a2e\"/>\n", x, yc - 5, x + 5, yc + 4, x - 5, yc + 4);
    case TouchKind::kDevRead:
      return absl::StrFormat("<path d=\"M%d %d L%d %d L%d %d Z\" fill=\"#ffffff\" stroke=\"#b03a2e\" stroke-width=\"1.5\"/>\n", x, yc - 5, x + 4, yc + 3, x - 4, yc + 3);
    case TouchKind::kMap:
    case TouchKind::kUnmap:
      return absl::StrFormat("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444444\" stroke-width=\"2.5\"/>\n", x, yc - 7, x, yc + 7);
    case TouchKind::kSyncForDevice:
    case TouchKind::kSyncForCpu:
      return absl::StrFormat("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444444\" stroke-width=\"1\" stroke-dasharray=\"2,1\"/>\n", x, yc - 7, x, yc + 7);
  }
  return "";
}

std::string MarkGlyph(const ExplainMark& m, int x, int yc) {
  if (!m.finding) {  // a checker report: a ring
    return absl::StrFormat("<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"none\" stroke=\"#d81b60\" stroke-width=\"2\"><title>%s</title></circle>\n",
                           x, yc, Esc(absl::StrCat(m.source, " ", m.kind, ": ", m.message)));
  }
  const bool hazard = m.hazard_number > 0;
  const std::string title = Esc(absl::StrCat(hazard ? absl::StrCat("H", m.hazard_number, " ") : "",
                                             m.source, " ", m.kind, ": ", m.message));
  if (!hazard) {  // a contract finding: a diamond
    return absl::StrFormat("<path d=\"M%d %d L%d %d L%d %d L%d %d Z\" fill=\"none\" stroke=\"#e67e22\" stroke-width=\"2\"><title>%s</title></path>\n",
                           x, yc - 7, x + 7, yc, x, yc + 7, x - 7, yc, title);
  }
  return absl::StrFormat("<path d=\"M%d %d L%d %d M%d %d L%d %d\" stroke=\"#e53935\" stroke-width=\"2.5\"><title>%s</title></path>\n",
                         x - 5, yc - 5, x + 5, yc + 5, x - 5, yc + 5, x + 5, yc - 5, title);
}

std::string RowLabel(const ExplainData& d, const SvgRow& r) {
  switch (r.kind) {
    case SvgRow::kPage: return absl::StrFormat("page 0x%x", r.first);
    case SvgRow::kGap: return absl::StrFormat("  ... %u untouched line%s", r.count, r.count == 1 ? "" : "s");
    case SvgRow::kNoLine: return "(no line)";
    case SvgRow::kWitness: return "";
    case SvgRow::kLine: break;
  }
  const std::string owners = absl::StrJoin(d.lines.at(r.first).owners, ",");
  if (r.count > 1) {
    return Truncate(absl::StrFormat("0x%x..0x%x x%u %s", r.first, r.last, r.count, owners), 34);
  }
  return Truncate(absl::StrFormat("0x%x %s", r.first, owners), 34);
}

void Rows(const ExplainData& d, const SvgLayout& L, std::string* s) {
  const uint32_t granule = std::max(d.dma_align, d.line);
  for (const SvgRow& r : L.rows) {
    const int yc = r.y + r.h / 2;
    if (r.kind == SvgRow::kPage) {
      absl::StrAppendFormat(s, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#e8eaf0\"/>\n", r.y, L.chart_right, r.h);
      *s += Text(6, r.y + 12, 11, "#223", RowLabel(d, r), " font-weight=\"bold\"");
      continue;
    }
    if (r.kind == SvgRow::kGap) {
      *s += Text(6, r.y + 9, 9, "#888888", RowLabel(d, r));
      continue;
    }
    if (r.kind == SvgRow::kWitness) {
      absl::StrAppendFormat(s, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff8dc\"/>\n", r.y, L.chart_right, r.h);
      *s += Text(18, r.y + 11, 9, "#8d6e00", absl::StrFormat("witness H%d steps, line 0x%x:", d.witness_number, r.first));
      continue;
    }
    const bool shared = r.kind == SvgRow::kLine && d.lines.at(r.first).shared;
    if (shared) {
      absl::StrAppendFormat(s, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fde3c8\"/>\n", r.y, L.chart_right, r.h);
    }
    if (r.kind == SvgRow::kLine && granule > d.line) {
      // dma_align granules: alternating shades in the gutter, one band per granule.
      const bool odd = (r.first / granule) % 2 == 1;
      absl::StrAppendFormat(s, "<rect x=\"%d\" y=\"%d\" width=\"6\" height=\"%d\" fill=\"%s\"/>\n",
                            SvgLayout::kLeft - 8, r.y, r.h, odd ? "#9e9e9e" : "#d0d0d0");
    }
    absl::StrAppendFormat(s, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eeeeee\"/>\n", SvgLayout::kLeft, r.y + r.h, L.chart_right, r.y + r.h);
    *s += Text(6, yc + 4, 11, shared ? "#a04000" : "#222222", RowLabel(d, r));
  }
}

void Axis(const ExplainData& d, const SvgLayout& L, std::string* s) {
  const int n = d.ops + 1;
  int step = 1;
  for (int cand : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000}) {
    step = cand;
    if (n / cand <= 40) break;
  }
  for (const SvgLayout::Fold& f : L.folded_ops) {
    const int x0 = L.col_x[f.from_op], x1 = L.col_x[f.to_op] + L.col_w[f.to_op];
    absl::StrAppendFormat(s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f4f4f4\"/>\n", x0, SvgLayout::kTop, x1 - x0, L.chart_bottom - SvgLayout::kTop);
    absl::StrAppendFormat(s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"6\" fill=\"#bbbbbb\"><title>ops %d-%d compressed: no report, finding or witness step</title></rect>\n", x0, SvgLayout::kTop - 8, x1 - x0, f.from_op, f.to_op);
  }
  for (int op = 0; op < n; ++op) {
    const bool end = op == d.ops;
    if (op % step != 0 && !end) continue;
    const int x = L.x(op);
    absl::StrAppendFormat(s, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#dddddd\"/>\n", x, SvgLayout::kTop - 10, x, L.chart_bottom);
    *s += Text(x - 3, SvgLayout::kTop - 14, 10, "#444444", end ? "end" : std::to_string(op),
               absl::StrFormat(" transform=\"rotate(-45 %d %d)\"", x - 3, SvgLayout::kTop - 14));
  }
}

int RowCentre(const SvgLayout& L, uint64_t line) {
  if (line == kNoLine) {
    for (const SvgRow& r : L.rows) {
      if (r.kind == SvgRow::kNoLine) return r.y + r.h / 2;
    }
    return -1;
  }
  auto it = L.row_of_line.find(line);
  if (it == L.row_of_line.end()) return -1;
  const SvgRow& r = L.rows[it->second];
  return r.y + r.h / 2;
}

void Chart(const ExplainData& d, const SvgLayout& L, std::string* s) {
  for (const MappingBar& b : d.bars) {
    const int yc = RowCentre(L, b.line);
    if (yc < 0) continue;
    const int to = std::min(b.to_op, d.ops);
    const int x0 = L.x(b.from_op), x1 = L.x(to);
    absl::StrAppendFormat(s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"8\" fill=\"%s\" fill-opacity=\"0.4\"%s><title>%s %s, ops %d-%d%s</title></rect>\n",
                          x0, yc - 4, std::max(x1 - x0, 2), DirColour(b.dir),
                          b.slot ? " stroke=\"#555555\" stroke-dasharray=\"3,2\"" : "",
                          Esc(d.trace->handles[b.handle].name), DirectionName(b.dir), b.from_op,
                          b.to_op, b.slot ? " (swiotlb slot)" : "");
  }
  for (const LineTouch& t : d.touches) {
    const int yc = RowCentre(L, t.line);
    if (yc >= 0) *s += TouchGlyph(t.kind, L.x(t.op), yc);
  }
  // Several marks in one cell sit side by side, right of the access glyphs.
  std::map<std::pair<int, uint64_t>, int> in_cell;
  std::map<std::pair<int, uint64_t>, std::vector<int>> hazards_in_cell;
  for (const ExplainMark& m : d.marks) {
    const int yc = RowCentre(L, m.line);
    if (yc < 0) continue;
    const int op = std::min(m.op, d.ops);
    const int k = in_cell[{op, m.line}]++;
    const int dx = L.col_w[op] >= 16 ? 5 + 7 * k : 0;
    *s += MarkGlyph(m, L.x(op) + dx, yc);
    if (m.hazard_number > 0) hazards_in_cell[{op, m.line}].push_back(m.hazard_number);
  }
  // One label per cell under its first cross: "H3", or "H3+2" for three findings.
  for (const auto& [cell, numbers] : hazards_in_cell) {
    const int x = L.x(cell.first) + (L.col_w[cell.first] >= 16 ? 5 : 0);
    const std::string more = numbers.size() > 1 ? absl::StrCat("+", numbers.size() - 1) : "";
    *s += Text(x - 4, RowCentre(L, cell.second) + 14, 7, "#b71c1c",
               absl::StrCat("H", numbers.front(), more));
  }
}

// The witness: numbered steps on its line(s), joined by a path, and listed below.
int Witness(const ExplainData& d, const SvgLayout& L, int y, std::string* s) {
  if (!d.has_witness) return y;
  const HazardWitness& w = d.witness;
  std::string head = absl::StrFormat("Witness of H%d: %s %s at op %d", d.witness_number,
                                     d.witness_oracle, w.kind, w.op);
  if (!w.reproduced) head += " - none: " + w.note;
  *s += Text(10, y + 14, 13, "#111111", head, " font-weight=\"bold\"");
  y += 22;
  // In the strip above the line: one marker per op with steps, numbered by its first
  // step; a red-ringed marker for the step that produces the finding.
  struct Cell {
    int x, cy;
    size_t first;        // the first step in the cell (its number is shown)
    bool last = false;   // the cell holds the step that produces the finding
  };
  std::vector<Cell> cells;
  std::map<std::pair<int, uint64_t>, size_t> cell_of;
  for (size_t k = 0; k < w.steps.size(); ++k) {
    const WitnessStep& st = w.steps[k];
    auto strip = L.strip_of_line.find(st.line);
    if (strip == L.strip_of_line.end()) continue;
    const SvgRow& r = L.rows[strip->second];
    auto [it, fresh] = cell_of.emplace(std::make_pair(st.op, st.line), cells.size());
    if (fresh) cells.push_back({L.x(std::min(st.op, d.ops)), r.y + r.h / 2, k});
    cells[it->second].last |= k + 1 == w.steps.size();
  }
  std::string markers;
  std::vector<std::string> points;
  for (const Cell& c : cells) {
    points.push_back(absl::StrFormat("%d,%d", c.x, c.cy));
    absl::StrAppendFormat(&markers, "<circle cx=\"%d\" cy=\"%d\" r=\"6.5\" fill=\"#ffd54f\" stroke=\"%s\" stroke-width=\"%s\"><title>%s</title></circle>\n",
                          c.x, c.cy, c.last ? "#e53935" : "#8d6e00", c.last ? "2" : "1",
                          Esc(absl::StrCat("from step ", c.first + 1, ": ", w.steps[c.first].event)));
    markers += Text(c.x - (c.first + 1 >= 10 ? 6 : 3), c.cy + 3, 9, "#000000", std::to_string(c.first + 1));
  }
  if (points.size() > 1) {
    absl::StrAppendFormat(s, "<polyline points=\"%s\" fill=\"none\" stroke=\"#c9a400\" stroke-width=\"1.5\"/>\n", absl::StrJoin(points, " "));
  }
  *s += markers;
  for (size_t k = 0; k < w.steps.size(); ++k) {
    const WitnessStep& st = w.steps[k];
    const std::string op = st.op < d.ops ? PrintOp(*d.trace, st.op) : "(after the last op)";
    *s += Text(10, y + 11, 11, "#111111",
               absl::StrFormat("%2d. op %d %s: %s [line 0x%x]", k + 1, st.op, Truncate(op, 48), st.event, st.line));
    *s += Text(40, y + 24, 10, "#444444", absl::StrFormat("cache %s | memory %s", st.cache, st.memory));
    y += 28;
    if (!st.finding.empty()) {
      *s += Text(40, y + 8, 11, "#c62828", "=> " + st.finding, " font-weight=\"bold\"");
      y += 14;
    }
  }
  return y + 8;
}

int Legend(int y, std::string* s) {
  *s += Text(10, y + 14, 12, "#111111", "Legend", " font-weight=\"bold\"");
  y += 24;
  for (const auto& [colour, text] : std::vector<std::pair<std::string, std::string>>{
           {"#2e6fd0", "mapping to_device"}, {"#2e9a44", "mapping from_device"},
           {"#8e44ad", "mapping bidirectional (dashed outline: the swiotlb slot's line)"}}) {
    absl::StrAppendFormat(s, "<rect x=\"12\" y=\"%d\" width=\"26\" height=\"8\" fill=\"%s\" fill-opacity=\"0.4\"/>\n", y + 2, colour);
    *s += Text(48, y + 10, 11, "#222222", text);
    y += 16;
  }
  const std::vector<std::pair<TouchKind, std::string>> touches = {
      {TouchKind::kCpuWrite, "CPU write"}, {TouchKind::kCpuRead, "CPU read"},
      {TouchKind::kDevWrite, "device write"}, {TouchKind::kDevRead, "device read"},
      {TouchKind::kMap, "map / unmap call"}, {TouchKind::kSyncForCpu, "sync call"}};
  for (const auto& [k, text] : touches) {
    *s += TouchGlyph(k, 24, y + 6);
    *s += Text(48, y + 10, 11, "#222222", text);
    y += 16;
  }
  ExplainMark report, contract, hazard;
  contract.finding = hazard.finding = true;
  hazard.hazard_number = 1;
  for (const auto& [m, text] : std::vector<std::pair<ExplainMark, std::string>>{
           {report, "checker report (dma-debug era or exact)"},
           {contract, "contract oracle finding"},
           {hazard, "hazard oracle finding, labelled Hn (its number for --hazard; +k: k more in the cell)"}}) {
    *s += MarkGlyph(m, 24, y + 6);
    *s += Text(48, y + 10, 11, "#222222", text);
    y += 16;
  }
  absl::StrAppendFormat(s, "<rect x=\"12\" y=\"%d\" width=\"26\" height=\"12\" fill=\"#fde3c8\"/>\n", y);
  *s += Text(48, y + 10, 11, "#222222", "shared line: bytes of more than one buffer, or mapped and unmapped bytes of one");
  y += 16;
  absl::StrAppendFormat(s, "<rect x=\"20\" y=\"%d\" width=\"6\" height=\"12\" fill=\"#9e9e9e\"/><rect x=\"28\" y=\"%d\" width=\"6\" height=\"12\" fill=\"#d0d0d0\"/>\n", y, y);
  *s += Text(48, y + 10, 11, "#222222", "dma_align granules (when larger than a line), alternating");
  y += 16;
  absl::StrAppendFormat(s, "<circle cx=\"24\" cy=\"%d\" r=\"6\" fill=\"#ffd54f\" stroke=\"#8d6e00\"/>\n", y + 6);
  *s += Text(48, y + 10, 11, "#222222", "witness step of the chosen hazard finding (numbered as listed)");
  y += 16;
  absl::StrAppendFormat(s, "<rect x=\"12\" y=\"%d\" width=\"26\" height=\"6\" fill=\"#bbbbbb\"/>\n", y + 3);
  *s += Text(48, y + 10, 11, "#222222", "compressed stretch of ops without reports, findings or witness steps");
  return y + 24;
}

// How far right the text of `svg` reaches (monospace: about 0.6 em per character), so
// that the picture is wide enough for its longest line.
int TextExtent(const std::string& svg) {
  int right = 0;
  for (size_t p = svg.find("<text x=\""); p != std::string::npos;
       p = svg.find("<text x=\"", p + 1)) {
    const int x = std::atoi(svg.c_str() + p + 9);
    const size_t fs = svg.find("font-size=\"", p);
    const size_t open = svg.find('>', p), close = svg.find("</text>", p);
    if (fs == std::string::npos || open == std::string::npos || close == std::string::npos) break;
    const int size = std::atoi(svg.c_str() + fs + 11);
    int chars = 0;
    for (size_t k = open + 1; k < close; ++k) {
      if (svg[k] == '&') {
        k = svg.find(';', k);
        continue;
      }
      ++chars;
    }
    right = std::max(right, x + chars * size * 6 / 10);
  }
  return right;
}

}  // namespace

std::string ExplainSvg(absl::string_view file, const ExplainData& d) {
  const SvgLayout L = LayOut(d);
  std::string body;
  Rows(d, L, &body);
  Axis(d, L, &body);
  Chart(d, L, &body);
  int y = Witness(d, L, L.chart_bottom + 16, &body);
  y = Legend(y, &body);
  const std::string title =
      absl::StrFormat("%s: %d ops, platform %s (line %u, dma_align %u, page %u)", file, d.ops,
                      d.trace->platform.arch, d.line, d.dma_align, d.page);
  const int width = std::max({L.chart_right + 20, 760, TextExtent(body) + 20,
                              10 + static_cast<int>(title.size()) * 14 * 6 / 10 + 20});
  std::string s = absl::StrFormat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n"
      "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
      width, y, width, y, width, y);
  s += Text(10, 18, 14, "#111111", title, " font-weight=\"bold\"");
  s += Text(10, 36, 11, "#444444",
            d.note.empty() ? std::string("cache lines (rows, grouped by page) against ops (columns)")
                           : d.note);
  s += body;
  s += "</svg>\n";
  return s;
}

}  // namespace dmasim
