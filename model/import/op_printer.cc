#include "model/import/op_printer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "model/base/check.h"
#include "model/trace/trace_builder.h"
#include "model/trace/trace_printer.h"

namespace dmasim::import {

std::string HandleName(const HandleRec& h) { return absl::StrCat(h.sg ? "s" : "m", h.id); }
std::string BufferName(int i) { return absl::StrCat("b", i); }

absl::StatusOr<Trace> OpPrinter::Build(const HandleRec& h, const OpArgs* args) const {
  TraceBuilder b(platform_, /*dma_align_given=*/false);
  DMASIM_CHECK(h.device >= 0 && static_cast<size_t>(h.device) < devices_.size());
  const int dev = b.Device(devices_[h.device]);
  std::vector<std::pair<int, int>> added;  // (layout index, builder index)
  std::vector<Element> elems;
  for (size_t i = 0; i < h.phys.size(); ++i) {
    std::optional<std::pair<int, uint64_t>> at = layout_.Find(h.phys[i], h.lens[i]);
    if (!at) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the log changed between the importer's two passes (no buffer holds 0x",
          absl::Hex(h.phys[i]), "+", h.lens[i], ")"));
    }
    int local = -1;
    for (const auto& [global, mine] : added) {
      if (global == at->first) local = mine;
    }
    if (local < 0) {
      const auto [start, end] = layout_.Range(at->first);
      local = b.Buf(BufferName(at->first), start, end - start);
      added.emplace_back(at->first, local);
    }
    elems.push_back(Element{local, at->second, h.lens[i]});
  }
  const std::string name = HandleName(h);
  const int hd = h.sg ? b.MapSg(dev, elems, h.dir, h.attrs, "", name)
                      : b.Map(dev, elems[0], h.dir, h.attrs, name);
  if (args != nullptr) {
    switch (args->kind) {
      case OpKind::kMappingError:
        b.MappingError(hd);
        break;
      case OpKind::kSyncForCpu:
      case OpKind::kSyncForDevice: {
        const bool cpu = args->kind == OpKind::kSyncForCpu;
        if (args->has_range) {
          cpu ? b.SyncForCpuRange(hd, args->off, args->len, args->dir)
              : b.SyncForDeviceRange(hd, args->off, args->len, args->dir);
        } else {
          const SyncArgs s{args->dir, args->nents};
          cpu ? b.SyncForCpu(hd, s) : b.SyncForDevice(hd, s);
        }
        break;
      }
      case OpKind::kUnmap:
        b.UnmapSingle(hd, UnmapArgs{args->size, std::nullopt, args->dir, args->attrs});
        break;
      case OpKind::kUnmapSg:
        b.UnmapSg(hd, UnmapArgs{std::nullopt, args->nents, args->dir, args->attrs});
        break;
      default:
        DMASIM_CHECK(false && "not an op on a handle the importer makes");
    }
  }
  return b.Take();
}

absl::StatusOr<std::string> OpPrinter::Map(const HandleRec& h) const {
  absl::StatusOr<Trace> t = Build(h, nullptr);
  if (!t.ok()) return t.status();
  return PrintOp(*t, 0);
}

absl::StatusOr<std::string> OpPrinter::OnHandle(const HandleRec& h, const OpArgs& args) const {
  absl::StatusOr<Trace> t = Build(h, &args);
  if (!t.ok()) return t.status();
  return PrintOp(*t, 1);
}

}  // namespace dmasim::import
