// The hazard oracle: op dispatch, device ownership windows and implicit accesses, the
// verdict, and the public entry points. The class is in hazard_oracle_impl.h; semantics in
// hazard_oracle.h and docs/hazard-oracle.md.
#include "model/hazard/hazard_oracle.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/hazard/internal/oracle.h"
#include "model/replay/replayer.h"

namespace dmasim {
namespace hazard {

void HazardOracle::EndWindow(const Mapping& m, int index) {
  Window& w = windows_[m.handle];
  if (!w.open) return;
  if (!w.explicit_access && options_.implicit_accesses) {
    const std::string name = HandleName(m.handle);
    if (WritesToDevice(m.dir)) {
      DeviceAccess(m, 0, m.size(), false,
                   Cause{index, m.handle, absl::StrCat("implicit device read via ", name)});
    }
    if (WritesFromDevice(m.dir)) {
      DeviceAccess(m, 0, m.size(), true,
                   Cause{index, m.handle, absl::StrCat("implicit device write via ", name)});
    }
  }
  w = Window{};
  WindowsChanged();
}


void HazardOracle::OnOp(const OpEvent& e) {
  DMASIM_CHECK(trace_ != nullptr && e.op != nullptr);
  const Op& op = *e.op;
  const int i = e.index;
  current_op_ = i;
  copied_back_.clear();
  if (gave_up_) return;
  if (op.kind == OpKind::kCpuWrite) {
    const BufDecl& b = trace_->bufs[op.buf];
    CpuWriteBytes(b.at + op.off, op.len, i);
    return;
  }
  if (op.kind == OpKind::kCpuRead) {
    const BufDecl& b = trace_->bufs[op.buf];
    CpuReadBytes(b.at + op.off, op.len, Cause{i, -1, absl::StrCat("cpu_read (op ", i, ")")});
    return;
  }
  if (op.kind == OpKind::kUnbind || op.kind == OpKind::kMappingError) return;
  DMASIM_CHECK(e.mapping != nullptr);
  const Mapping& m = *e.mapping;
  // A failed mapping has no DMA address: no device access, maintenance or copy happens.
  if (m.op < 0 || m.failed) return;
  const Direction dir = op.override_dir.value_or(m.dir);
  switch (op.kind) {
    case OpKind::kMap:
    case OpKind::kMapSg: {
      const bool skip = (m.attrs & kAttrSkipCpuSync) != 0;
      const bool copy = options_.bounce_copy_at_map_all_dirs ||
                        (WritesToDevice(m.dir) && !skip);
      ForDevice(m, op, i, m.dir, copy, !skip, OpKindName(op.kind));
      windows_[m.handle] = Window{true, false};
      WindowsChanged();
      if (m.bounced()) live_bounced_.push_back(m.handle);
      Exposures(m, i);
      break;
    }
    case OpKind::kDevWrite:
    case OpKind::kDevRead: {
      const bool write = op.kind == OpKind::kDevWrite;
      if (windows_[m.handle].open) windows_[m.handle].explicit_access = true;
      DeviceAccess(m, op.off, op.len, write,
                   Cause{i, m.handle,
                         absl::StrCat(OpKindName(op.kind), " via ", HandleName(m.handle),
                                      " (op ", i, ")")});
      break;
    }
    case OpKind::kSyncForDevice:
      ForDevice(m, op, i, dir, WritesToDevice(dir), true, "sync_for_device");
      if (!windows_[m.handle].open) {
        windows_[m.handle] = Window{true, false};
        WindowsChanged();
      }
      break;
    case OpKind::kSyncForCpu:
      EndWindow(m, i);
      ForCpu(m, op, i, dir, true, true, "sync_for_cpu");
      break;
    case OpKind::kUnmap:
    case OpKind::kUnmapSg: {
      const uint32_t attrs = op.override_attrs.value_or(m.attrs);
      const bool skip = (attrs & kAttrSkipCpuSync) != 0;
      if (e.ends_mapping) {
        EndWindow(m, i);
        ForCpu(m, op, i, dir, !skip, !skip, OpKindName(op.kind));
        FreeSlots(m, Cause{i, m.handle, absl::StrCat(OpKindName(op.kind), " of ",
                                                     HandleName(m.handle), " (op ", i, ")")});
      } else {
        // A repeated unmap still runs the arch sync on the address it is given; the freed
        // slot has no original address any more, so swiotlb copies nothing.
        ForCpu(m, op, i, dir, false, !skip, OpKindName(op.kind));
      }
      break;
    }
    default:
      break;
  }
}

void HazardOracle::End() {
  const int n = static_cast<int>(trace_->ops.size());
  current_op_ = n;
  if (gave_up_) return;
  if (options_.implicit_accesses) {
    const Cause c{n, -1, "end-of-trace CPU read"};
    for (const BufDecl& b : trace_->bufs) CpuReadBytes(b.at, b.len, c);
  }
  const Cause c{n, -1, "end of trace"};
  for (auto& [addr, l] : lines_) {
    EventHits hits;
    l.Settle(&hits);
    Report(l, hits, c);
  }
}

OracleResult HazardOracle::result() const {
  OracleResult r;
  r.findings = findings_.Sorted();
  r.findings_not_listed = findings_.not_listed();
  if (!r.findings.empty()) {
    r.verdict = Verdict::kHazard;
  } else if (!bounded_.empty() || gave_up_) {
    r.verdict = Verdict::kUnknown;
  }
  if (gave_up_) {
    r.note = absl::StrFormat(
        "replay bound hit at op %d: more than %d lines (max_lines) or 2^32 byte versions; "
        "the rest of the trace was not explored",
        gave_up_op_, options_.max_lines);
    if (!bounded_.empty()) r.note += "; ";
  }
  if (!bounded_.empty()) {
    r.note += absl::StrFormat("state bound hit: more than %d states per line (state_cap) on",
                             options_.state_cap);
    const size_t shown = std::min<size_t>(bounded_.size(), 4);
    for (size_t k = 0; k < shown; ++k) {
      r.note += absl::StrFormat("%s line 0x%x at op %d", k == 0 ? "" : ",", bounded_[k].first,
                                bounded_[k].second);
    }
    if (bounded_.size() > shown) {
      r.note += absl::StrFormat(" and %d more line(s)", bounded_.size() - shown);
    }
    r.note += "; those lines were not explored further";
  }
  return r;
}


}  // namespace hazard

std::unique_ptr<Oracle> MakeHazardOracle(const PlatformDecl& platform,
                                         const HazardOptions& options) {
  return std::make_unique<hazard::HazardOracle>(platform, options);
}

OracleResult ReplayHazard(const Trace& trace, absl::string_view arch,
                          const HazardOptions& options) {
  const PlatformDecl p = PlatformWithArch(trace, arch);
  std::unique_ptr<Oracle> o = MakeHazardOracle(p, options);
  ReplayOnce(trace, p, {o.get()});
  return o->result();
}

absl::string_view HazardVerdictName(Verdict v) {
  switch (v) {
    case Verdict::kSafe: return "safe";
    case Verdict::kHazard: return "hazard";
    case Verdict::kUnknown: return "unknown";
  }
  return "?";
}

}  // namespace dmasim
