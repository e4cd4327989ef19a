// Where things go in `dmasim explain --svg` (svg_writer.h): one row per cache line (or per
// run of adjacent lines with identical histories), grouped by page, with fold rows for
// untouched gaps; one column per op, quiet stretches of ops compressed. Pure geometry: the
// writer draws, this decides positions.
#ifndef DMASIM_MODEL_EXPLAIN_SVG_LAYOUT_H_
#define DMASIM_MODEL_EXPLAIN_SVG_LAYOUT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/explain/explain_data.h"

namespace dmasim {

// One row of the chart: a page header, a fold of untouched lines, a line (or a run of
// adjacent lines that look the same), the (no line) row, or a witness strip.
struct SvgRow {
  // kWitness: the strip above the witness's line where its numbered steps go.
  enum Kind { kPage, kGap, kLine, kNoLine, kWitness } kind = kLine;
  uint64_t first = 0, last = 0;  // lines shown (kLine: last > first for a merged run)
  uint64_t count = 1;            // kLine: lines merged; kGap: untouched lines skipped
  int y = 0;                     // top
  int h = 0;
};

// Rows top to bottom and op columns left to right, in pixels.
struct SvgLayout {
  static constexpr int kLeft = 250;   // row labels
  static constexpr int kTop = 78;     // title, axis
  static constexpr int kRowH = 18;
  static constexpr int kMinWide = 16;  // an op column (wider when few ops: `wide`)
  int wide = kMinWide;
  static constexpr int kNarrow = 4;   // an op column in a compressed stretch
  std::vector<SvgRow> rows;
  std::map<uint64_t, size_t> row_of_line;  // every shown line -> its row
  std::map<uint64_t, size_t> strip_of_line;  // witness lines -> their strip row
  std::vector<int> col_x;                  // ops + 1 columns (the last: after the last op)
  std::vector<int> col_w;
  struct Fold {
    int from_op, to_op;
  };
  std::vector<Fold> folded_ops;  // compressed stretches
  int chart_right = 0;
  int chart_bottom = 0;
  int x(int op) const { return col_x[op] + col_w[op] / 2; }  // column centre
};

// Lays `d` out (deterministic: depends on `d` only).
SvgLayout LayOut(const ExplainData& d);

}  // namespace dmasim

#endif  // DMASIM_MODEL_EXPLAIN_SVG_LAYOUT_H_
