#include "model/export/internal/kunit_plan.h"

#include <algorithm>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "model/base/check.h"

namespace dmasim::exporter {
namespace {

constexpr uint32_t kMaxArenaOrder = 10;  // MAX_ORDER - 1 on x86: 4 MiB of 4 KiB pages
constexpr uint64_t kBucketBytes = 8192;  // dma-debug's hash: dev_addr >> 13

absl::Status OpError(const Trace& t, absl::string_view file, size_t op, absl::string_view why) {
  const int line = op < t.op_lines.size() ? t.op_lines[op] : 0;
  return absl::InvalidArgumentError(absl::StrCat(file, ":", line, ":1: op ", op, " (",
                                                 OpKindName(t.ops[op].kind), "): ", why));
}

// The device an op acts on: its own for map/map_sg/unbind, the handle's otherwise.
int OpDevice(const Trace& t, const Op& op) {
  if (op.kind == OpKind::kMap || op.kind == OpKind::kMapSg || op.kind == OpKind::kUnbind) {
    return op.device;
  }
  if (UsesHandle(op.kind)) return t.ops[t.handles[op.handle].def_op].device;
  return -1;
}

// The buffers an op touches (CPU accesses and the elements it maps).
std::vector<int> OpBufs(const Op& op) {
  std::vector<int> out;
  if (op.kind == OpKind::kCpuRead || op.kind == OpKind::kCpuWrite) out.push_back(op.buf);
  for (const Element& e : op.elems) out.push_back(e.buf);
  return out;
}

absl::Status CheckDevice(const Trace& t, absl::string_view file, size_t i, int dev) {
  if (dev < 0) return absl::OkStatus();
  const DeviceDecl& d = t.devices[dev];
  std::vector<std::string> flags;
  if (d.iommu) flags.push_back("iommu");
  if (d.swiotlb) flags.push_back("swiotlb");
  if (d.force_bounce) flags.push_back("force_bounce");
  // The suite's devices keep the kernel's dma_parms defaults (64 KiB segments, no
  // boundary): a trace that sets other limits would predict segment reports the kernel
  // cannot print (not exported yet: it would need dma_set_max_seg_size/_seg_boundary).
  if (d.max_seg != kDefaultMaxSeg) flags.push_back(absl::StrCat("max_seg=", d.max_seg));
  if (d.seg_boundary != kNoSegBoundary) {
    flags.push_back(absl::StrFormat("seg_boundary=0x%x", d.seg_boundary));
  }
  if (flags.empty()) return absl::OkStatus();
  return OpError(t, file, i,
                 absl::StrCat("device '", d.name, "' is declared ", absl::StrJoin(flags, " "),
                              ": the KUnit test device is a platform device with direct "
                              "mapping (no IOMMU, no swiotlb) and default dma_parms, so its "
                              "DMA addresses, bouncing and segment limits would not be the "
                              "trace's"));
}

absl::Status CheckBufs(const Trace& t, absl::string_view file, size_t i) {
  for (int b : OpBufs(t.ops[i])) {
    const BufDecl& buf = t.bufs[b];
    if (buf.kind == BufKind::kPage || buf.kind == BufKind::kKmalloc) continue;
    return OpError(t, file, i,
                   absl::StrCat("buffer '", buf.name, "' is kind=", BufKindName(buf.kind),
                                ": the test lays every buffer out in one page allocation, so ",
                                "a ", BufKindName(buf.kind),
                                " buffer cannot be placed at its trace offset"));
  }
  return absl::OkStatus();
}

uint32_t AttrsOf(const Op& op) {
  uint32_t a = 0;
  if (op.kind == OpKind::kMap || op.kind == OpKind::kMapSg) a |= op.attrs;
  if (op.override_attrs) a |= *op.override_attrs;
  return a;
}

absl::Status CheckAttrs(const Trace& t, absl::string_view file, size_t i,
                        const KernelAttrs& k) {
  const uint32_t a = AttrsOf(t.ops[i]);
  if ((a & kAttrClean) && !k.clean) {
    return OpError(t, file, i,
                   "attribute 'clean' (DMA_ATTR_DEBUGGING_IGNORE_CACHELINES) does not exist "
                   "before Linux 7.0; export with --checker linux-7.0 or later for a kernel "
                   "that has it");
  }
  if ((a & kAttrRequireCoherent) && !k.require_coherent) {
    return OpError(t, file, i,
                   "attribute 'require_coherent' (DMA_ATTR_REQUIRE_COHERENT) does not exist "
                   "before Linux 7.0; export with --checker linux-7.0 or later for a kernel "
                   "that has it");
  }
  return absl::OkStatus();
}

// The smallest arena (order >= 1) holding [lo, hi) at its offsets; nullopt past 4 MiB.
std::optional<KunitPlan::Arena> ArenaFor(uint64_t lo, uint64_t hi) {
  for (uint32_t order = 1; order <= kMaxArenaOrder; ++order) {
    const uint64_t size = uint64_t{4096} << order;
    const uint64_t base = lo - lo % size;
    if (base + size >= hi) return KunitPlan::Arena{order, base};
  }
  return std::nullopt;
}

// Buffers sorted by address, cut into runs at gaps of 8 KiB or more; each run one arena.
absl::Status Layout(const Trace& t, absl::string_view file, KunitPlan* plan) {
  plan->buf_arena.assign(t.bufs.size(), 0);
  plan->buf_offsets.assign(t.bufs.size(), 0);
  std::vector<int> order(t.bufs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&t](int a, int b) {
    return t.bufs[a].at != t.bufs[b].at ? t.bufs[a].at < t.bufs[b].at : a < b;
  });
  std::vector<std::vector<int>> runs;
  uint64_t run_hi = 0;
  for (int b : order) {
    const BufDecl& buf = t.bufs[b];
    const bool fresh = runs.empty() || buf.at >= run_hi + kBucketBytes;
    if (fresh) runs.emplace_back();
    runs.back().push_back(b);
    run_hi = fresh ? buf.at + buf.len : std::max(run_hi, buf.at + buf.len);
  }
  if (runs.size() > kMaxArenas) {
    return absl::InvalidArgumentError(absl::StrCat(
        file, ": the buffers need ", runs.size(), " separate allocations (runs with gaps of "
        "8 KiB or more); the test makes at most ", kMaxArenas));
  }
  for (const std::vector<int>& run : runs) {
    uint64_t lo = ~uint64_t{0}, hi = 0;
    for (int b : run) {
      lo = std::min(lo, t.bufs[b].at);
      hi = std::max(hi, t.bufs[b].at + t.bufs[b].len);
    }
    std::optional<KunitPlan::Arena> a = ArenaFor(lo, hi);
    if (!a) {
      return absl::InvalidArgumentError(absl::StrCat(
          file, ": buffers 0x", absl::Hex(lo), " to 0x", absl::Hex(hi), " lie closer than 8 KiB "
          "to each other over more than 4 MiB: the test places such a run in one allocation "
          "of at most 2^", kMaxArenaOrder, " pages"));
    }
    for (int b : run) {
      plan->buf_arena[b] = static_cast<int>(plan->arenas.size());
      plan->buf_offsets[b] = t.bufs[b].at - a->base;
    }
    plan->arenas.push_back(*a);
  }
  if (plan->arenas.empty()) plan->arenas.push_back({});
  return absl::OkStatus();
}

void PlanHandles(const Trace& t, KunitPlan* plan) {
  for (const HandleDecl& h : t.handles) {
    const Op& def = t.ops[h.def_op];
    DMASIM_CHECK(!def.elems.empty());
    const Element& e = def.elems[0];
    const auto n = static_cast<uint32_t>(def.elems.size());
    PlannedHandle p{h.name, h.sg, def.device, plan->buf_arena[e.buf],
                    plan->buf_offsets[e.buf] + e.off, e.len, def.dir, n, n};
    plan->handles.push_back(p);
  }
  for (const Op& op : t.ops) {
    if (!UsesHandle(op.kind) || !op.nents) continue;
    PlannedHandle& p = plan->handles[op.handle];
    if (p.sg) p.cap = std::max(p.cap, *op.nents);
  }
}

}  // namespace

