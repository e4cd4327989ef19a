// `dmasim explain`'s picture of one trace (issue 12, item 2): which cache lines each op
// touches and how, the mappings live on each line, which lines hold more than one owner's
// bytes, every checker report and oracle finding placed at its op and line, and the witness
// of one chosen hazard finding. The terminal view (terminal_view.h) and the SVG
// (svg_writer.h) both draw this; neither computes anything of its own.
#ifndef DMASIM_MODEL_EXPLAIN_EXPLAIN_DATA_H_
#define DMASIM_MODEL_EXPLAIN_EXPLAIN_DATA_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/hazard/witness.h"
#include "model/trace/trace.h"
#include "model/verdict/replay.h"

namespace dmasim {

// How an op touches a line.
enum class TouchKind : uint8_t {
  kCpuWrite, kCpuRead, kDevWrite, kDevRead, kMap, kUnmap, kSyncForDevice, kSyncForCpu,
};
absl::string_view TouchKindName(TouchKind k);  // "cpu_write", ..., "sync_for_cpu"

// One line touched by one op: how, through which mapping, in which direction.
struct LineTouch {
  int op = 0;
  uint64_t line = 0;
  TouchKind kind = TouchKind::kCpuWrite;
  int handle = -1;  // the mapping (not for CPU accesses)
  Direction dir = Direction::kBidirectional;
};

// A mapping live on a line from its map op to the op that ends it (ops.size(): never).
struct MappingBar {
  int handle = 0;
  uint64_t line = 0;
  int from_op = 0;
  int to_op = 0;
  Direction dir = Direction::kBidirectional;
  bool slot = false;  // the line is the mapping's swiotlb slot, not its buffer
};

// A checker report or oracle finding, placed at its op and line (kNoLine: none given).
struct ExplainMark {
  int op = 0;
  uint64_t line = 0;
  std::string source;  // checker id or oracle name ("linux-6.1", "contract", "hazard:arm64")
  std::string kind;
  std::string message;
  bool finding = false;  // an oracle finding (else a checker report)
  int hazard_number = 0;  // 1, 2, ... for hazard findings in output order (--hazard N)
};

// What one line holds and why it matters.
struct LineInfo {
  std::vector<std::string> owners;  // buffer names with bytes on it; "swiotlb slot"
  bool shared = false;  // bytes of more than one buffer, or mapped and unmapped bytes
};

// Everything the views draw, for one trace and one request.
struct ExplainData {
  const Trace* trace = nullptr;
  uint32_t line = 64, dma_align = 64, page = 4096;
  int ops = 0;
  std::map<uint64_t, LineInfo> lines;  // every line any op touches
  std::vector<LineTouch> touches;      // op order, then line
  std::vector<MappingBar> bars;        // map order, then line
  std::vector<ExplainMark> marks;      // checker reports, then oracle findings, in order
  bool has_witness = false;
  HazardWitness witness;               // of mark `witness_number` (hazard_number)
  int witness_number = 0;
  std::string witness_oracle;
  std::string note;  // set when a bound cut the picture short
};

// Replays `trace` through `request` (checkers, oracles, platforms as `dmasim replay`
// takes them) and collects everything. `hazard`: which hazard finding gets its witness
// drawn (1-based, in output order; 0: the first, if any). InvalidArgument when `hazard`
// names no finding or the request names an unknown checker or arch.
absl::StatusOr<ExplainData> BuildExplainData(const Trace& trace, const ReplayRequest& request,
                                             int hazard);

}  // namespace dmasim

#endif  // DMASIM_MODEL_EXPLAIN_EXPLAIN_DATA_H_
