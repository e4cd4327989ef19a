#include "model/trace/trace_printer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "model/base/check.h"
#include "model/trace/platform.h"
#include "model/trace/trace_validate.h"

namespace dmasim {
namespace {

void AppendElement(const Trace& t, const Element& e, std::string* out) {
  absl::StrAppend(out, " ", t.bufs[e.buf].name, " ", e.off, " ", e.len);
}

void AppendAttrs(uint32_t attrs, std::string* out) {
  for (absl::string_view a : AttrNames(attrs)) absl::StrAppend(out, " ", a);
}

}  // namespace

std::string PrintOp(const Trace& t, int i) {
  const Op& op = t.ops[i];
  std::string s;
  const std::string handle = op.handle >= 0 ? t.handles[op.handle].name : "";
  switch (op.kind) {
    case OpKind::kMap:
      s = absl::StrCat(handle, " = map ", t.devices[op.device].name);
      AppendElement(t, op.elems[0], &s);
      absl::StrAppend(&s, " ", DirectionName(op.dir));
      AppendAttrs(op.attrs, &s);
      break;
    case OpKind::kMapSg:
      s = absl::StrCat(handle, " = map_sg ", t.devices[op.device].name, " ",
                       DirectionName(op.dir));
      AppendAttrs(op.attrs, &s);
      for (size_t k = 0; k < op.elems.size(); ++k) {
        if (k > 0) s += " ,";
        AppendElement(t, op.elems[k], &s);
      }
      if (!op.sg_list.empty()) absl::StrAppend(&s, " sgl=", op.sg_list);
      break;
    case OpKind::kCpuWrite:
    case OpKind::kCpuRead:
      s = absl::StrCat(OpKindName(op.kind), " ", t.bufs[op.buf].name, " ", op.off, " ", op.len);
      break;
    case OpKind::kMappingError:
      s = absl::StrCat("mapping_error ", handle);
      break;
    case OpKind::kDevWrite:
    case OpKind::kDevRead:
      s = absl::StrCat(OpKindName(op.kind), " ", handle, " ", op.off, " ", op.len);
      break;
    case OpKind::kSyncForCpu:
    case OpKind::kSyncForDevice:
      s = absl::StrCat(OpKindName(op.kind), " ", handle);
      if (op.has_range) absl::StrAppend(&s, " ", op.off, " ", op.len);
      if (op.override_dir) absl::StrAppend(&s, " ", DirectionName(*op.override_dir));
      if (op.nents) absl::StrAppend(&s, " nents=", *op.nents);
      break;
    case OpKind::kUnmap:
    case OpKind::kUnmapSg:
      s = absl::StrCat(OpKindName(op.kind), " ", handle);
      if (op.size) absl::StrAppend(&s, " size=", *op.size);
      if (op.nents) absl::StrAppend(&s, " nents=", *op.nents);
      if (op.override_dir) absl::StrAppend(&s, " dir=", DirectionName(*op.override_dir));
      if (op.override_attrs) {
        std::vector<absl::string_view> names = AttrNames(*op.override_attrs);
        absl::StrAppend(&s, " attrs=", names.empty() ? "none" : absl::StrJoin(names, "+"));
      }
      break;
    case OpKind::kUnbind:
      s = absl::StrCat("unbind ", t.devices[op.device].name);
      break;
  }
  return s;
}

std::string PrintTrace(const Trace& t) {
  // The canonical text parses back to `t` only for a valid trace; printing anything else
  // would hand the user a file that does not replay.
  DMASIM_CHECK(ValidateTrace(t).ok());
  std::string out = absl::StrCat("dmasim ", t.version, "\n");
  const PlatformDecl& p = t.platform;
  absl::StrAppend(&out, "platform arch=", p.arch, " line=", p.line);
  if (t.dma_align_given || p.dma_align != DefaultDmaAlign(p.arch, p.line)) {
    absl::StrAppend(&out, " dma_align=", p.dma_align);
  }
  absl::StrAppend(&out, " page=", p.page, " prefetch=", p.prefetch ? "yes" : "no");
  if (p.bounce_kmalloc) absl::StrAppend(&out, " bounce_kmalloc=yes");
  out += "\n";
  for (const DeviceDecl& d : t.devices) {
    absl::StrAppend(&out, "device ", d.name, d.coherent ? " coherent" : " noncoherent");
    if (d.iommu) out += " iommu";
    if (d.force_bounce) {
      out += " force_bounce";
    } else if (d.swiotlb) {
      out += " swiotlb";
    }
    if (d.max_seg != kDefaultMaxSeg) absl::StrAppend(&out, " max_seg=", d.max_seg);
    if (d.seg_boundary != kNoSegBoundary) {
      absl::StrAppendFormat(&out, " seg_boundary=0x%x", d.seg_boundary);
    }
    out += "\n";
  }
  for (const BufDecl& b : t.bufs) {
    absl::StrAppendFormat(&out, "buf %s at=0x%x len=%u kind=%s\n", b.name, b.at, b.len,
                          BufKindName(b.kind));
  }
  for (const Expectation& e : t.expects) {
    absl::StrAppend(&out, "expect ", e.target, " ", absl::StrJoin(e.items, " "), "\n");
  }
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    absl::StrAppend(&out, PrintOp(t, i), "\n");
  }
  return out;
}

}  // namespace dmasim
