#include "model/contract/internal/granule_index.h"

#include <algorithm>
#include <bit>
#include <iterator>

#include "model/base/check.h"

namespace dmasim {

GranuleIndex::GranuleIndex(uint64_t align) : align_(align), shift_(std::countr_zero(align)) {
  DMASIM_CHECK(align_ >= 1 && (align_ & (align_ - 1)) == 0);
}

void GranuleIndex::SplitAt(uint64_t g) {
  auto it = runs_.upper_bound(g);
  if (it == runs_.begin()) return;
  --it;
  if (it->first < g && g < it->second.end) {
    Run tail{it->second.end, it->second.entries};
    it->second.end = g;
    runs_.emplace(g, std::move(tail));
  }
}

void GranuleIndex::MergeAt(uint64_t g) {
  auto right = runs_.find(g);
  if (right == runs_.end() || right == runs_.begin()) return;
  auto left = std::prev(right);
  if (left->second.end != g || left->second.entries != right->second.entries) return;
  left->second.end = right->second.end;
  runs_.erase(right);
}

void GranuleIndex::Insert(const GranuleEntry& e) {
  DMASIM_CHECK(e.len >= 1);
  const uint64_t g0 = FirstGranule(e);
  const uint64_t end = LastGranule(e) + 1;  // no wrap: the last byte is below 2^64 - 1
  SplitAt(g0);
  SplitAt(end);
  uint64_t cursor = g0;
  auto it = runs_.lower_bound(g0);
  while (cursor < end) {
    if (it != runs_.end() && it->first == cursor) {
      std::vector<GranuleEntry>& v = it->second.entries;
      auto pos = std::lower_bound(v.begin(), v.end(), e);
      DMASIM_CHECK(pos == v.end() || !(*pos == e));
      v.insert(pos, e);
      cursor = it->second.end;
      ++it;
    } else {
      // A gap up to the next run (or the end of the element).
      const uint64_t gap_end = it != runs_.end() ? std::min(end, it->first) : end;
      it = runs_.emplace_hint(it, cursor, Run{gap_end, {e}});
      ++it;
      cursor = gap_end;
    }
  }
  // Adjacent runs differed before and now differ by the same entry: still canonical.
}

void GranuleIndex::Remove(const GranuleEntry& e) {
  const uint64_t g0 = FirstGranule(e);
  const uint64_t end = LastGranule(e) + 1;
  auto it = runs_.find(g0);
  DMASIM_CHECK(it != runs_.end());
  while (it != runs_.end() && it->first < end) {
    std::vector<GranuleEntry>& v = it->second.entries;
    auto pos = std::lower_bound(v.begin(), v.end(), e);
    DMASIM_CHECK(pos != v.end() && *pos == e);
    v.erase(pos);
    it = v.empty() ? runs_.erase(it) : std::next(it);
  }
  // Only the element's own two boundaries can have become redundant.
  MergeAt(g0);
  MergeAt(end);
}

void GranuleIndex::ForEachRun(
    uint64_t g0, uint64_t g1,
    absl::FunctionRef<void(uint64_t, uint64_t, const std::vector<GranuleEntry>&)> f) const {
  auto it = runs_.upper_bound(g0);
  if (it != runs_.begin() && std::prev(it)->second.end > g0) --it;
  for (; it != runs_.end() && it->first <= g1; ++it) {
    const uint64_t first = std::max(it->first, g0);
    const uint64_t last = std::min(it->second.end - 1, g1);
    if (first <= last) f(first, last, it->second.entries);
  }
}

void GranuleIndex::CheckInvariants() const {
  const Run* prev = nullptr;
  for (const auto& [start, run] : runs_) {
    DMASIM_CHECK(start < run.end);
    DMASIM_CHECK(!run.entries.empty());
    DMASIM_CHECK(std::is_sorted(run.entries.begin(), run.entries.end()));
    for (const GranuleEntry& e : run.entries) {
      DMASIM_CHECK(FirstGranule(e) <= start && LastGranule(e) + 1 >= run.end);
    }
    if (prev != nullptr) {
      DMASIM_CHECK(prev->end <= start);
      DMASIM_CHECK(prev->end < start || prev->entries != run.entries);
    }
    prev = &run;
  }
}

}  // namespace dmasim
