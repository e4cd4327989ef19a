#include "model/hazard/internal/spans.h"

#include <algorithm>

#include "model/base/check.h"

namespace dmasim::hazard {
namespace {

uint64_t Base(const MappedElement& e) { return e.bounce != kNoBounce ? e.bounce : e.phys; }

ElemSpan WholeElement(const MappedElement& e) {
  ElemSpan s;
  s.maint_start = Base(e);
  s.maint_len = e.len;
  if (e.bounce != kNoBounce) {
    s.bounced = true;
    s.orig = e.phys;
    s.slot = e.bounce;
    s.copy_len = e.len;
  }
  return s;
}

}  // namespace

std::vector<ElemSpan> CallSpans(const Mapping& m, const Op& op) {
  std::vector<ElemSpan> out;
  if (m.elems.empty()) return out;
  bool ranged = false;
  uint64_t off = 0, len = 0;
  if (!m.sg && m.elems.size() == 1) {
    if ((op.kind == OpKind::kSyncForCpu || op.kind == OpKind::kSyncForDevice) &&
        op.has_range) {
      ranged = true;
      off = op.off;
      len = op.len;
    } else if (op.kind == OpKind::kUnmap && op.size.has_value()) {
      ranged = true;
      len = *op.size;
    }
  }
  if (ranged) {
    const MappedElement& e = m.elems[0];
    ElemSpan s;
    s.maint_start = Base(e) + off;
    s.maint_len = len;
    if (e.bounce != kNoBounce) {
      s.bounced = true;
      const uint64_t a = std::min(off, e.len);
      const uint64_t b = std::min(off + len, e.len);
      s.orig = e.phys + a;
      s.slot = e.bounce + a;
      s.copy_len = b - a;
    }
    out.push_back(s);
    return out;
  }
  size_t n = m.elems.size();
  const bool per_nents = op.kind == OpKind::kSyncForCpu || op.kind == OpKind::kSyncForDevice ||
                         op.kind == OpKind::kUnmapSg || op.kind == OpKind::kUnmap;
  if (per_nents && op.nents.has_value()) n = std::min<size_t>(n, *op.nents);
  for (size_t i = 0; i < n; ++i) out.push_back(WholeElement(m.elems[i]));
  return out;
}

std::vector<BounceTarget> BounceTargets(const Mapping& m, const PhysRange& r) {
  std::vector<BounceTarget> out;
  for (const MappedElement& e : m.elems) {
    if (e.bounce == kNoBounce) continue;
    const uint64_t a = std::max(r.start, e.bounce);
    const uint64_t b = std::min(r.start + r.len, e.bounce + e.len);
    if (a < b) out.push_back(BounceTarget{e.phys + (a - e.bounce), a, b - a});
  }
  return out;
}

BufferCoverage::BufferCoverage(const Trace& trace) {
  for (const BufDecl& b : trace.bufs) bufs_.emplace_back(b.at, b.at + (b.len - 1));
  std::sort(bufs_.begin(), bufs_.end());
  uint64_t m = 0;
  for (const auto& [at, last] : bufs_) max_last_.push_back(m = std::max(m, last));
}

bool BufferCoverage::LineShared(const Mapping& m, uint64_t line, uint32_t size) const {
  // Offsets in the line, [a, e); computed from the line's last byte, so the top line of
  // the address space (whose end is 2^64) works like any other.
  const uint64_t line_last = line + (size - 1);
  auto clip = [&](uint64_t at, uint64_t len, uint64_t* a, uint64_t* e) {
    if (len == 0 || at > line_last || at + (len - 1) < line) return false;
    *a = std::max(at, line) - line;
    *e = std::min(at + (len - 1), line_last) - line + 1;
    return true;
  };
  std::vector<char> other(size, 0);
  bool any = false;
  uint64_t a = 0, e = 0;
  // Buffers starting at or below the line's last byte, from the highest down, while one
  // of them (or one below) still reaches the line.
  size_t k = std::upper_bound(bufs_.begin(), bufs_.end(),
                              std::make_pair(line_last, ~uint64_t{0})) - bufs_.begin();
  while (k-- > 0 && max_last_[k] >= line) {
    if (!clip(bufs_[k].first, bufs_[k].second - bufs_[k].first + 1, &a, &e)) continue;
    std::fill(other.begin() + a, other.begin() + e, 1);
    any = true;
  }
  if (!any) return false;
  for (const MappedElement& el : m.elems) {
    if (clip(el.phys, el.len, &a, &e)) std::fill(other.begin() + a, other.begin() + e, 0);
  }
  return std::find(other.begin(), other.end(), 1) != other.end();
}

}  // namespace dmasim::hazard
