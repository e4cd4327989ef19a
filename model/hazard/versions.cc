#include "model/hazard/versions.h"

#include <algorithm>

#include "model/check.h"

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

const VersionInfo& VersionTable::Info(Version v) const {
  DMASIM_CHECK(v != kDead && v < next_);
  auto it = std::upper_bound(blocks_.begin(), blocks_.end(), v,
                             [](Version x, const Block& b) { return x < b.first; });
  DMASIM_CHECK(it != blocks_.begin());
  return std::prev(it)->info;
}

}  // namespace dmasim::hazard
