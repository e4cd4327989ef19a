#include "model/replay/dma_layer.h"

#include <algorithm>

#include "model/base/check.h"
#include "model/trace/platform.h"

namespace dmasim {
namespace {

uint64_t AlignUp(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
uint64_t RoundUpPow2(uint64_t v) {
  uint64_t p = 1;
  while (p < v) p <<= 1;
  return p;
}

// First fit in [lo, hi) over sorted `used` ranges, searching from the top when `top_down`.
// Returns kDmaMappingError when nothing fits.
uint64_t FirstFit(const std::vector<std::pair<uint64_t, uint64_t>>& used, uint64_t lo,
                  uint64_t hi, uint64_t size, uint64_t align, bool top_down) {
  if (size == 0 || size > hi - lo) return kDmaMappingError;
  if (top_down) {
    uint64_t gap_end = hi;
    for (size_t k = used.size() + 1; k-- > 0;) {
      const uint64_t gap_start = k == 0 ? lo : std::max(lo, used[k - 1].second);
      if (gap_end >= size) {
        const uint64_t cand = (gap_end - size) & ~(align - 1);
        if (cand >= gap_start && cand + size <= gap_end) return cand;
      }
      if (k > 0) gap_end = std::min(gap_end, used[k - 1].first);
    }
  } else {
    uint64_t cand = AlignUp(lo, align);
    for (const auto& [s, e] : used) {
      if (cand + size <= s) return cand;
      cand = std::max(cand, AlignUp(e, align));
    }
    if (cand + size <= hi && cand + size >= cand) return cand;
  }
  return kDmaMappingError;
}

void InsertSorted(std::vector<std::pair<uint64_t, uint64_t>>* v, uint64_t s, uint64_t e) {
  auto it = std::lower_bound(v->begin(), v->end(), std::make_pair(s, e));
  v->insert(it, {s, e});
}

void EraseStart(std::vector<std::pair<uint64_t, uint64_t>>* v, uint64_t s) {
  auto it = std::lower_bound(v->begin(), v->end(), std::make_pair(s, uint64_t{0}));
  DMASIM_CHECK(it != v->end() && it->first == s);
  v->erase(it);
}

}  // namespace

uint64_t Mapping::size() const {
  uint64_t total = 0;
  for (const MappedElement& e : elems) total += e.len;
  return total;
}

bool Mapping::bounced() const {
  for (const MappedElement& e : elems) {
    if (e.bounce != kNoBounce) return true;
  }
  return false;
}

uint64_t KmallocSizeRoundup(uint64_t size) {
  if (size <= 8) return 8;
  if (size > 64 && size <= 96) return 96;
  if (size > 128 && size <= 192) return 192;
  return RoundUpPow2(size);
}

DmaLayer::DmaLayer(const Trace& trace)
    : trace_(trace),
      mappings_(trace.handles.size()),
      iova_(trace.devices.size()),
      iova_of_handle_(trace.handles.size()) {
  // The swiotlb pool sits above every declared buffer (1 MiB aligned, 1 MiB gap), or below
  // all of them when there is no room above.
  uint64_t max_end = 0, min_start = ~uint64_t{0};
  for (const BufDecl& b : trace.bufs) {
    max_end = std::max(max_end, b.at + b.len);
    min_start = std::min(min_start, b.at);
  }
  const uint64_t mib = uint64_t{1} << 20;
  if (max_end <= ~uint64_t{0} - (uint64_t{1} << 40)) {
    swiotlb_base_ = AlignUp(max_end, mib) + mib;
  } else {
    swiotlb_base_ = 0;  // below everything; buffers near the top of the space
    DMASIM_CHECK(min_start >= (uint64_t{1} << 36) || trace.bufs.empty());
  }
}

bool DmaLayer::NeedsBounce(int dev, int buf, uint64_t len, Direction dir) const {
  const DeviceDecl& d = trace_.devices[dev];
  if (d.force_bounce) return true;
  const PlatformDecl& p = trace_.platform;
  if (!p.bounce_kmalloc || !d.swiotlb || DeviceIsCoherent(p, d)) return false;
  if (dir == Direction::kToDevice) return false;  // dma_kmalloc_safe
  if (trace_.bufs[buf].kind != BufKind::kKmalloc) return false;
  // dma_kmalloc_size_aligned(): big enough, or the kmalloc cache is a multiple of the
  // cache alignment.
  const uint64_t align = p.dma_align;
  const bool aligned = len >= 2 * align || KmallocSizeRoundup(len) % align == 0;
  return !aligned;
}

uint64_t DmaLayer::AllocSlot(uint64_t len) {
  const uint64_t size = AlignUp(std::max<uint64_t>(len, 1), kSwiotlbSlot);
  const uint64_t limit = swiotlb_base_ + (uint64_t{1} << 36);
  const uint64_t s = FirstFit(slots_, swiotlb_base_, limit, size, kSwiotlbSlot, false);
  if (s != kDmaMappingError) InsertSorted(&slots_, s, s + size);
  return s;
}

void DmaLayer::FreeSlot(uint64_t start) { EraseStart(&slots_, start); }

uint64_t DmaLayer::AllocIova(int dev, uint64_t pages) {
  const uint64_t page = trace_.platform.page;
  const uint64_t n = RoundUpPow2(pages);
  const uint64_t s = FirstFit(iova_[dev], kIovaBase, kIovaLimit, n * page, n * page, true);
  if (s != kDmaMappingError) InsertSorted(&iova_[dev], s, s + n * page);
  return s;
}

void DmaLayer::FreeIova(int dev, uint64_t start) { EraseStart(&iova_[dev], start); }

const Mapping& DmaLayer::Map(int op_index) {
  const Op& op = trace_.ops[op_index];
  DMASIM_CHECK(op.kind == OpKind::kMap || op.kind == OpKind::kMapSg);
  Mapping& m = mappings_[op.handle];
  DMASIM_CHECK(m.op == -1);  // a handle is mapped once
  m.handle = op.handle;
  m.op = op_index;
  m.device = op.device;
  m.dir = op.dir;
  m.attrs = op.attrs;
  m.sg = op.kind == OpKind::kMapSg;
  const DeviceDecl& dev = trace_.devices[op.device];
  const PlatformDecl& p = trace_.platform;

  for (const Element& e : op.elems) {
    MappedElement me;
    me.buf = e.buf;
    me.off = e.off;
    me.len = e.len;
    me.phys = trace_.bufs[e.buf].at + e.off;
    m.elems.push_back(me);
  }
  bool any_bounce = false;
  for (const MappedElement& me : m.elems) {
    any_bounce = any_bounce || NeedsBounce(op.device, me.buf, me.len, op.dir);
  }
  if ((op.attrs & kAttrRequireCoherent) && (!DeviceIsCoherent(p, dev) || any_bounce)) {
    m.failed = true;  // DMA_ATTR_REQUIRE_COHERENT refuses maintenance and bouncing
    return m;
  }
  // Bounce slots first: with a bounce, the DMA address is the slot's.
  std::vector<uint64_t> target(m.elems.size());
  for (size_t k = 0; k < m.elems.size(); ++k) {
    MappedElement& me = m.elems[k];
    if (NeedsBounce(op.device, me.buf, me.len, op.dir)) {
      me.bounce = AllocSlot(me.len);
      if (me.bounce == kDmaMappingError) {  // pool exhausted: the mapping fails
        for (size_t j = 0; j < k; ++j) {
          if (m.elems[j].bounce != kNoBounce) FreeSlot(m.elems[j].bounce);
        }
        m.failed = true;
        return m;
      }
    }
    target[k] = me.bounce != kNoBounce ? me.bounce : me.phys;
  }

  if (!dev.iommu) {
    // dma-direct: bus address == physical address, one segment per element.
    for (size_t k = 0; k < m.elems.size(); ++k) {
      m.elems[k].dma_addr = target[k];
      m.segs.push_back({target[k], m.elems[k].len});
    }
  } else {
    // iommu-dma: one IOVA allocation; each element padded to whole pages, keeping its in-page
    // offset; merge per __finalise_sg.
    const uint64_t page = p.page;
    uint64_t total_pages = 0;
    for (size_t k = 0; k < m.elems.size(); ++k) {
      const uint64_t in_page = target[k] & (page - 1);
      total_pages += AlignUp(in_page + m.elems[k].len, page) / page;
    }
    const uint64_t base = AllocIova(op.device, std::max<uint64_t>(total_pages, 1));
    if (base == kDmaMappingError) {
      for (const MappedElement& me : m.elems) {
        if (me.bounce != kNoBounce) FreeSlot(me.bounce);
      }
      m.failed = true;
      return m;
    }
    iova_of_handle_[op.handle].push_back(base);
    uint64_t cursor = base;
    uint64_t cur_len = 0;  // length of the open DMA segment; 0 = none open for merging
    for (size_t k = 0; k < m.elems.size(); ++k) {
      const uint64_t in_page = target[k] & (page - 1);
      const uint64_t len = m.elems[k].len;
      const uint64_t span = AlignUp(in_page + len, page);
      m.elems[k].dma_addr = cursor + in_page;
      const bool merge = cur_len != 0 && in_page == 0 && (cursor & 0xffffffffu) != 0 &&
                         kMaxSegSize - cur_len >= len;
      if (merge) {
        cur_len += len;
        m.segs.back().len = cur_len;
      } else {
        m.segs.push_back({cursor + in_page, len});
        cur_len = len;
      }
      cursor += span;
      if (in_page + len < span) cur_len = 0;  // ends mid-page: nothing may merge after it
    }
  }
  m.live = true;
  return m;
}

void DmaLayer::Unmap(int handle) {
  Mapping& m = mappings_[handle];
  if (!m.live) return;
  m.live = false;
  for (const MappedElement& me : m.elems) {
    if (me.bounce != kNoBounce) FreeSlot(me.bounce);
  }
  for (uint64_t start : iova_of_handle_[handle]) FreeIova(m.device, start);
  iova_of_handle_[handle].clear();
}

void DmaLayer::DeviceRanges(const Mapping& m, uint64_t off, uint64_t len,
                            std::vector<PhysRange>* out) const {
  if (m.elems.empty() || len == 0) return;
  uint64_t pos = 0;  // start of element k within the mapping
  for (size_t k = 0; k < m.elems.size() && len > 0; ++k) {
    const MappedElement& me = m.elems[k];
    const bool last = k + 1 == m.elems.size();
    const uint64_t elem_end = pos + me.len;
    if (off < elem_end || last) {
      const uint64_t start_in = off > pos ? off - pos : 0;
      // The last element absorbs an overrun past the mapping's end.
      const uint64_t avail = last ? len : std::min(len, me.len - start_in);
      const uint64_t base = me.bounce != kNoBounce ? me.bounce : me.phys;
      // An overrun that would run off the top of the address space is cut there.
      if (start_in > ~uint64_t{0} - base) return;
      const uint64_t first = base + start_in;
      const uint64_t room = ~uint64_t{0} - first;
      if (avail > 0) out->push_back({first, std::min(avail, room)});
      off += avail;
      len -= avail;
    }
    pos = elem_end;
  }
}

}  // namespace dmasim
