#include "model/hazard/internal/findings.h"

#include <algorithm>

namespace dmasim::hazard {

void FindingSet::Add(const OracleFinding& f) {
  auto key = std::make_tuple(f.op, f.line, f.kind);
  auto it = by_key_.find(key);
  if (it == by_key_.end()) {
    OracleFinding g = f;
    std::vector<int> uniq;
    for (int h : g.handles) {
      if (std::find(uniq.begin(), uniq.end(), h) == uniq.end()) uniq.push_back(h);
    }
    g.handles = std::move(uniq);
    by_key_.emplace(std::move(key), std::move(g));
    return;
  }
  OracleFinding& g = it->second;
  g.sharing = g.sharing || f.sharing;
  for (int h : f.handles) {
    if (std::find(g.handles.begin(), g.handles.end(), h) == g.handles.end()) {
      g.handles.push_back(h);
    }
  }
}

std::vector<OracleFinding> FindingSet::Sorted() const {
  std::vector<OracleFinding> out;
  out.reserve(by_key_.size());
  for (const auto& [key, f] : by_key_) out.push_back(f);  // map order: op, line, kind
  return out;
}

}  // namespace dmasim::hazard
