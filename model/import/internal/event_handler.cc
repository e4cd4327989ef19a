#include "model/import/internal/event_handler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "model/base/check.h"

namespace dmasim::import {
namespace {

bool Wraps(uint64_t start, uint64_t len) { return start + std::max<uint64_t>(len, 1) <= start; }

}  // namespace

absl::Status EventHandler::OnItem(const StreamItem& item, const std::string& file) {
  if (item.marker) {
    sink_->Marker(item);
    return absl::OkStatus();
  }
  DmaEvent e;
  LineError err;
  if (!ParseDmaEvent(item.kind, item.event(), item.body(), item.body_col, &e, &err)) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ":", item.line_no, ":", err.col, ": ", item.event(), ": ",
                     EscapeForMessage(err.message)));
  }
  std::optional<int> dev = devices_->Index(e.device, add_devices_);
  if (!dev) {
    return absl::FailedPreconditionError(absl::StrCat(
        file, ":", item.line_no, ": the log changed between the importer's two passes (device ",
        e.device, " is new)"));
  }
  Decide(item, e, *dev);
  Peaks();
  return absl::OkStatus();
}

void EventHandler::Peaks() {
  stats_->peak_live_handles = std::max(stats_->peak_live_handles, table_.live_handles());
  stats_->peak_stored_handles = std::max(stats_->peak_stored_handles, table_.stored_handles());
  stats_->peak_mirror_entries = std::max(stats_->peak_mirror_entries, table_.mirror_entries());
}

void EventHandler::Drop(const StreamItem& item, Dropped why) {
  stats_->dropped[static_cast<int>(why)] += 1;
  sink_->Comment(item, why);
}

void EventHandler::Emit(const HandleRec& h, const OpArgs& args, const StreamItem& item) {
  stats_->ops += 1;
  if (args.kind == OpKind::kUnmap || args.kind == OpKind::kUnmapSg) stats_->unmaps += 1;
  if (args.kind == OpKind::kSyncForCpu || args.kind == OpKind::kSyncForDevice) stats_->syncs += 1;
  sink_->Op(h, args, item);
}

void EventHandler::Decide(const StreamItem& item, const DmaEvent& e, int dev) {
  switch (e.kind) {
    case DmaEventKind::kAlloc:
      return Drop(item, Dropped::kCoherentAlloc);
    case DmaEventKind::kFree:
      return Drop(item, e.size == 0 && e.dma_addr == 0 ? Dropped::kFreeNull
                                                       : Dropped::kCoherentFree);
    case DmaEventKind::kMapSgErr:
      return Drop(item, Dropped::kFailedMapSg);
    case DmaEventKind::kMapResource:
    case DmaEventKind::kUnmapResource:
      return Drop(item, Dropped::kResource);
    default:
      break;
  }
  if (!e.dir) return Drop(item, Dropped::kDirectionNone);
  switch (e.kind) {
    case DmaEventKind::kMapPhys:
      return MapSingle(item, e, dev);
    case DmaEventKind::kUnmapPhys:
      return Unmap(item, e, dev);
    case DmaEventKind::kMapSg:
      return MapSg(item, e, dev);
    case DmaEventKind::kUnmapSg:
      return UnmapSg(item, e, dev);
    case DmaEventKind::kSyncSingleForCpu:
    case DmaEventKind::kSyncSingleForDevice:
      return SyncSingle(item, e, dev, e.kind == DmaEventKind::kSyncSingleForCpu);
    case DmaEventKind::kSyncSgForCpu:
    case DmaEventKind::kSyncSgForDevice:
      return SyncSg(item, e, dev, e.kind == DmaEventKind::kSyncSgForCpu);
    default:
      DMASIM_CHECK(false && "handled above");
  }
}

void EventHandler::MapSingle(const StreamItem& item, const DmaEvent& e, int dev) {
  if (e.dma_addr == kTracedMappingError) return Drop(item, Dropped::kFailedMap);
  if (e.attrs.named & kKaMmio) return Drop(item, Dropped::kResource);
  if (Wraps(e.phys_addr, e.size) || Wraps(e.dma_addr, e.size)) {
    return Drop(item, Dropped::kAddressWraps);
  }
  if (e.dma_addr != e.phys_addr) devices_->at(dev).dma_is_phys = false;
  const bool dropped = HasInexpressibleAttrs(e.attrs);
  stats_->attrs_dropped += dropped;
  stats_->ops += 1;
  stats_->maps += 1;
  const HandleRec& h =
      table_.AddSingle(dev, e.phys_addr, e.dma_addr, e.size, *e.dir, FormatAttrs(e.attrs));
  sink_->Map(h, item, dropped);
}

