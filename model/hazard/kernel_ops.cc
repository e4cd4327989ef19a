// What each primitive of a kernel call or access does to the lines it touches, in the
// order the kernel (dma-direct, swiotlb, arch sync) and the CPU perform it.
#include "model/hazard/internal/oracle.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/hazard/internal/spans.h"

namespace dmasim::hazard {

LineExplorer& HazardOracle::Line(uint64_t addr) {
  auto it = lines_.find(addr);
  if (it != lines_.end()) return it->second;
  if (gave_up_ || lines_.size() >= options_.max_lines || !versions_.CanAllocate(line_)) {
    GiveUp();
    if (sink_ == nullptr) {
      sink_ = std::make_unique<LineExplorer>(0, line_, 1, true, &versions_, false, 1);
      sink_->GiveUp();
    }
    return *sink_;
  }
  const Version first = versions_.Allocate(line_, VersionInfo{Writer::kInitial, -1, -1});
  // swiotlb pool lines hold nothing anyone may read until a mapping copies into them.
  // The pool spans [swiotlb_base, +swiotlb_size) (dma_layer.cc), clear of every buffer.
  const bool dead = addr >= dma_->swiotlb_base() &&
                    addr - dma_->swiotlb_base() < dma_->swiotlb_size();
  LineExplorer& l =
      lines_
          .emplace(addr, LineExplorer(addr, line_, first, dead, &versions_, platform_.prefetch,
                                      options_.state_cap))
          .first->second;
  if (wit_ != nullptr) StartWitnessLine(l);
  return l;
}

void HazardOracle::CpuWriteBytes(uint64_t addr, uint64_t len, int op) {
  if (len == 0 || GiveUpIfCannotAllocate(len)) return;
  const Version first =
      versions_.Allocate(static_cast<uint32_t>(len), VersionInfo{Writer::kCpu, op, -1});
  const Cause c{op, -1, absl::StrCat("cpu_write (op ", op, ")")};
  ForEachChunk(addr, len, [&](uint64_t line, uint32_t off, uint32_t n, uint64_t pos) {
    LineExplorer& l = Line(line);
    EventHits hits;
    l.CpuWrite(off, n, first + static_cast<Version>(pos), &hits);
    Report(l, hits, c);
  });
}

void HazardOracle::CpuReadBytes(uint64_t addr, uint64_t len, const Cause& c) {
  ForEachChunk(addr, len, [&](uint64_t line, uint32_t off, uint32_t n, uint64_t) {
    LineExplorer& l = Line(line);
    EventHits hits;
    l.CpuRead(off, n, &hits);
    Report(l, hits, c);
  });
  if (!live_bounced_.empty()) BounceCpuRead(addr, len, c);
}

void HazardOracle::DeviceAccess(const Mapping& m, uint64_t off, uint64_t len, bool write,
                                const Cause& c) {
  std::vector<PhysRange> ranges;
  dma_->DeviceRanges(m, off, len, &ranges);
  uint64_t total = 0;
  for (const PhysRange& r : ranges) total += r.len;
  if (total == 0) return;
  if (write && GiveUpIfCannotAllocate(total)) return;
  const bool coherent = Coherent(m);
  Version first = kDead;
  if (write) {
    first = versions_.Allocate(static_cast<uint32_t>(total),
                               VersionInfo{Writer::kDevice, c.op, m.handle});
  }
  uint64_t pos = 0;  // offset of range r in the access
  for (const PhysRange& r : ranges) {
    ForEachChunk(r.start, r.len, [&](uint64_t line, uint32_t o, uint32_t n, uint64_t p) {
      LineExplorer& l = Line(line);
      EventHits hits;
      if (write) {
        l.DevWrite(coherent, o, n, first + static_cast<Version>(pos + p), &hits);
      } else {
        l.DevRead(coherent, o, n, &hits);
      }
      Report(l, hits, c);
    });
    if (write) {
      // Through a bounce slot the device logically writes the buffer bytes the slot stands
      // for; they get the same versions as intended values (the copy-back delivers them).
      for (const BounceTarget& t : BounceTargets(m, r)) {
        const uint64_t base = pos + (t.slot - r.start);
        ForEachChunk(t.orig, t.len, [&](uint64_t line, uint32_t o, uint32_t n, uint64_t p) {
          std::vector<Version> v(n);
          for (uint32_t i = 0; i < n; ++i) v[i] = first + static_cast<Version>(base + p + i);
          Line(line).SetIntended(o, n, v.data());
        });
      }
    } else {
      BounceDeviceRead(m, r, c);
    }
    pos += r.len;
  }
}

void HazardOracle::Maintain(uint64_t start, uint64_t len, CacheOp op, const Cause& c) {
  if (op == CacheOp::kNone || len == 0) return;
  ForEachChunk(start, len, [&](uint64_t line, uint32_t o, uint32_t n, uint64_t) {
    const bool partial = o != 0 || n != line_;  // the range covers the line only in part
    LineExplorer& l = Line(line);
    EventHits hits;
    l.Maintain(op, partial, arch_->edge, &hits);
    Report(l, hits, c);
  });
}

void HazardOracle::Copy(uint64_t src, uint64_t dst, uint64_t len, bool to_slot,
                        const Cause& c) {
  // memcpy, front to back, one (source line, destination line) chunk at a time.
  for (uint64_t p = 0; p < len;) {
    const uint64_t s = src + p, d = dst + p;
    const uint64_t n = std::min({len - p, line_ - s % line_, line_ - d % line_});
    const uint32_t so = static_cast<uint32_t>(s % line_), doff = static_cast<uint32_t>(d % line_);
    LineExplorer& sl = Line(s - so);
    EventHits hits;
    const std::vector<std::vector<Version>> vals = sl.CopyRead(so, n, &hits);
    Report(sl, hits, c);
    std::vector<Version> intent;
    if (to_slot) {
      for (uint32_t i = 0; i < n; ++i) intent.push_back(sl.intended(so + i));
    }
    LineExplorer& dl = Line(d - doff);
    hits.Clear();
    dl.CopyWrite(doff, static_cast<uint32_t>(n), vals, to_slot ? intent.data() : nullptr,
                 &hits);
    Report(dl, hits, c);
    p += n;
  }
}

void HazardOracle::ForDevice(const Mapping& m, const Op& op, int index, Direction dir,
                             bool copy, bool maintain, absl::string_view call) {
  const bool coherent = Coherent(m);
  const CacheOp cop = ForDeviceOp(*arch_, dir);
  for (const ElemSpan& s : CallSpans(m, op)) {
    // swiotlb_bounce into the slot first, then arch_sync_dma_for_device on the slot.
    if (s.bounced && copy && s.copy_len > 0) {
      Copy(s.orig, s.slot, s.copy_len, true,
           Cause{index, m.handle,
                 absl::StrCat(call, " of ", HandleName(m.handle), ": swiotlb copy into the slot")});
    }
    if (maintain && !coherent) {
      Maintain(s.maint_start, s.maint_len, cop,
               Cause{index, m.handle,
                     absl::StrCat(call, " of ", HandleName(m.handle), ": ", CacheOpName(cop))});
    }
  }
}

void HazardOracle::ForCpu(const Mapping& m, const Op& op, int index, Direction dir,
                          bool copy, bool maintain, absl::string_view call) {
  const bool coherent = Coherent(m);
  const CacheOp cop = ForCpuOp(*arch_, dir);
  for (const ElemSpan& s : CallSpans(m, op)) {
    // arch_sync_dma_for_cpu on the slot first, then swiotlb_bounce back to the buffer.
    if (maintain && !coherent) {
      Maintain(s.maint_start, s.maint_len, cop,
               Cause{index, m.handle,
                     absl::StrCat(call, " of ", HandleName(m.handle), ": ", CacheOpName(cop))});
    }
    if (s.bounced && copy && s.copy_len > 0 && WritesFromDevice(dir)) {
      copied_back_.push_back(PhysRange{s.slot, s.copy_len});
      Copy(s.slot, s.orig, s.copy_len, false,
           Cause{index, m.handle,
                 absl::StrCat(call, " of ", HandleName(m.handle), ": swiotlb copy-back")});
    }
  }
}


void HazardOracle::FreeSlots(const Mapping& m, const Cause& c) {
  BounceFree(m, c);
  live_bounced_.erase(std::remove(live_bounced_.begin(), live_bounced_.end(), m.handle),
                      live_bounced_.end());
  for (const MappedElement& e : m.elems) {
    if (e.bounce == kNoBounce || e.len == 0) continue;
    // From the slot's first byte to the end of the line holding its last byte.
    const uint64_t last_line = (e.bounce + (e.len - 1)) & ~uint64_t{line_ - 1};
    const uint64_t to_line_end = last_line - e.bounce + line_;
    ForEachChunk(e.bounce, to_line_end, [&](uint64_t line, uint32_t o, uint32_t n, uint64_t) {
      std::vector<Version> dead(n, kDead);
      Line(line).SetIntended(o, n, dead.data());
    });
  }
}


}  // namespace dmasim::hazard
