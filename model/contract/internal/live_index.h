// LiveSpanIndex: the live mappings of the contract oracle by the granule span of their
// bounding box, so that a map or CPU access looks only at the mappings near it instead of
// scanning every live one.
//
// A span [first, last] (inclusive granule numbers) goes into the class of its width
// w = last - first: class c = bit_width(w), so every span of class c has w < 2^c. A query
// [q0, q1] meets a span of class c only if the span starts in [q0 - (2^c - 1), q1]: one
// btree range per non-empty class (at most 65), then an exact test of each candidate. Cost
// per query: O(classes * log n + candidates), where the candidates are the spans of those
// classes starting in the window; mappings of similar size that do not overlap (an RX ring,
// TX heads) give O(1) candidates besides the real neighbours. Insert and erase: O(log n).
#ifndef DMASIM_MODEL_CONTRACT_INTERNAL_LIVE_INDEX_H_
#define DMASIM_MODEL_CONTRACT_INTERNAL_LIVE_INDEX_H_

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"

namespace dmasim {
namespace contract_internal {

// The live mappings' granule spans, by width class (see the file comment).
class LiveSpanIndex {
 public:
  // Adds `handle` with granule span [first, last] (first <= last); not present yet.
  void Insert(int handle, uint64_t first, uint64_t last);
  // Removes `handle`, inserted with that span.
  void Erase(int handle, uint64_t first, uint64_t last);
  void Clear();
  // Replaces *out with the handles whose span meets [q0, q1] (q0 <= q1), ascending.
  void Meeting(uint64_t q0, uint64_t q1, std::vector<int>* out) const;
  size_t size() const { return size_; }

 private:
  static int ClassOf(uint64_t first, uint64_t last);
  // Per class: (first granule, handle) -> last granule.
  std::array<absl::btree_map<std::pair<uint64_t, int>, uint64_t>, 65> by_class_;
  size_t size_ = 0;
};

}  // namespace contract_internal
}  // namespace dmasim

#endif  // DMASIM_MODEL_CONTRACT_INTERNAL_LIVE_INDEX_H_
