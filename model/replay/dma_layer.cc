#include "model/replay/dma_layer.h"

#include <algorithm>
#include <optional>

#include "model/base/check.h"
#include "model/trace/platform.h"

namespace dmasim {
namespace {

// Callers keep v <= 2^64 - a (else the sum wraps).
uint64_t AlignUp(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
// The least power of two >= v; v <= 2^63 (a larger one has no 64-bit power of two).
uint64_t RoundUpPow2(uint64_t v) {
  DMASIM_CHECK(v <= (uint64_t{1} << 63));
  uint64_t p = 1;
  while (p < v) p <<= 1;
  return p;
}
uint64_t SaturatingAdd(uint64_t a, uint64_t b) { return a > ~uint64_t{0} - b ? ~uint64_t{0} : a + b; }

// Pages an element of `len` bytes starting `in_page` bytes into a page spans, without
// overflow (in_page < page).
uint64_t PagesSpanned(uint64_t in_page, uint64_t len, uint64_t page) {
  const uint64_t tail = in_page + len % page;  // < 2 * page
  return len / page + (tail + page - 1) / page;
}

// Where the swiotlb pool [base, base + kSwiotlbPoolBytes) goes, clear of every buffer:
// above all of them (1 MiB aligned, after a 1 MiB gap) when there is room; else at 0 when
// every buffer starts above the pool; else in the lowest gap between buffers that holds it
// (same alignment and gap). nullopt: no gap is large enough (buffers cover nearly all of
// the address space), so there is no pool.
std::optional<uint64_t> PlaceSwiotlbPool(const std::vector<BufDecl>& bufs) {
  constexpr uint64_t kMiB = uint64_t{1} << 20;
  std::vector<std::pair<uint64_t, uint64_t>> spans;  // [at, end), end <= 2^64 - 1
  for (const BufDecl& b : bufs) spans.emplace_back(b.at, b.at + b.len);
  std::sort(spans.begin(), spans.end());
  uint64_t max_end = 0;
  for (const auto& [at, end] : spans) max_end = std::max(max_end, end);
  if (max_end <= ~uint64_t{0} - (uint64_t{1} << 40)) return AlignUp(max_end, kMiB) + kMiB;
  if (spans.front().first >= kSwiotlbPoolBytes) return 0;
  // Gaps between the merged spans, lowest first.
  uint64_t covered_end = 0;
  for (size_t k = 0; k < spans.size(); ++k) {
    covered_end = std::max(covered_end, spans[k].second);
    const uint64_t next = k + 1 < spans.size() ? spans[k + 1].first : ~uint64_t{0};
    if (next <= covered_end || covered_end > ~uint64_t{0} - 2 * kMiB) continue;
    const uint64_t base = AlignUp(covered_end, kMiB) + kMiB;
    if (base < next && next - base >= kSwiotlbPoolBytes) return base;
  }
  return std::nullopt;
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
  for (const MappedElement& e : elems) total = SaturatingAdd(total, e.len);
  return total;
}

bool Mapping::bounced() const {
  for (const MappedElement& e : elems) {
    if (e.bounce != kNoBounce) return true;
  }
  return false;
}

uint64_t KmallocSizeRoundup(uint64_t size) {
  if (size > (uint64_t{1} << 63)) return ~uint64_t{0};  // no cache that large
  if (size <= 8) return 8;
  if (size > 64 && size <= 96) return 96;
  if (size > 128 && size <= 192) return 192;
  return RoundUpPow2(size);
}

DmaLayer::DmaLayer(const Trace& trace, const PlatformDecl& platform)
    : trace_(trace),
      platform_(platform),
      mappings_(trace.handles.size()),
      iova_(trace.devices.size()),
      iova_of_handle_(trace.handles.size()) {
  const std::optional<uint64_t> pool = PlaceSwiotlbPool(trace.bufs);
  swiotlb_base_ = pool.value_or(0);
  swiotlb_size_ = pool.has_value() ? kSwiotlbPoolBytes : 0;
}

bool DmaLayer::NeedsBounce(int dev, int buf, uint64_t len, Direction dir) const {
  const DeviceDecl& d = trace_.devices[dev];
  if (d.force_bounce) return true;
  const PlatformDecl& p = platform_;
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
  if (len > swiotlb_size_) return kDmaMappingError;  // larger than the pool (or no pool)
  const uint64_t size = AlignUp(std::max<uint64_t>(len, 1), kSwiotlbSlot);
  const uint64_t limit = swiotlb_base_ + swiotlb_size_;
  const uint64_t s = FirstFit(slots_, swiotlb_base_, limit, size, kSwiotlbSlot, false);
  if (s != kDmaMappingError) InsertSorted(&slots_, s, s + size);
  return s;
}

void DmaLayer::FreeSlot(uint64_t start) { EraseStart(&slots_, start); }

uint64_t DmaLayer::AllocIova(int dev, uint64_t pages) {
  const uint64_t page = platform_.page;
  // More pages than the IOVA space holds never fit (and would overflow below).
  if (pages > (kIovaLimit - kIovaBase) / page) return kDmaMappingError;
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
  const PlatformDecl& p = platform_;

  for (const Element& e : op.elems) {
    MappedElement me;
    me.buf = e.buf;
    me.off = e.off;
    me.len = e.len;
    me.phys = trace_.bufs[e.buf].at + e.off;
    m.elems.push_back(me);
  }
  bool any_bounce = false;
  uint64_t total = 0;
  bool too_large = false;  // the elements total more than 2^64 - 1 bytes
  for (const MappedElement& me : m.elems) {
    any_bounce = any_bounce || NeedsBounce(op.device, me.buf, me.len, op.dir);
    too_large = too_large || me.len > ~uint64_t{0} - total;
    total = SaturatingAdd(total, me.len);
  }
  if (too_large) {
    m.failed = true;
    return m;
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
    uint64_t total_pages = 0;  // saturates: AllocIova refuses anything that large
    for (size_t k = 0; k < m.elems.size(); ++k) {
      const uint64_t in_page = target[k] & (page - 1);
      total_pages = SaturatingAdd(total_pages, PagesSpanned(in_page, m.elems[k].len, page));
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
                         uint64_t{dev.max_seg} - cur_len >= len;
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
