// The naive reference: lookups (§5.1), check_unmap (§5.2), check_sync (§5.3), the sg walks
// (§4.3, §4.4) and the leak check at unbind (§5.7).
#include <algorithm>

#include "model/replay/dma_layer.h"
#include "props/reference/naive_state.h"

namespace dmasim::props::naive {
namespace {

std::vector<int> Handles(int first, int second) {
  std::vector<int> h{first};
  if (second != first) h.push_back(second);
  return h;
}

}  // namespace

// §5.1 best fit among the matches, in list order.
std::optional<size_t> NaiveChecker::BestFit(const Entry& ref,
                                            const std::vector<size_t>& candidates) const {
  int last = -1;
  std::optional<size_t> best;
  for (size_t c : candidates) {
    const Entry& en = live_[c];
    const int score = (en.size == ref.size) + (en.type == ref.type) + (en.dir == ref.dir) +
                      (en.sg_call_ents == ref.sg_call_ents);
    if (score == 4) return c;
    if (score > last) {
      last = score;
      best = c;
    }
  }
  if (candidates.size() != 1) return std::nullopt;
  return best;
}

std::optional<size_t> NaiveChecker::FindExact(const Entry& ref) const {
  std::vector<size_t> c;
  for (size_t i = 0; i < live_.size(); ++i) {
    if (live_[i].dev == ref.dev && live_[i].dev_addr == ref.dev_addr) c.push_back(i);
  }
  return BestFit(ref, c);
}

// bucket_find_contain: the reference's bucket, then back one 8 KiB stride at a time; the
// first bucket with a best fit wins. Addresses wrap as u64 arithmetic does in the kernel.
std::optional<size_t> NaiveChecker::FindContaining(const Entry& ref) const {
  const uint64_t walk = rules_.bounded_walk
                            ? std::min<uint64_t>(rules_.hash_size, (ref.dev_addr >> 13) + 1)
                            : kMaxSegSize / 8192 + 1;  // range 0, 8K, ..., max_seg_size
  uint64_t addr = ref.dev_addr;
  for (uint64_t k = 0; k < walk; ++k, addr -= 8192) {
    std::vector<size_t> c;
    for (size_t i = 0; i < live_.size(); ++i) {
      const Entry& en = live_[i];
      if (Bucket(en.dev_addr) != Bucket(addr) || en.dev != ref.dev) continue;
      if (en.dev_addr <= ref.dev_addr && en.dev_addr + en.size >= ref.dev_addr + ref.size) {
        c.push_back(i);
      }
    }
    if (std::optional<size_t> r = BestFit(ref, c)) return r;
  }
  return std::nullopt;
}

void NaiveChecker::CheckUnmap(int op, int handle, const Entry& ref) {
  const std::optional<size_t> idx = FindExact(ref);
  if (!idx) {
    MappingErrorHook(ref.dev, ref.dev_addr);  // dma_mapping_error() decides the message
    ErrPrintk(Make(op, ref.dev_addr == kDmaMappingError ? "free-invalid-address"
                                                        : "free-not-allocated",
                   {handle}));
    return;
  }
  const Entry en = live_[*idx];
  const std::vector<int> h = Handles(handle, en.handle);
  if (ref.size != en.size) ErrPrintk(Make(op, "free-different-size", h));
  if (ref.type != en.type) ErrPrintk(Make(op, "free-wrong-function", h));
  if (ref.type == Type::kSg && ref.sg_call_ents != 0 && ref.sg_call_ents != en.sg_call_ents) {
    ErrPrintk(Make(op, "free-sg-entry-count", h));
  }
  if (ref.dir != en.dir) ErrPrintk(Make(op, "free-different-direction", h));
  if (en.map_err == MapErr::kNotChecked) ErrPrintk(Make(op, "map-error-not-checked", h));
  // 2026: of our attributes only REQUIRE_COHERENT is in the compared set (§5.2 check 6).
  if (rules_.unmap_attr_compare && ((ref.attrs ^ en.attrs) & kAttrRequireCoherent)) {
    ErrPrintk(Make(op, "free-different-attributes", h));
  }
  RemoveLine(en);
  free_slots_.push_back(en.slot);
  live_.erase(live_.begin() + static_cast<long>(*idx));
}

void NaiveChecker::CheckSync(int op, int handle, const Entry& ref, bool to_cpu) {
  const std::optional<size_t> idx = FindContaining(ref);
  if (!idx) {
    ErrPrintk(Make(op, "sync-not-allocated", {handle}));
    return;
  }
  const Entry& en = live_[*idx];
  const std::vector<int> h = Handles(handle, en.handle);
  if (ref.size > en.size) ErrPrintk(Make(op, "sync-outside-range", h));
  if (en.dir == Direction::kBidirectional) return;  // no further checks (§5.3)
  if (ref.dir != en.dir) ErrPrintk(Make(op, "sync-different-direction", h));
  if (to_cpu && en.dir != Direction::kFromDevice && ref.dir != Direction::kToDevice) {
    ErrPrintk(Make(op, "sync-read-only-for-cpu", h));
  }
  if (!to_cpu && en.dir != Direction::kToDevice && ref.dir != Direction::kFromDevice) {
    ErrPrintk(Make(op, "sync-write-only-to-device", h));
  }
  if (rules_.sync_sg_count_check && ref.type == Type::kSg && ref.sg_call_ents != 0 &&
      ref.sg_call_ents != en.sg_call_ents) {
    ErrPrintk(Make(op, "sync-sg-entry-count", h));
  }
}

void NaiveChecker::OnUnmap(const OpEvent& e) {
  const Mapping& m = *e.mapping;
  const Op& op = *e.op;
  Entry ref;
  ref.dev = m.device;
  ref.type = rules_.phy_entries ? Type::kPhy : Type::kSingle;
  ref.dev_addr = HandleAddr(m);
  // dma_unmap_single(dev, addr, size, ...): size as given, else what the driver holds (the
  // mapping's size; segment 0's DMA length for an sg handle).
  const uint64_t held = m.sg ? (m.segs.empty() ? 0 : m.segs[0].len) : m.size();
  ref.size = op.size.value_or(held);
  ref.dir = op.override_dir.value_or(m.dir);
  ref.attrs = op.override_attrs.value_or(m.attrs);
  CheckUnmap(e.index, m.handle, ref);
}

// The reference entries an sg hook builds for the first `nelems` elements of the list the
// driver passes: the original elements with their sg_dma_address/len (DMA_MAPPING_ERROR
// and 0 past the mapped segments, as iommu-dma leaves them), zeroed past the list's end.
std::vector<Entry> NaiveChecker::SgRefs(const OpEvent& e, int nelems) const {
  const Mapping& m = *e.mapping;
  const Op& op = *e.op;
  std::vector<Entry> refs;
  for (int i = 0; i < nelems; ++i) {
    Entry ref;
    ref.dev = m.device;
    ref.type = Type::kSg;
    ref.dir = op.override_dir.value_or(m.dir);
    ref.attrs = op.override_attrs.value_or(m.attrs);
    ref.sg_call_ents = nelems;
    if (i < static_cast<int>(m.elems.size())) {
      ref.phys = m.elems[i].phys;
      const bool have = !m.failed && !Rejected(m) && i < static_cast<int>(m.segs.size());
      ref.dev_addr = have ? m.segs[i].addr : kDmaMappingError;
      ref.size = have ? (m.sg ? m.segs[i].len : m.size()) : 0;
    }
    refs.push_back(ref);
  }
  return refs;
}

void NaiveChecker::OnUnmapSg(const OpEvent& e) {
  const Mapping& m = *e.mapping;
  const int nelems = static_cast<int>(
      e.op->nents.value_or(m.sg ? static_cast<uint32_t>(m.elems.size()) : 1u));
  const std::vector<Entry> refs = SgRefs(e, nelems);
  int mapped = 0;
  for (int i = 0; i < nelems; ++i) {
    if (i == 0) {
      const std::optional<size_t> idx = FindExact(refs[0]);
      mapped = idx ? live_[*idx].sg_mapped_ents : 0;
    }
    if (mapped != 0 && i >= mapped) break;
    CheckUnmap(e.index, m.handle, refs[i]);
  }
}

void NaiveChecker::OnSyncSingle(const OpEvent& e, bool to_cpu) {
  const Mapping& m = *e.mapping;
  const Op& op = *e.op;
  Entry ref;
  ref.dev = m.device;
  ref.type = Type::kSingle;  // also when entries are "phy" (§12)
  if (!rules_.sync_type_quirk && rules_.phy_entries) ref.type = Type::kPhy;
  ref.dev_addr = HandleAddr(m);
  ref.size = m.size();
  if (op.has_range) {
    if (rules_.range_sync_at_offset) {
      ref.dev_addr += op.off;
      ref.size = op.len;
    } else {
      ref.size = op.off + op.len;
    }
  }
  ref.dir = op.override_dir.value_or(m.dir);
  CheckSync(e.index, m.handle, ref, to_cpu);
}

void NaiveChecker::OnSyncSg(const OpEvent& e, bool to_cpu) {
  const Mapping& m = *e.mapping;
  const int nelems = static_cast<int>(e.op->nents.value_or(static_cast<uint32_t>(m.elems.size())));
  const std::vector<Entry> refs = SgRefs(e, nelems);
  int mapped = 0;
  for (int i = 0; i < nelems; ++i) {
    if (i == 0) {
      const std::optional<size_t> idx = FindExact(refs[0]);
      mapped = idx ? live_[*idx].sg_mapped_ents : 0;
    }
    if (i >= mapped) break;  // an unknown list syncs nothing (§4.4)
    CheckSync(e.index, m.handle, refs[i], to_cpu);
  }
}

void NaiveChecker::OnUnbind(const OpEvent& e) {
  std::vector<size_t> mine;
  for (size_t i = 0; i < live_.size(); ++i) {
    if (live_[i].dev == e.op->device) mine.push_back(i);
  }
  if (mine.empty()) return;
  // The details name the last entry of the walk over buckets 0..HASH_SIZE-1.
  size_t last = mine[0];
  for (size_t i : mine) {
    if (Bucket(live_[i].dev_addr) >= Bucket(live_[last].dev_addr)) last = i;
  }
  std::vector<int> handles{live_[last].handle};
  for (size_t i : mine) {
    if (std::find(handles.begin(), handles.end(), live_[i].handle) == handles.end()) {
      handles.push_back(live_[i].handle);
    }
  }
  ErrPrintk(Make(e.index, "pending-at-unbind", handles));
}

}  // namespace dmasim::props::naive
