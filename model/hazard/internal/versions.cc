#include "model/hazard/internal/versions.h"

#include <algorithm>

#include "model/base/check.h"

namespace dmasim::hazard {

Version VersionTable::Allocate(uint32_t count, const VersionInfo& info) {
  DMASIM_CHECK(count >= 1);
  // 2^32 byte writes per replay is far beyond any trace the parser accepts.
  DMASIM_CHECK(next_ + count > next_);
  const Version first = next_;
  next_ += count;
  blocks_.push_back(Block{first, info});
  return first;
}

void VersionTable::Release(Version v) {
  if (!roaming_) return;
  auto it = intended_refs_.find(v);
  DMASIM_CHECK(it != intended_refs_.end() && it->second > 0);
  if (--it->second == 0) intended_refs_.erase(it);
}

const VersionInfo& VersionTable::Info(Version v) const {
  DMASIM_CHECK(v != kDead && v < next_);
  auto it = std::upper_bound(blocks_.begin(), blocks_.end(), v,
                             [](Version x, const Block& b) { return x < b.first; });
  DMASIM_CHECK(it != blocks_.begin());
  return std::prev(it)->info;
}

}  // namespace dmasim::hazard
