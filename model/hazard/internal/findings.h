// The hazard oracle's finding list: kinds, merging, bounds and the canonical order.
//
// One finding per (op, kind, sharing): the same physical problem seen in many schedules,
// for several bytes, or on many lines at one op (2,000 whole-buffer writes on a 2,048-line
// mapping are 2,000 findings per kind, not 4 million) is reported once. `line` is the
// lowest line it happened on, `lines` how many lines, and the message describes the lowest
// line. Its handles are the mappings involved on any of those lines: the first
// kMaxNamedPartners + 1 added are named, in the order added, and the rest are counted
// (more_handles). Findings of one sharing flag are kept apart, so that a mapping named on
// a line that shares nothing never backs a sharing claim in the classification.
//
// Every finding of an op is added while the oracle processes that op (evictions and
// implicit accesses carry the index of the op they precede), so the sets that make the
// counts exact are kept for the current op only.
//
// At most kMaxListed findings are kept; later ones are counted (not_listed). Output order
// is op, then line, then kind name, then sharing: deterministic whatever the exploration
// order.
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_FINDINGS_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_FINDINGS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/replay/observer.h"

namespace dmasim::hazard {

// Finding kinds (OracleFinding::kind).
inline constexpr absl::string_view kCpuWriteLost = "cpu-write-lost";
inline constexpr absl::string_view kDeviceWriteLost = "device-write-lost";
inline constexpr absl::string_view kStaleCpuRead = "stale-cpu-read";
inline constexpr absl::string_view kStaleDeviceRead = "stale-device-read";
inline constexpr absl::string_view kExposure = "exposure";

// The hazard findings of one replay, one per (op, line, kind), in canonical order.
class FindingSet {
 public:
  // Merges a hit on `line` involving `handles` into the finding (op, kind, sharing) if
  // there is one and `line` is not below its line: true. Otherwise false, and the caller
  // words the message and calls Add.
  bool Merge(int op, absl::string_view kind, bool sharing, uint64_t line,
             const std::vector<int>& handles);
  // Adds `f` (any number of handles), or merges it into the finding with its key; the
  // message and line of the lower line win.
  void Add(const OracleFinding& f);
  bool empty() const { return by_key_.empty() && not_listed_ == 0; }
  std::vector<OracleFinding> Sorted() const;
  uint64_t not_listed() const { return not_listed_; }

 private:
  using Key = std::tuple<int, std::string, bool>;  // op, kind, sharing
  // What makes the counts of a finding of the current op exact.
  struct Open {
    std::set<uint64_t> lines;
    std::set<int> handles;
  };
  Open& OpenFor(const Key& key);
  void MergeInto(OracleFinding* g, Open* open, uint64_t line, const std::vector<int>& handles);

  std::map<Key, OracleFinding> by_key_;
  int open_op_ = -1;
  std::map<Key, Open> open_;
  uint64_t not_listed_ = 0;
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_FINDINGS_H_
