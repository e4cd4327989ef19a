#include "model/import/mapping_table.h"

#include <algorithm>

#include "model/base/check.h"

namespace dmasim::import {

uint64_t HandleRec::size() const {
  uint64_t n = 0;
  for (uint64_t l : lens) n += l;
  return n;
}

HandleRec& MappingTable::Get(int64_t id) {
  auto it = handles_.find(id);
  DMASIM_CHECK(it != handles_.end());
  return it->second;
}

const HandleRec& MappingTable::Get(int64_t id) const {
  auto it = handles_.find(id);
  DMASIM_CHECK(it != handles_.end());
  return it->second;
}

HandleRec& MappingTable::NewHandle() {
  const int64_t id = next_id_++;
  HandleRec& h = handles_[id];
  h.id = id;
  ++live_count_;
  return h;
}

void MappingTable::Ref(int64_t id) { Get(id).refs += 1; }

void MappingTable::Unref(int64_t id) {
  HandleRec& h = Get(id);
  DMASIM_CHECK(h.refs > 0);
  if (--h.refs == 0 && !h.live) handles_.erase(id);
}

void MappingTable::AddEntries(const HandleRec& h) {
  const int n = static_cast<int>(h.dma.size());
  for (int i = 0; i < n; ++i) {
    MirrorEntry e;
    e.handle = h.id;
    e.seg = i;
    e.size = h.lens[i];
    e.sg = h.sg;
    e.dir = h.dir;
    e.sg_call_ents = h.sg ? n : 0;
    e.sg_mapped_ents = h.sg ? n : 0;
    mirror_[{h.device, h.dma[i]}].push_back(e);
    ++mirror_count_;
    max_span_ = std::max(max_span_, std::max<uint64_t>(e.size, 1));
    Ref(h.id);
  }
}

const HandleRec& MappingTable::AddSingle(int dev, uint64_t phys, uint64_t dma, uint64_t size,
                                         Direction dir, uint32_t attrs) {
  HandleRec& h = NewHandle();
  h.device = dev;
  h.dir = dir;
  h.attrs = attrs;
  h.phys = {phys};
  h.lens = {size};
  h.dma = {dma};
  AddEntries(h);
  return h;
}

const HandleRec& MappingTable::AddSg(int dev, const std::vector<uint64_t>& phys,
                                     const std::vector<uint64_t>& dma,
                                     const std::vector<uint64_t>& lens, Direction dir,
                                     uint32_t attrs) {
  DMASIM_CHECK(!phys.empty() && phys.size() == dma.size() && dma.size() == lens.size());
  HandleRec& h = NewHandle();
  h.sg = true;
  h.device = dev;
  h.dir = dir;
  h.attrs = attrs;
  h.phys = phys;
  h.lens = lens;
  h.dma = dma;
  AddEntries(h);
  live_sg_by_phys_[{dev, phys[0]}].push_back(h.id);
  live_sg_by_dma_[{dev, dma[0]}].push_back(h.id);
  return h;
}

std::optional<size_t> MappingTable::BestFit(const std::vector<MirrorEntry>& list, uint64_t size,
                                            bool sg, Direction dir, int call_ents) const {
  std::optional<size_t> best;
  int best_level = -1;
  int matches = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    const MirrorEntry& e = list[i];
    ++matches;
    const int level = (e.size == size) + (e.sg == sg) + (e.dir == dir) +
                      (e.sg_call_ents == call_ents);
    if (level == 4) return i;
    if (level > best_level) {
      best_level = level;
      best = i;
    }
  }
  if (matches != 1) return std::nullopt;
  return best;
}

void MappingTable::RemoveEntry(const Key& key, size_t index) {
  auto it = mirror_.find(key);
  DMASIM_CHECK(it != mirror_.end() && index < it->second.size());
  const int64_t id = it->second[index].handle;
  it->second.erase(it->second.begin() + static_cast<std::ptrdiff_t>(index));
  if (it->second.empty()) mirror_.erase(it);
  --mirror_count_;
  Unref(id);
}

void MappingTable::Remember(absl::btree_map<Key, int64_t>& index, const Key& key, int64_t id) {
  Ref(id);
  auto [it, inserted] = index.try_emplace(key, id);
  if (!inserted) {
    const int64_t old = it->second;
    it->second = id;
    Unref(old);
  }
}

void MappingTable::UnlinkLive(absl::btree_map<Key, std::vector<int64_t>>& index, const Key& key,
                              int64_t id) {
  auto it = index.find(key);
  DMASIM_CHECK(it != index.end());
  std::vector<int64_t>& v = it->second;
  v.erase(std::find(v.begin(), v.end(), id));
  if (v.empty()) index.erase(it);
}

void MappingTable::Kill(HandleRec& h) {
  if (!h.live) return;
  h.live = false;
  --live_count_;
  const int64_t id = h.id;
  const int dev = h.device;
  Ref(id);  // keep `h` while the indexes change
  if (h.sg) {
    UnlinkLive(live_sg_by_phys_, {dev, h.phys[0]}, id);
    UnlinkLive(live_sg_by_dma_, {dev, h.dma[0]}, id);
    Remember(dead_sg_phys_, {dev, h.phys[0]}, id);
    Remember(dead_sg_dma_, {dev, h.dma[0]}, id);
  } else {
    Remember(dead_single_, {dev, h.dma[0]}, id);
  }
  Unref(id);
}

