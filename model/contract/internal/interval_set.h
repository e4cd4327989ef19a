// IntervalSet: a set of uint64 values kept as disjoint, non-adjacent half-open intervals.
//
// The contract oracle and the exact checker both track which bytes of a mapping the device
// currently owns (map and sync_for_device give bytes to the device, sync_for_cpu and unmap
// take them back, possibly only a sub-range: dma_sync_single_range_*). A byte set of a
// mapping that may be megabytes long is best kept as intervals. Every operation is
// O(log n + k) in the number n of intervals and the number k of intervals it touches.
#ifndef DMASIM_MODEL_CONTRACT_INTERNAL_INTERVAL_SET_H_
#define DMASIM_MODEL_CONTRACT_INTERNAL_INTERVAL_SET_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"

namespace dmasim {

// A set of uint64 values as disjoint, non-adjacent [start, end) intervals.
class IntervalSet {
 public:
  // Adds [start, end). Empty ranges are ignored.
  void Add(uint64_t start, uint64_t end);
  // Removes [start, end). Empty ranges are ignored.
  void Remove(uint64_t start, uint64_t end);
  void Clear() { map_.clear(); }
  bool Empty() const { return map_.empty(); }
  // Whether some value of [start, end) is in the set.
  bool Intersects(uint64_t start, uint64_t end) const;
  // Whether every value of [start, end) is in the set (true for an empty range).
  bool Contains(uint64_t start, uint64_t end) const;
  // The intervals, ascending (for tests and debugging).
  std::vector<std::pair<uint64_t, uint64_t>> Intervals() const {
    return {map_.begin(), map_.end()};
  }

 private:
  absl::btree_map<uint64_t, uint64_t> map_;  // start -> end; disjoint, non-adjacent
};

}  // namespace dmasim

#endif  // DMASIM_MODEL_CONTRACT_INTERNAL_INTERVAL_SET_H_
