// Per-line hits become findings: handles, sharing, one-line message. Also exposure.
#include "model/hazard/internal/oracle.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/hazard/internal/exposure.h"
#include "model/hazard/internal/spans.h"

namespace dmasim::hazard {

void HazardOracle::Exposures(const Mapping& m, int index) {
  if (!trace_->devices[m.device].iommu) return;
  for (const Exposure& x : FindExposures(*trace_, m, platform_.page)) {
    OracleFinding f;
    f.op = index;
    f.kind = std::string(kExposure);
    f.line = x.first & ~uint64_t{line_ - 1};
    f.handles = {m.handle};
    f.sharing = false;  // a page-granularity security finding, not a cache-line overlap
    f.message = absl::StrFormat(
        "IOMMU pages mapped for %s let device %s reach %d byte(s) of buffer %s from 0x%x",
        HandleName(m.handle), trace_->devices[m.device].name, x.bytes,
        trace_->bufs[x.buf].name, x.first);
    findings_.Add(f);
  }
}


void HazardOracle::Report(LineExplorer& l, const EventHits& hits, const Cause& c) {
  if (&l == sink_.get()) return;
  if (wit_ != nullptr && wit_->force) {
    if (!l.forced()) return;  // a forced replay judges its forced lines only
    DrainSteps(l, c);
  }
  for (const Hit& h : hits.hardware) AddHit(l, h, true, c);
  for (const Hit& h : hits.event) AddHit(l, h, false, c);
  if (l.bounded()) {
    for (const auto& [line, op] : bounded_) {
      if (line == l.addr()) return;
    }
    bounded_.emplace_back(l.addr(), c.op);
  }
}

std::string HazardOracle::DescribeVersion(Version v) const {
  const VersionInfo& info = versions_.Info(v);
  switch (info.writer) {
    case Writer::kInitial:
      return "its contents before the trace";
    case Writer::kCpu:
      return absl::StrCat("the CPU write of op ", info.op);
    case Writer::kDevice:
      return absl::StrCat("the device write via ", HandleName(info.handle), " at op ", info.op);
  }
  return "?";
}

const std::vector<int>& HazardOracle::OpenMappingsOn(uint64_t line) {
  auto [it, fresh] = open_on_line_.try_emplace(line);
  std::vector<int>& out = it->second;
  if (!fresh) return out;
  for (int h = 0; h < static_cast<int>(windows_.size()); ++h) {
    if (!windows_[h].open) continue;
    for (const MappedElement& e : dma_->mapping(h).elems) {
      const uint64_t base = e.bounce != kNoBounce ? e.bounce : e.phys;
      if (base <= line + (line_ - 1) && line < base + e.len) {
        out.push_back(h);
        break;
      }
    }
  }
  return out;
}

absl::string_view HitKindName(HitKind k) {
  switch (k) {
    case HitKind::kCpuWriteLost: return kCpuWriteLost;
    case HitKind::kDeviceWriteLost: return kDeviceWriteLost;
    case HitKind::kStaleCpuRead: return kStaleCpuRead;
    case HitKind::kStaleDeviceRead: return kStaleDeviceRead;
  }
  return "?";
}

void HazardOracle::AddHit(const LineExplorer& l, const Hit& h, bool hardware,
                          const Cause& c) {
  if (wit_ != nullptr) NoteWitness(l, h, hardware, c);
  std::vector<int> direct;
  const VersionInfo& info = versions_.Info(h.version);
  if (!hardware && c.handle >= 0) direct.push_back(c.handle);
  if (info.writer == Writer::kDevice) direct.push_back(info.handle);
  const std::vector<int>& involved = direct.empty() ? OpenMappingsOn(l.addr()) : direct;
  bool sharing = false;
  for (int handle : involved) {
    const Mapping& m = dma_->mapping(handle);
    if (m.op >= 0 && coverage_.LineShared(m, l.addr(), line_)) {
      sharing = true;
      break;
    }
  }
  // The same kind on another line of this op: counted into its finding, no new message.
  if (findings_.Merge(c.op, HitKindName(h.kind), sharing, l.addr(), involved)) return;
  OracleFinding f;
  f.op = c.op;
  f.line = l.addr();
  f.handles = involved;
  f.sharing = sharing;
  const std::string where =
      hardware ? absl::StrCat("eviction (write-back) before ", c.what) : c.what;
  const std::string bytes = absl::StrFormat("%d byte(s) at 0x%x", h.count, l.addr() + h.first);
  switch (h.kind) {
    case HitKind::kCpuWriteLost:
    case HitKind::kDeviceWriteLost:
      f.kind = std::string(h.kind == HitKind::kCpuWriteLost ? kCpuWriteLost : kDeviceWriteLost);
      f.message = absl::StrCat(where, " destroys ", bytes, " holding ", DescribeVersion(h.version));
      break;
    case HitKind::kStaleCpuRead:
      f.kind = std::string(kStaleCpuRead);
      f.message = absl::StrCat(where, ": the CPU can read stale data in ", bytes,
                               " instead of ", DescribeVersion(h.version));
      break;
    case HitKind::kStaleDeviceRead:
      f.kind = std::string(kStaleDeviceRead);
      f.message = absl::StrCat(where, ": the device can read stale memory in ", bytes,
                               " instead of ", DescribeVersion(h.version));
      break;
  }
  findings_.Add(f);
}


}  // namespace dmasim::hazard
