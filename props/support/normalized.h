// A replay's verdicts in a form two related traces can be compared in: every report and
// finding as a line "who: op kind [handles] line", with op indices, handles and cache lines
// translated by the caller (so that a renumbered, renamed or moved trace can be compared
// with the original), sorted.
#ifndef DMASIM_PROPS_SUPPORT_NORMALIZED_H_
#define DMASIM_PROPS_SUPPORT_NORMALIZED_H_

#include <functional>
#include <string>
#include <vector>

#include "model/trace/trace.h"
#include "model/verdict/replay.h"

namespace dmasim::props {

struct Translation {
  std::function<std::string(int op)> op;           // an op index (ops.size(): the end)
  std::function<std::string(int handle)> handle;
  std::function<std::string(uint64_t line)> line;  // a line or granule address (not kNoLine)
};

// The identity: indices and addresses as they are.
Translation Identity();

// Lines of the swiotlb pool of `trace` (whose slots depend on allocation order) become
// "slot"; other lines go through `inner`.
std::function<std::string(uint64_t)> SlotsAsOne(const Trace& trace,
                                                std::function<std::string(uint64_t)> inner);

struct NormalizeOptions {
  bool printed = true;         // keep the printed/counted flags (they depend on op order)
  std::vector<std::string> drop_kinds;  // report kinds left out (e.g. WARN_ONCE ones)
  bool eexist_first_handle_only = false;  // EEXIST's slot owner left out (§2.5)
  // Findings on lines where this says true are compared without their mappings.
  std::function<bool(uint64_t line)> anonymous_line;
};

// One sorted list per checker and oracle of `out`, plus each oracle's verdict.
std::vector<std::string> Normalize(const ReplayOutcome& out, const Translation& tr,
                                   const NormalizeOptions& options = {});

// Replays with every checker, the contract and the hazard oracle on the trace's arch.
ReplayOutcome ReplayAll(const Trace& trace);

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_NORMALIZED_H_
