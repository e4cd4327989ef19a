#include "model/contract/internal/live_index.h"

#include <algorithm>
#include <bit>

#include "model/base/check.h"

namespace dmasim {
namespace contract_internal {

int LiveSpanIndex::ClassOf(uint64_t first, uint64_t last) {
  DMASIM_CHECK(first <= last);
  return std::bit_width(last - first);
}

void LiveSpanIndex::Insert(int handle, uint64_t first, uint64_t last) {
  const bool inserted = by_class_[ClassOf(first, last)].emplace(std::pair(first, handle), last).second;
  DMASIM_CHECK(inserted);
  ++size_;
}

void LiveSpanIndex::Erase(int handle, uint64_t first, uint64_t last) {
  const size_t erased = by_class_[ClassOf(first, last)].erase(std::pair(first, handle));
  DMASIM_CHECK(erased == 1);
  --size_;
}

void LiveSpanIndex::Clear() {
  for (auto& m : by_class_) m.clear();
  size_ = 0;
}

void LiveSpanIndex::Meeting(uint64_t q0, uint64_t q1, std::vector<int>* out) const {
  DMASIM_CHECK(q0 <= q1);
  out->clear();
  for (int c = 0; c < static_cast<int>(by_class_.size()); ++c) {
    const auto& m = by_class_[c];
    if (m.empty()) continue;
    // Widths of class c are below 2^c: a span meeting q0 starts at most 2^c - 1 before it.
    const uint64_t reach = c >= 64 ? ~uint64_t{0} : (uint64_t{1} << c) - 1;
    const uint64_t from = q0 > reach ? q0 - reach : 0;
    for (auto it = m.lower_bound(std::pair(from, -1)); it != m.end() && it->first.first <= q1;
         ++it) {
      if (it->second >= q0) out->push_back(it->first.second);
    }
  }
  std::sort(out->begin(), out->end());
}

}  // namespace contract_internal
}  // namespace dmasim
