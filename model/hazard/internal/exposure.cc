#include "model/hazard/internal/exposure.h"

#include <algorithm>
#include <utility>

#include "model/base/check.h"

namespace dmasim::hazard {

std::vector<Exposure> FindExposures(const Trace& trace, const Mapping& m, uint64_t page) {
  DMASIM_CHECK(page >= 1);
  // Page-rounded reach of every element, merged.
  std::vector<std::pair<uint64_t, uint64_t>> reach;
  std::vector<char> own(trace.bufs.size(), 0);
  for (const MappedElement& e : m.elems) {
    if (e.buf >= 0) own[e.buf] = 1;
    if (e.len == 0) continue;
    const uint64_t base = e.bounce != kNoBounce ? e.bounce : e.phys;
    const uint64_t lo = base / page * page;
    // End of the page holding the last byte; the top page ends at 2^64, cut to 2^64 - 1
    // (a byte no buffer can hold).
    const uint64_t last_page = (base + (e.len - 1)) / page * page;
    const uint64_t hi = last_page > ~uint64_t{0} - page ? ~uint64_t{0} : last_page + page;
    reach.emplace_back(lo, hi);
  }
  std::sort(reach.begin(), reach.end());
  std::vector<std::pair<uint64_t, uint64_t>> merged;
  for (const auto& r : reach) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  std::vector<Exposure> out;
  for (int b = 0; b < static_cast<int>(trace.bufs.size()); ++b) {
    if (own[b]) continue;
    const BufDecl& buf = trace.bufs[b];
    Exposure x;
    x.buf = b;
    for (const auto& r : merged) {
      const uint64_t lo = std::max(buf.at, r.first);
      const uint64_t hi = std::min(buf.at + buf.len, r.second);
      if (lo >= hi) continue;
      if (x.bytes == 0) x.first = lo;
      x.bytes += hi - lo;
    }
    if (x.bytes > 0) out.push_back(x);
  }
  return out;
}

}  // namespace dmasim::hazard
