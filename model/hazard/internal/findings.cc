#include "model/hazard/internal/findings.h"

#include <algorithm>

namespace dmasim::hazard {

FindingSet::Open& FindingSet::OpenFor(const Key& key) {
  if (std::get<0>(key) != open_op_) {
    // A new op: the findings of the previous one are complete, their counts final.
    open_.clear();
    open_op_ = std::get<0>(key);
  }
  return open_[key];
}

void FindingSet::MergeInto(OracleFinding* g, Open* open, uint64_t line,
                           const std::vector<int>& handles) {
  open->lines.insert(line);
  g->lines = std::max<uint64_t>(g->lines, open->lines.size());
  for (int h : handles) {
    if (!open->handles.insert(h).second) continue;  // already involved
    if (std::find(g->handles.begin(), g->handles.end(), h) != g->handles.end()) continue;
    if (g->handles.size() < kMaxNamedPartners + 1) {
      g->handles.push_back(h);
    } else {
      ++g->more_handles;
    }
  }
}

bool FindingSet::Merge(int op, absl::string_view kind, bool sharing, uint64_t line,
                       const std::vector<int>& handles) {
  Key key(op, std::string(kind), sharing);
  auto it = by_key_.find(key);
  if (it == by_key_.end() || line < it->second.line) return false;
  MergeInto(&it->second, &OpenFor(key), line, handles);
  return true;
}

void FindingSet::Add(const OracleFinding& f) {
  Key key(f.op, f.kind, f.sharing);
  auto it = by_key_.find(key);
  if (it == by_key_.end()) {
    if (by_key_.size() >= kMaxListed) {
      ++not_listed_;
      return;
    }
    OracleFinding g = f;
    g.handles.clear();
    g.more_handles = 0;
    g.lines = 0;
    it = by_key_.emplace(key, std::move(g)).first;
  } else if (f.line < it->second.line) {
    it->second.line = f.line;  // the lowest line is the one the finding describes
    it->second.message = f.message;
  }
  MergeInto(&it->second, &OpenFor(key), f.line, f.handles);
}

std::vector<OracleFinding> FindingSet::Sorted() const {
  std::vector<OracleFinding> out;
  out.reserve(by_key_.size());
  for (const auto& [key, f] : by_key_) out.push_back(f);
  std::stable_sort(out.begin(), out.end(), [](const OracleFinding& a, const OracleFinding& b) {
    return std::tie(a.op, a.line, a.kind, a.sharing) < std::tie(b.op, b.line, b.kind, b.sharing);
  });
  return out;
}

}  // namespace dmasim::hazard
