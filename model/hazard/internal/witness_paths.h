// Internal to model/hazard: what a LineExplorer keeps when it records witness schedules
// (model/hazard/witness.h). Off by default: a normal replay never touches any of this.
//
// Search mode: every state of the line carries a *path*, the hardware choices (evict,
// speculative fill, which value vector a swiotlb copy delivered) that lead to it from the
// cold start. Paths share prefixes in a `PathArena` (a tree stored as parent links), so a
// choice costs one node however many states descend from it. States that coincide keep the
// path with the fewest choices (then the oldest node): deterministic.
//
// Force mode: the line holds the one state of one recorded path: before its event number
// `event` it applies exactly the recorded choices, and it logs every step (hardware action
// or event) with the state it leaves, for the printed witness.
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_WITNESS_PATHS_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_WITNESS_PATHS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/hazard/internal/line_state.h"
#include "model/hazard/internal/versions.h"
#include "model/trace/platform.h"

namespace dmasim::hazard {

// A hardware choice on one line, made just before the line's event number `event` (events
// are counted per line from 0: every access, maintenance instruction or copy half on it,
// and the end-of-trace settling).
enum class Choice : uint8_t {
  kEvict,       // dirty: write back, then drop; clean: drop
  kFill,        // speculative fill of an absent line (prefetch=yes)
  kCopyValues,  // the swiotlb copy landing here delivered `values` (one of several)
};

// One node of a path: the choice and its predecessor (-1: the cold start).
struct PathNode {
  int32_t parent = -1;
  uint32_t event = 0;
  Choice choice = Choice::kEvict;
  uint32_t depth = 1;    // choices on the path up to and including this one
  int32_t values = -1;   // kCopyValues: index into PathArena::values
};

// No path: the arena was full when a choice had to be recorded (witness not available).
inline constexpr int32_t kLostPath = -2;

// All paths of one search replay; at most `cap` nodes (a stored value vector counts as
// several), past which new choices are lost (kLostPath).
class PathArena {
 public:
  explicit PathArena(size_t cap) : cap_(cap) {}
  // A new node after `parent` (kLostPath stays lost; a full arena loses the path).
  int32_t Add(int32_t parent, uint32_t event, Choice c, const std::vector<Version>* values);
  uint32_t depth(int32_t path) const { return path < 0 ? 0 : nodes_[path].depth; }
  const PathNode& node(int32_t path) const { return nodes_[path]; }
  const std::vector<Version>& values(int32_t index) const { return values_[index]; }
  bool full() const { return full_; }

 private:
  size_t cap_;
  size_t used_ = 0;  // nodes, plus stored values in node-sized units
  bool full_ = false;
  std::vector<PathNode> nodes_;
  std::vector<std::vector<Version>> values_;
};

// One recorded choice to replay in force mode.
struct ForcedChoice {
  uint32_t event = 0;
  Choice choice = Choice::kEvict;
  std::vector<Version> values;  // kCopyValues
};

// What a forced line did at one step, for the printed witness.
enum class StepKind : uint8_t {
  kEvict, kFill, kCpuWrite, kCpuRead, kDevWrite, kDevRead, kMaintain, kCopyRead, kCopyWrite,
  kSettle,
};

// One logged step of a forced line.
struct LineStep {
  StepKind kind = StepKind::kSettle;
  uint32_t off = 0, len = 0;  // the bytes an access touches (within the line)
  bool dirty_before = false;  // kEvict: the line was dirty (written back)
  CacheOp op = CacheOp::kNone;  // kMaintain
  bool partial = false;         // kMaintain: the range covered the line only in part
  LineState after;
  std::vector<Version> intended;  // the line's intended versions after the step
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_WITNESS_PATHS_H_
