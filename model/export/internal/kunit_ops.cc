#include "model/export/internal/kunit_ops.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "model/base/check.h"
#include "model/trace/trace_printer.h"

namespace dmasim::exporter {
namespace {

std::string Hex(uint64_t v) { return absl::StrFormat("0x%x", v); }

std::string Dev(int d) { return absl::StrCat("DMASIM_DEV(", d, ")"); }

// The arena address of bytes [off, ...) of buffer `buf`.
std::string ArenaAt(const KunitPlan& plan, int buf, uint64_t off) {
  return absl::StrCat("c->arena[", plan.buf_arena[buf], "] + ", Hex(plan.buf_offsets[buf] + off));
}

std::string MapSingle(const Trace& t, const KunitPlan& plan, const Op& op) {
  const Element& e = op.elems[0];
  const std::string at = ArenaAt(plan, e.buf, e.off);
  const std::string tail = absl::StrCat(e.len, ", ", DirExpr(op.dir), ", ", AttrExpr(op.attrs));
  std::string call;
  if (t.bufs[e.buf].kind == BufKind::kKmalloc) {
    call = absl::StrCat("dma_map_single_attrs(", Dev(op.device), ", ", at, ", ", tail, ")");
  } else {
    call = absl::StrCat("dma_map_page_attrs(", Dev(op.device), ", virt_to_page(", at,
                        "),\n\t\t\t\t\t     offset_in_page(", at, "), ", tail, ")");
  }
  return absl::StrCat("\tc->addr[", op.handle, "] = ", call, ";\n\tdmasim_mapped(c, ",
                      op.handle, ", c->addr[", op.handle, "] != DMA_MAPPING_ERROR);\n");
}

std::string MapSg(const KunitPlan& plan, const Op& op) {
  const int h = op.handle;
  const uint32_t cap = plan.handles[h].cap;
  std::string s = absl::StrCat("\tc->sgl[", h, "] = dmasim_sg_table(test, ", cap, ");\n");
  for (size_t k = 0; k < op.elems.size(); ++k) {
    const Element& e = op.elems[k];
    absl::StrAppend(&s, "\tsg_set_buf(&c->sgl[", h, "][", k, "], ", ArenaAt(plan, e.buf, e.off),
                    ", ", e.len, ");\n");
  }
  absl::StrAppend(&s, "\tdmasim_mapped(c, ", h, ", dma_map_sg_attrs(", Dev(op.device),
                  ", c->sgl[", h, "], ", op.elems.size(), ", ", DirExpr(op.dir), ", ",
                  AttrExpr(op.attrs), ") > 0);\n");
  absl::StrAppend(&s, "\tc->addr[", h, "] = sg_dma_address(&c->sgl[", h, "][0]);\n");
  return s;
}

std::string Unmap(const KunitPlan& plan, const Op& op, int dev) {
  const PlannedHandle& h = plan.handles[op.handle];
  const uint64_t size = op.size ? *op.size : h.size;
  const Direction dir = op.override_dir ? *op.override_dir : h.dir;
  return absl::StrCat("\tdma_unmap_single_attrs(", Dev(dev), ", c->addr[", op.handle, "], ",
                      size, ", ", DirExpr(dir), ", ",
                      AttrExpr(op.override_attrs ? *op.override_attrs : 0),
                      ");\n\tc->live[", op.handle, "] = false;\n");
}

std::string UnmapSg(const KunitPlan& plan, const Op& op, int dev) {
  const PlannedHandle& h = plan.handles[op.handle];
  const Direction dir = op.override_dir ? *op.override_dir : h.dir;
  if (!h.sg) {
    return absl::StrCat("\tdmasim_unmap_single_as_sg(test, c, ", op.handle, ", ",
                        op.nents ? *op.nents : 1, ", ", DirExpr(dir), ");\n");
  }
  return absl::StrCat("\tdma_unmap_sg(", Dev(dev), ", c->sgl[", op.handle, "], ",
                      op.nents ? *op.nents : h.elems, ", ", DirExpr(dir), ");\n\tc->live[",
                      op.handle, "] = false;\n");
}

std::string Sync(const KunitPlan& plan, const Op& op, int dev) {
  const PlannedHandle& h = plan.handles[op.handle];
  const Direction dir = op.override_dir ? *op.override_dir : h.dir;
  const char* to = op.kind == OpKind::kSyncForCpu ? "cpu" : "device";
  if (h.sg) {
    const uint32_t n = op.nents ? *op.nents : h.elems;
    return absl::StrCat("\tdma_sync_sg_for_", to, "(", Dev(dev), ", c->sgl[", op.handle, "], ",
                        n, ", ", DirExpr(dir), ");\n");
  }
  if (op.has_range) {
    return absl::StrCat("\tdma_sync_single_range_for_", to, "(", Dev(dev), ", c->addr[",
                        op.handle, "], ", op.off, ", ", op.len, ", ", DirExpr(dir), ");\n");
  }
  return absl::StrCat("\tdma_sync_single_for_", to, "(", Dev(dev), ", c->addr[", op.handle,
                      "], ", h.size, ", ", DirExpr(dir), ");\n");
}

std::string Body(const Trace& t, const KunitPlan& plan, const Op& op) {
  const int dev = UsesHandle(op.kind) ? plan.handles[op.handle].device : op.device;
  switch (op.kind) {
    case OpKind::kCpuWrite:
      return absl::StrCat("\tmemset(", ArenaAt(plan, op.buf, op.off), ", 0x5a, ", op.len,
                          ");\n");
    case OpKind::kCpuRead:
      return absl::StrCat("\tdmasim_cpu_read(", ArenaAt(plan, op.buf, op.off), ", ", op.len,
                          ");\n");
    case OpKind::kMap: return MapSingle(t, plan, op);
    case OpKind::kMapSg: return MapSg(plan, op);
    case OpKind::kMappingError:
      return absl::StrCat("\t(void)dma_mapping_error(", Dev(dev), ", c->addr[", op.handle,
                          "]);\n");
    case OpKind::kDevWrite:
    case OpKind::kDevRead: return "\t/* the test device does no DMA */\n";
    case OpKind::kSyncForCpu:
    case OpKind::kSyncForDevice: return Sync(plan, op, dev);
    case OpKind::kUnmap: return Unmap(plan, op, dev);
    case OpKind::kUnmapSg: return UnmapSg(plan, op, dev);
    case OpKind::kUnbind: return absl::StrCat("\tdevice_release_driver(", Dev(dev), ");\n");
  }
  DMASIM_CHECK(false);
  return "";
}

}  // namespace

std::string OpStatements(const Trace& trace, const KunitPlan& plan, size_t i) {
  DMASIM_CHECK(i < trace.ops.size());
  const std::string text = absl::StrReplaceAll(PrintOp(trace, static_cast<int>(i)),
                                               {{"*/", "* /"}});
  return absl::StrCat("\tDMASIM_OP(", i, ");\t/* ", text, " */\n",
                      Body(trace, plan, trace.ops[i]));
}

}  // namespace dmasim::exporter
