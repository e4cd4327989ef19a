#include "props/support/gen_common.h"

#include <algorithm>

#include "model/base/check.h"
#include "model/trace/platform.h"

namespace dmasim::props::internal {

PlatformChoice DrawPlatform(Rng& r, const GenOptions& o) {
  PlatformChoice c;
  PlatformDecl& p = c.platform;
  if (o.arch.empty()) {
    const std::vector<ArchPolicy>& archs = AllArchs();
    p.arch = std::string(archs[r.Below(archs.size())].name);
  } else {
    p.arch = o.arch;
  }
  const ArchPolicy* a = FindArch(p.arch);
  DMASIM_CHECK(a != nullptr);
  const uint32_t lines[] = {64, 64, 64, 32, 128};
  p.line = lines[r.Below(5)];
  p.page = r.Chance(1, 6) ? 1024 : 4096;
  p.prefetch = !r.Chance(1, 4);
  p.bounce_kmalloc = o.allow_swiotlb && r.Chance(1, 5);
  const uint32_t arch_default = a->default_dma_align != 0 ? a->default_dma_align : p.line;
  c.dma_align_given = r.Chance(1, 2);
  if (!c.dma_align_given) {
    p.dma_align = arch_default;
  } else if (o.dma_align_covers_line) {
    p.dma_align = r.Chance(1, 2) ? p.line : 2 * p.line;
  } else {
    const uint32_t aligns[] = {1, 16, p.line, p.line, 2 * p.line};
    p.dma_align = aligns[r.Below(5)];
  }
  if (o.dma_align_covers_line && !a->all_coherent) p.dma_align = std::max(p.dma_align, p.line);
  if (p.dma_align != arch_default) c.dma_align_given = true;
  return c;
}

TraceBuilder NewBuilder(Rng& r, const GenOptions& o) {
  const PlatformChoice c = DrawPlatform(r, o);
  return TraceBuilder(c.platform, c.dma_align_given);
}

void DrawDevices(Rng& r, const GenOptions& o, TraceBuilder& b) {
  const int n = 1 + static_cast<int>(r.Below(3));
  for (int d = 0; d < n; ++d) {
    DeviceDecl dev;
    dev.coherent = !o.noncoherent_only && r.Chance(1, 3);
    dev.iommu = o.allow_iommu && r.Chance(1, 5);
    dev.force_bounce = o.force_bounce_all || (o.allow_swiotlb && r.Chance(1, 12));
    dev.swiotlb = dev.force_bounce || (o.allow_swiotlb && r.Chance(1, 4));
    b.Device(dev);
  }
}

void DrawBuffers(Rng& r, const GenOptions& o, TraceBuilder& b) {
  const uint64_t page = b.trace().platform.page;
  const uint64_t line = b.trace().platform.line;
  const uint64_t base = page * (16 + r.Below(48));
  const uint64_t window = line * (1 + r.Below(6));
  const int n = 1 + static_cast<int>(r.Below(5));
  for (int i = 0; i < n; ++i) {
    uint64_t at = base + r.Below(window);
    if (r.Chance(1, 3)) at -= at % line;  // line-aligned starts are common in real layouts
    uint64_t len = 1 + r.Below(r.Chance(1, 3) ? line / 2 : 3 * line);
    if (r.Chance(1, 10)) len = page + r.Below(page);  // spans pages (IOMMU merging)
    if (o.big_buffers && r.Chance(1, 6)) len = 8192 + r.Below(73728);  // several buckets
    if (i > 0 && r.Chance(1, 10)) {                   // an alias of an earlier buffer
      const BufDecl& other = b.trace().bufs[r.Below(i)];
      at = other.at + (r.Chance(1, 2) ? 0 : r.Below(other.len));
    }
    BufKind kind = r.Chance(1, 2) ? BufKind::kPage : BufKind::kKmalloc;
    if (o.allow_bad_kinds && r.Chance(1, 12)) {
      const BufKind bad[] = {BufKind::kStack, BufKind::kVmalloc, BufKind::kRodata};
      kind = bad[r.Below(3)];
    }
    b.Buf("", at, len, kind);
  }
}

Element DrawElement(Rng& r, int buf, uint64_t buf_len) {
  Element e;
  e.buf = buf;
  if (r.Chance(1, 2)) {
    e.len = buf_len;
    return e;
  }
  e.off = r.Below(buf_len + 1);
  e.len = r.Chance(1, 16) ? 0 : r.Below(buf_len - e.off + 1);
  return e;
}

uint32_t DrawAttrs(Rng& r, const GenOptions& o) {
  uint32_t a = 0;
  if (r.Chance(1, 6)) a |= kAttrSkipCpuSync;
  if (r.Chance(1, 6) && o.allow_clean) a |= kAttrClean;
  if (o.allow_require_coherent && r.Chance(1, 16)) a |= kAttrRequireCoherent;
  return a;
}

Direction DrawDirection(Rng& r) {
  const Direction d[] = {Direction::kToDevice, Direction::kFromDevice, Direction::kBidirectional};
  return d[r.Below(3)];
}

}  // namespace dmasim::props::internal
