// `dmasim explain --svg`: the trace as a picture. Cache lines (grouped by page) against ops
// over time: mappings as bars coloured by direction, CPU and device accesses and cache
// maintenance calls as marks, shared lines and dma_align granules highlighted, every report
// and finding marked where it happens, the chosen hazard's witness drawn on its line and
// listed step by step, and a legend. Untouched lines and quiet stretches of ops are folded
// (svg_layout.h). Self-contained: no scripts, no external references, generic font
// families only. Same data, same bytes.
#ifndef DMASIM_MODEL_EXPLAIN_SVG_WRITER_H_
#define DMASIM_MODEL_EXPLAIN_SVG_WRITER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "model/explain/explain_data.h"

namespace dmasim {

std::string ExplainSvg(absl::string_view file, const ExplainData& d);

}  // namespace dmasim

#endif  // DMASIM_MODEL_EXPLAIN_SVG_WRITER_H_
