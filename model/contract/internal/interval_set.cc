#include "model/contract/internal/interval_set.h"

#include <algorithm>

#include "model/base/check.h"

namespace dmasim {

void IntervalSet::Add(uint64_t start, uint64_t end) {
  if (start >= end) return;
  // Absorb every interval that overlaps or touches [start, end).
  auto it = map_.upper_bound(start);
  if (it != map_.begin()) {
    auto prev = std::prev(it);
    if (prev->second >= start) it = prev;
  }
  while (it != map_.end() && it->first <= end) {
    start = std::min(start, it->first);
    end = std::max(end, it->second);
    it = map_.erase(it);
  }
  map_.emplace(start, end);
}

void IntervalSet::Remove(uint64_t start, uint64_t end) {
  if (start >= end) return;
  auto it = map_.upper_bound(start);
  if (it != map_.begin()) {
    auto prev = std::prev(it);
    if (prev->second > start) it = prev;
  }
  std::vector<std::pair<uint64_t, uint64_t>> keep;  // at most two pieces survive
  while (it != map_.end() && it->first < end) {
    if (it->first < start) keep.emplace_back(it->first, start);
    if (it->second > end) keep.emplace_back(end, it->second);
    it = map_.erase(it);
  }
  DMASIM_CHECK(keep.size() <= 2);
  for (const auto& [s, e] : keep) map_.emplace(s, e);
}

bool IntervalSet::Intersects(uint64_t start, uint64_t end) const {
  if (start >= end) return false;
  auto it = map_.upper_bound(start);
  if (it != map_.begin() && std::prev(it)->second > start) return true;
  return it != map_.end() && it->first < end;
}

bool IntervalSet::Contains(uint64_t start, uint64_t end) const {
  if (start >= end) return true;
  auto it = map_.upper_bound(start);
  if (it == map_.begin()) return false;
  --it;
  return it->first <= start && it->second >= end;
}

}  // namespace dmasim
