#include "model/contract/internal/shared_runs.h"

#include <algorithm>
#include <iterator>

#include "model/base/check.h"

namespace dmasim {
namespace {

// Callers mostly produce sorted data already (handles ascending; granules ascending, or
// thousands of mappings in one granule): check before sorting, so that the common shapes
// cost O(n), not O(n log n), per op.
template <typename T>
void SortUnique(std::vector<T>* v) {
  if (!std::is_sorted(v->begin(), v->end())) std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

std::vector<SharedRun> GroupSharedRuns(const std::vector<SharedSpan>& spans, size_t max_runs) {
  DMASIM_CHECK(max_runs >= 1);
  if (spans.empty()) return {};
  // The common crowded shape: every span the same granules (thousands of mappings in one
  // line). One run; no segments to build.
  bool one_range = true;
  for (const SharedSpan& s : spans) {
    one_range = one_range && s.first == spans[0].first && s.last == spans[0].last;
  }
  if (one_range) {
    DMASIM_CHECK(spans[0].first <= spans[0].last && spans[0].last < ~uint64_t{0});
    SharedRun run{spans[0].first, spans[0].last - spans[0].first + 1, 1, {}};
    run.partners.reserve(spans.size());
    for (const SharedSpan& s : spans) run.partners.push_back(s.handle);
    SortUnique(&run.partners);
    return {std::move(run)};
  }
  // Elementary segments between consecutive span boundaries: within one, the set of
  // partners is constant.
  std::vector<uint64_t> starts, ends, bounds;
  starts.reserve(spans.size());
  ends.reserve(spans.size());
  for (const SharedSpan& s : spans) {
    DMASIM_CHECK(s.first <= s.last && s.last < ~uint64_t{0});
    starts.push_back(s.first);
    ends.push_back(s.last + 1);
  }
  SortUnique(&starts);
  SortUnique(&ends);
  std::merge(starts.begin(), starts.end(), ends.begin(), ends.end(), std::back_inserter(bounds));
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  std::vector<std::vector<int>> seg(bounds.empty() ? 0 : bounds.size() - 1);
  for (const SharedSpan& s : spans) {
    const size_t i = std::lower_bound(bounds.begin(), bounds.end(), s.first) - bounds.begin();
    const size_t j = std::lower_bound(bounds.begin(), bounds.end(), s.last + 1) - bounds.begin();
    for (size_t k = i; k < j; ++k) seg[k].push_back(s.handle);
  }

  std::vector<SharedRun> runs;
  for (size_t k = 0; k < seg.size(); ++k) {
    if (seg[k].empty()) continue;
    SortUnique(&seg[k]);
    const uint64_t first = bounds[k], count = bounds[k + 1] - bounds[k];
    if (!runs.empty() && runs.back().first + runs.back().granules == first &&
        runs.back().partners == seg[k]) {
      runs.back().granules += count;  // same partners, adjacent: one run
      continue;
    }
    runs.push_back(SharedRun{first, count, 1, std::move(seg[k])});
  }

  if (runs.size() > max_runs) {
    // The last finding allowed stands for every run left: their granules and partners.
    SharedRun& tail = runs[max_runs - 1];
    for (size_t k = max_runs; k < runs.size(); ++k) {
      tail.granules += runs[k].granules;
      tail.runs += 1;
      std::vector<int> both;
      std::set_union(tail.partners.begin(), tail.partners.end(), runs[k].partners.begin(),
                     runs[k].partners.end(), std::back_inserter(both));
      tail.partners = std::move(both);
    }
    runs.resize(max_runs);
  }
  return runs;
}

}  // namespace dmasim