absl::StatusOr<KunitPlan> PlanKunit(const Trace& trace, absl::string_view file,
                                    const KernelAttrs& attrs) {
  KunitPlan plan;
  plan.devices = static_cast<int>(trace.devices.size());
  for (const DeviceDecl& d : trace.devices) plan.device_names.push_back(d.name);
  for (size_t i = 0; i < trace.ops.size(); ++i) {
    if (absl::Status s = CheckDevice(trace, file, i, OpDevice(trace, trace.ops[i])); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckBufs(trace, file, i); !s.ok()) return s;
    if (absl::Status s = CheckAttrs(trace, file, i, attrs); !s.ok()) return s;
  }
  if (absl::Status s = Layout(trace, file, &plan); !s.ok()) return s;
  PlanHandles(trace, &plan);
  return plan;
}

std::string AttrExpr(uint32_t attrs) {
  std::vector<std::string> parts;
  if (attrs & kAttrSkipCpuSync) parts.push_back("DMA_ATTR_SKIP_CPU_SYNC");
  if (attrs & kAttrClean) parts.push_back("DMA_ATTR_DEBUGGING_IGNORE_CACHELINES");
  if (attrs & kAttrRequireCoherent) parts.push_back("DMA_ATTR_REQUIRE_COHERENT");
  return parts.empty() ? "0" : absl::StrJoin(parts, " | ");
}

absl::string_view DirExpr(Direction d) { return KernelDirectionName(d); }

}  // namespace dmasim::exporter