void EventHandler::MapSg(const StreamItem& item, const DmaEvent& e, int dev) {
  if (e.truncated) return Drop(item, Dropped::kTruncatedSg);
  if (e.attrs.named & kKaMmio) return Drop(item, Dropped::kResource);
  // Without an IOMMU every entry is one DMA segment of its own length; with merging the
  // entries' lengths are not in the event.
  if (e.ents_total != e.nents_total) return Drop(item, Dropped::kMergedSg);
  for (size_t i = 0; i < e.phys_addrs.size(); ++i) {
    if (Wraps(e.phys_addrs[i], e.sizes[i]) || Wraps(e.dma_addrs[i], e.sizes[i])) {
      return Drop(item, Dropped::kAddressWraps);
    }
  }
  if (e.dma_addrs != e.phys_addrs) devices_->at(dev).dma_is_phys = false;
  const bool dropped = HasInexpressibleAttrs(e.attrs);
  stats_->attrs_dropped += dropped;
  stats_->ops += 1;
  stats_->map_sgs += 1;
  const HandleRec& h = table_.AddSg(dev, e.phys_addrs, e.dma_addrs, e.sizes, *e.dir,
                                    FormatAttrs(e.attrs));
  sink_->Map(h, item, dropped);
}

void EventHandler::Unmap(const StreamItem& item, const DmaEvent& e, int dev) {
  int seg = -1;
  std::optional<HandleRec> h = table_.UnmapSingle(dev, e.dma_addr, e.size, *e.dir, &seg);
  if (!h) return Drop(item, Dropped::kUnmapUnknown);
  if (seg > 0) return Drop(item, Dropped::kUnmapSgSegment);
  OpArgs a;
  a.kind = OpKind::kUnmap;
  if (e.size != h->lens[0]) a.size = e.size;  // as mapped: the single size, or segment 0's
  if (*e.dir != h->dir) a.dir = *e.dir;
  const uint32_t attrs = FormatAttrs(e.attrs);
  if (attrs != h->attrs) a.attrs = attrs;
  stats_->attrs_dropped += HasInexpressibleAttrs(e.attrs);
  Emit(*h, a, item);
}

void EventHandler::UnmapSg(const StreamItem& item, const DmaEvent& e, int dev) {
  std::optional<HandleRec> h = table_.UnmapSg(dev, e.phys_addrs, *e.dir);
  if (!h) return Drop(item, Dropped::kUnmapUnknown);
  OpArgs a;
  a.kind = OpKind::kUnmapSg;
  if (e.phys_addrs.size() != h->phys.size()) a.nents = static_cast<uint32_t>(e.phys_addrs.size());
  if (*e.dir != h->dir) a.dir = *e.dir;
  const uint32_t attrs = FormatAttrs(e.attrs);
  if (attrs != h->attrs) a.attrs = attrs;
  stats_->attrs_dropped += HasInexpressibleAttrs(e.attrs);
  Emit(*h, a, item);
}

void EventHandler::SyncSingle(const StreamItem& item, const DmaEvent& e, int dev, bool to_cpu) {
  if (Wraps(e.dma_addr, e.size)) return Drop(item, Dropped::kAddressWraps);
  bool in_sg = false;
  std::optional<HandleRec> h = table_.SyncSingle(dev, e.dma_addr, e.size, *e.dir, &in_sg);
  if (!h) return Drop(item, in_sg ? Dropped::kSyncInSg : Dropped::kSyncUnknown);
  OpArgs a;
  a.kind = to_cpu ? OpKind::kSyncForCpu : OpKind::kSyncForDevice;
  const uint64_t off = e.dma_addr - h->dma[0];
  if (off != 0 || e.size != h->lens[0]) {  // dma_sync_single_* at handle + offset
    a.has_range = true;
    a.off = off;
    a.len = e.size;
  }
  if (*e.dir != h->dir) a.dir = *e.dir;
  Emit(*h, a, item);
}

void EventHandler::SyncSg(const StreamItem& item, const DmaEvent& e, int dev, bool to_cpu) {
  std::optional<HandleRec> h = table_.SyncSg(dev, e.dma_addrs);
  if (!h) return Drop(item, Dropped::kSyncUnknown);
  OpArgs a;
  a.kind = to_cpu ? OpKind::kSyncForCpu : OpKind::kSyncForDevice;
  if (e.dma_addrs.size() != h->phys.size()) a.nents = static_cast<uint32_t>(e.dma_addrs.size());
  if (*e.dir != h->dir) a.dir = *e.dir;
  Emit(*h, a, item);
}

}  // namespace dmasim::import
