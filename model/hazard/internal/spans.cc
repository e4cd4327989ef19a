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

bool LineShared(const Trace& trace, const Mapping& m, uint64_t line, uint32_t size) {
  std::vector<char> other(size, 0);
  bool any = false;
  for (const BufDecl& b : trace.bufs) {
    const uint64_t a = std::max(b.at, line);
    const uint64_t e = std::min(b.at + b.len, line + size);
    for (uint64_t x = a; x < e; ++x) other[x - line] = 1, any = true;
  }
  if (!any) return false;
  for (const MappedElement& el : m.elems) {
    const uint64_t a = std::max(el.phys, line);
    const uint64_t e = std::min(el.phys + el.len, line + size);
    for (uint64_t x = a; x < e; ++x) other[x - line] = 0;
  }
  return std::find(other.begin(), other.end(), 1) != other.end();
}

}  // namespace dmasim::hazard
