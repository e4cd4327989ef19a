#include "model/import/buffer_layout.h"

#include <algorithm>

#include "model/base/check.h"

namespace dmasim::import {

void BufferLayout::Add(uint64_t start, uint64_t len) {
  DMASIM_CHECK(frozen_.empty());
  uint64_t end = start + std::max<uint64_t>(len, 1);
  DMASIM_CHECK(end > start);
  // The first range that could overlap is the last one starting at or before `start`.
  auto it = ranges_.upper_bound(start);
  if (it != ranges_.begin()) {
    auto prev = std::prev(it);
    if (prev->second > start) it = prev;  // overlaps: merge from there
  }
  while (it != ranges_.end() && it->first < end) {
    start = std::min(start, it->first);
    end = std::max(end, it->second);
    it = ranges_.erase(it);
  }
  ranges_.emplace(start, end);
}

void BufferLayout::Freeze() {
  frozen_.assign(ranges_.begin(), ranges_.end());
  ranges_.clear();
}

std::optional<std::pair<int, uint64_t>> BufferLayout::Find(uint64_t phys, uint64_t len) const {
  const uint64_t n = std::max<uint64_t>(len, 1);
  auto it = std::upper_bound(frozen_.begin(), frozen_.end(), phys,
                             [](uint64_t p, const std::pair<uint64_t, uint64_t>& r) {
                               return p < r.first;
                             });
  if (it == frozen_.begin()) return std::nullopt;
  --it;
  if (phys - it->first >= it->second - it->first || n > it->second - phys) return std::nullopt;
  return std::make_pair(static_cast<int>(it - frozen_.begin()), phys - it->first);
}

std::pair<uint64_t, uint64_t> BufferLayout::Range(int i) const {
  DMASIM_CHECK(i >= 0 && static_cast<size_t>(i) < frozen_.size());
  return frozen_[i];
}

}  // namespace dmasim::import
