#include "model/dma_debug/internal/entry_hash.h"

#include <algorithm>

#include "model/base/check.h"

namespace dmasim::dma_debug {
namespace {

constexpr int kHashFnShift = 13;

bool ExactMatch(const Entry& ref, const Entry& e) {
  return ref.dev_addr == e.dev_addr && ref.dev == e.dev;
}

bool ContainingMatch(const Entry& ref, const Entry& e) {
  if (ref.dev != e.dev) return false;
  return e.dev_addr <= ref.dev_addr && e.dev_addr + e.size >= ref.dev_addr + ref.size;
}

}  // namespace

EntryHash::EntryHash(uint32_t hash_size, ContainWalk walk)
    : hash_size_(hash_size), walk_(walk) {
  DMASIM_CHECK(hash_size_ > 0 && (hash_size_ & (hash_size_ - 1)) == 0);
}

int EntryHash::Alloc() {
  int id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
    slots_[id] = Entry{};
  } else {
    id = static_cast<int>(slots_.size());
    slots_.emplace_back();
    live_.push_back(false);
  }
  DMASIM_CHECK(!live_[id]);
  return id;
}

void EntryHash::Free(int id) {
  DMASIM_CHECK(id >= 0 && id < static_cast<int>(slots_.size()));
  DMASIM_CHECK(!live_[id]);
  free_.push_back(id);
}

Entry& EntryHash::entry(int id) {
  DMASIM_CHECK(id >= 0 && id < static_cast<int>(slots_.size()));
  return slots_[id];
}

const Entry& EntryHash::entry(int id) const {
  DMASIM_CHECK(id >= 0 && id < static_cast<int>(slots_.size()));
  return slots_[id];
}

uint32_t EntryHash::BucketOf(uint64_t dev_addr) const {
  return static_cast<uint32_t>((dev_addr >> kHashFnShift) & (hash_size_ - 1));
}

void EntryHash::Add(int id) {
  DMASIM_CHECK(!live_[id]);
  live_[id] = true;
  live_count_ += 1;
  buckets_[BucketOf(slots_[id].dev_addr)].push_back(id);
}

void EntryHash::Remove(int id) {
  DMASIM_CHECK(live_[id]);
  auto it = buckets_.find(BucketOf(slots_[id].dev_addr));
  DMASIM_CHECK(it != buckets_.end());
  std::vector<int>& list = it->second;
  auto pos = std::find(list.begin(), list.end(), id);
  DMASIM_CHECK(pos != list.end());
  list.erase(pos);
  if (list.empty()) buckets_.erase(it);
  live_[id] = false;
  live_count_ -= 1;
}

std::optional<int> EntryHash::BestFit(uint32_t bucket, const Entry& ref, bool containing) const {
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) return std::nullopt;
  std::optional<int> best;
  int matches = 0;
  int best_level = -1;
  for (int id : it->second) {
    const Entry& e = slots_[id];
    if (!(containing ? ContainingMatch(ref, e) : ExactMatch(ref, e))) continue;
    matches += 1;
    int level = 0;
    if (e.size == ref.size) ++level;
    if (e.type == ref.type) ++level;
    if (e.dir == ref.dir) ++level;
    if (e.sg_call_ents == ref.sg_call_ents) ++level;
    if (level == 4) return id;  // perfect fit
    if (level > best_level) {
      best_level = level;
      best = id;
    }
  }
  if (matches != 1) return std::nullopt;  // several matches, none perfect
  return best;
}

std::optional<int> EntryHash::FindExact(const Entry& ref) const {
  return BestFit(BucketOf(ref.dev_addr), ref, /*containing=*/false);
}

std::optional<int> EntryHash::FindContaining(const Entry& ref, uint64_t max_seg_size) const {
  constexpr uint64_t kStride = uint64_t{1} << kHashFnShift;
  uint64_t addr = ref.dev_addr;  // the walking index; wraps like the kernel's u64
  uint64_t steps;
  if (walk_ == ContainWalk::kBoundedBuckets) {
    steps = std::min<uint64_t>(hash_size_, (ref.dev_addr >> kHashFnShift) + 1);
  } else {
    steps = max_seg_size / kStride + 1;  // range = 0, 8K, ... while range <= max
  }
  for (uint64_t i = 0; i < steps; ++i) {
    std::optional<int> found = BestFit(BucketOf(addr), ref, /*containing=*/true);
    if (found.has_value()) return found;
    addr -= kStride;
  }
  return std::nullopt;
}

void EntryHash::MarkMappingChecked(int dev, uint64_t dev_addr) {
  auto it = buckets_.find(BucketOf(dev_addr));
  if (it == buckets_.end()) return;
  for (int id : it->second) {
    Entry& e = slots_[id];
    if (e.dev != dev || e.dev_addr != dev_addr) continue;
    if (e.map_err == MapErr::kNotChecked) {
      e.map_err = MapErr::kChecked;
      return;
    }
  }
}

std::vector<int> EntryHash::DeviceEntries(int dev) const {
  std::vector<int> out;
  for (const auto& [bucket, list] : buckets_) {
    for (int id : list) {
      if (slots_[id].dev == dev) out.push_back(id);
    }
  }
  return out;
}

}  // namespace dmasim::dma_debug