std::optional<HandleRec> MappingTable::UnmapSingle(int dev, uint64_t addr, uint64_t size,
                                                   Direction dir, int* sg_seg) {
  *sg_seg = -1;
  const Key key{dev, addr};
  auto it = mirror_.find(key);
  if (it == mirror_.end()) {
    auto d = dead_single_.find(key);
    if (d == dead_single_.end()) return std::nullopt;
    return Get(d->second);  // a double unmap: the kernel finds nothing either
  }
  const std::vector<MirrorEntry>& list = it->second;
  if (std::optional<size_t> i = BestFit(list, size, false, dir, 0)) {
    const MirrorEntry e = list[*i];
    HandleRec copy = Get(e.handle);
    if (e.sg) *sg_seg = e.seg;
    RemoveEntry(key, *i);
    if (!e.sg && handles_.contains(e.handle)) Kill(Get(e.handle));
    copy.live = false;
    return copy;
  }
  // Several entries, none a perfect fit: the kernel frees nothing ("not allocated"). The
  // call still names an address: give it the oldest single mapping there.
  for (const MirrorEntry& e : list) {
    if (!e.sg) return Get(e.handle);
  }
  *sg_seg = list.front().seg;
  return Get(list.front().handle);
}

void MappingTable::WalkSgUnmap(const HandleRec& h, size_t nelems, Direction dir) {
  // debug_dma_unmap_sg: element i's reference is the list's own DMA address and length
  // (a zeroed element past the real list); the mapped count comes from element 0's entry.
  const int call = static_cast<int>(nelems);
  int mapped = 0;
  for (size_t i = 0; i < nelems; ++i) {
    const uint64_t addr = i < h.dma.size() ? h.dma[i] : 0;
    const uint64_t len = i < h.dma.size() ? h.lens[i] : 0;
    const Key key{h.device, addr};
    auto it = mirror_.find(key);
    std::optional<size_t> found;
    if (it != mirror_.end()) found = BestFit(it->second, len, true, dir, call);
    if (i == 0) mapped = found ? it->second[*found].sg_mapped_ents : 0;
    if (mapped != 0 && static_cast<int>(i) >= mapped) break;
    if (found) RemoveEntry(key, *found);
  }
}

bool MappingTable::PrefixMatch(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  const size_t n = std::min(a.size(), b.size());
  return std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), b.begin());
}

std::optional<HandleRec> MappingTable::UnmapSg(int dev, const std::vector<uint64_t>& phys,
                                               Direction dir) {
  if (phys.empty()) return std::nullopt;
  const Key key{dev, phys[0]};
  std::optional<int64_t> pick;
  if (auto it = live_sg_by_phys_.find(key); it != live_sg_by_phys_.end()) {
    for (int64_t id : it->second) {  // the same list first, else one it is a prefix of
      const HandleRec& h = Get(id);
      if (h.phys == phys) {
        pick = id;
        break;
      }
      if (!pick && PrefixMatch(h.phys, phys)) pick = id;
    }
  }
  if (!pick) {
    auto d = dead_sg_phys_.find(key);
    if (d == dead_sg_phys_.end()) return std::nullopt;
    pick = d->second;
  }
  HandleRec copy = Get(*pick);
  Ref(*pick);
  WalkSgUnmap(copy, phys.size(), dir);
  Kill(Get(*pick));
  Unref(*pick);
  copy.live = false;
  return copy;
}

std::optional<HandleRec> MappingTable::Containing(const absl::btree_map<Key, int64_t>& index,
                                                  int dev, uint64_t addr, uint64_t size) const {
  auto it = index.upper_bound(Key{dev, addr});
  for (int steps = 0; steps < kMaxContainingWalk && it != index.begin(); ++steps) {
    --it;
    if (it->first.first != dev || addr - it->first.second >= max_span_) break;
    const HandleRec& h = Get(it->second);
    if (h.dma[0] + h.lens[0] >= addr + size && addr + size >= addr) return h;
  }
  return std::nullopt;
}

std::optional<HandleRec> MappingTable::SyncSingle(int dev, uint64_t addr, uint64_t size,
                                                  Direction dir, bool* in_sg) {
  *in_sg = false;
  std::optional<int64_t> best;
  int best_level = -1;
  auto it = mirror_.upper_bound(Key{dev, addr});
  for (int steps = 0; steps < kMaxContainingWalk && it != mirror_.begin(); ++steps) {
    --it;
    const auto& [k, list] = *it;
    if (k.first != dev || addr - k.second >= max_span_) break;
    for (const MirrorEntry& e : list) {
      if (k.second + e.size < addr + size || addr + size < addr) continue;
      if (e.sg) {
        *in_sg = true;
        continue;
      }
      const int level = (e.size == size) + (e.dir == dir);
      if (level > best_level || (level == best_level && e.handle < *best)) {
        best_level = level;
        best = e.handle;
      }
    }
  }
  if (best) {
    *in_sg = false;
    return Get(*best);
  }
  if (*in_sg) return std::nullopt;
  return Containing(dead_single_, dev, addr, size);
}

std::optional<HandleRec> MappingTable::SyncSg(int dev, const std::vector<uint64_t>& dma) {
  if (dma.empty()) return std::nullopt;
  const Key key{dev, dma[0]};
  if (auto it = live_sg_by_dma_.find(key); it != live_sg_by_dma_.end()) {
    std::optional<int64_t> pick;
    for (int64_t id : it->second) {
      const HandleRec& h = Get(id);
      if (h.dma.size() == dma.size() && h.dma == dma) return h;
      if (!pick && PrefixMatch(h.dma, dma)) pick = id;
    }
    if (pick) return Get(*pick);
  }
  auto d = dead_sg_dma_.find(key);
  if (d == dead_sg_dma_.end()) return std::nullopt;
  return Get(d->second);
}

}  // namespace dmasim::import
