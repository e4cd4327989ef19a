// The checker's unmap, sync and unbind paths: check_unmap and check_sync with their checks
// in the kernel's order, the sg walks (debug_dma_unmap_sg / sync_sg_*) and the leak check.
#include <algorithm>
#include <utility>

#include "model/base/check.h"
#include "model/dma_debug/dma_debug_checker.h"
#include "model/dma_debug/internal/messages.h"

namespace dmasim::dma_debug {

std::vector<DmaDebugChecker::SgElem> DmaDebugChecker::SgList(const Mapping& m) const {
  std::vector<SgElem> list;
  if (!m.sg) {
    // unmap_sg on a single handle: a one-element list built from the single mapping.
    list.push_back({m.elems.empty() ? 0 : m.elems[0].phys, HandleAddr(m), m.size()});
    return list;
  }
  for (size_t i = 0; i < m.elems.size(); ++i) {
    SgElem s;
    s.phys = m.elems[i].phys;
    if (i < m.segs.size()) {
      s.dma_addr = m.segs[i].addr;
      s.dma_len = m.segs[i].len;
    } else {
      s.dma_addr = kDmaMappingError;  // past the mapped segments (or a failed map)
      s.dma_len = 0;
    }
    list.push_back(s);
  }
  return list;
}

Entry DmaDebugChecker::SgRef(const Mapping& m, const std::vector<SgElem>& list, int i,
                             int nelems, Direction dir) const {
  Entry ref;
  ref.type = EntryType::kSg;
  ref.dev = m.device;
  if (i < static_cast<int>(list.size())) {
    ref.phys = list[i].phys;
    ref.dev_addr = list[i].dma_addr;
    ref.size = list[i].dma_len;
  }  // else: an entry past the real list, zeroed (sg_init_table): address 0, length 0
  ref.dir = dir;
  ref.sg_call_ents = nelems;
  return ref;
}

int DmaDebugChecker::NrMappedEntries(const Entry& ref) const {
  std::optional<int> id = hash_->FindExact(ref);
  return id.has_value() ? hash_->entry(*id).sg_mapped_ents : 0;
}

void DmaDebugChecker::OnUnmap(const OpEvent& e) {
  DMASIM_CHECK(e.mapping != nullptr);
  const Mapping& m = *e.mapping;
  const Op& op = *e.op;
  Entry ref;
  ref.type = MapEntryType();  // debug_dma_unmap_page, or _phys with the phy entries
  ref.dev = m.device;
  ref.dev_addr = HandleAddr(m);
  const uint64_t as_mapped = (m.sg && !m.segs.empty()) ? m.segs[0].len : m.size();
  ref.size = op.size.value_or(as_mapped);
  ref.dir = op.override_dir.value_or(m.dir);
  ref.attrs = op.override_attrs.value_or(m.attrs);
  CheckUnmap(e.index, m.handle, ref);
}

void DmaDebugChecker::OnUnmapSg(const OpEvent& e) {
  DMASIM_CHECK(e.mapping != nullptr);
  const Mapping& m = *e.mapping;
  const Op& op = *e.op;
  const std::vector<SgElem> list = SgList(m);
  const int nelems = static_cast<int>(op.nents.value_or(static_cast<uint32_t>(list.size())));
  const int listed = static_cast<int>(list.size());
  int mapped_ents = 0;
  for (int i = 0; i < nelems; ++i) {
    Entry ref = SgRef(m, list, i, nelems, op.override_dir.value_or(m.dir));
    ref.attrs = op.override_attrs.value_or(m.attrs);
    if (mapped_ents != 0 && i >= mapped_ents) break;
    if (i == 0) mapped_ents = NrMappedEntries(ref);
    const bool found = CheckUnmap(e.index, m.handle, ref);
    // Past the real list every entry is the same zeroed one. Once it finds nothing, every
    // later one finds nothing too (the lookup sees the same state and the same reference)
    // and reports the same error: the walk stops here and the rest of the walk, up to
    // nents (a few billion at most), is counted into that report in one step. So an
    // unknown list costs its real elements plus the entries it consumes, not nents.
    if (!found && i >= listed) {
      const int end = mapped_ents != 0 ? std::min(nelems, mapped_ents) : nelems;
      if (end - i - 1 > 0) reporter_->RepeatLast(static_cast<uint32_t>(end - i - 1));
      break;
    }
  }
}

bool DmaDebugChecker::CheckUnmap(int op, int handle, const Entry& ref) {
  std::optional<int> found = hash_->FindExact(ref);
  if (!found.has_value()) {
    // The lock is dropped and dma_mapping_error() runs, hook included.
    if (MappingError(ref.dev, ref.dev_addr)) {
      reporter_->ErrPrintk(
          Report(op, kKindFreeInvalidAddress, FreeInvalidAddressMessage(), {handle}));
    } else {
      // The hot path of a long walk over an unknown list: past the listing cap the report
      // is only counted, so its text is not formatted.
      reporter_->ErrPrintk(Report(op, kKindFreeNotAllocated,
                                  reporter_->listing()
                                      ? FreeNotAllocatedMessage(ref.dev_addr, ref.size)
                                      : std::string(),
                                  {handle}));
    }
    return false;
  }
  const int id = *found;
  const Entry en = hash_->entry(id);  // copy: the slot is freed below
  const std::vector<int> handles = Handles(handle, en.handle);
  if (ref.size != en.size) {
    reporter_->ErrPrintk(Report(op, kKindFreeDifferentSize,
                                FreeDifferentSizeMessage(ref.dev_addr, en.size, ref.size),
                                handles));
  }
  if (ref.type != en.type) {
    reporter_->ErrPrintk(Report(
        op, kKindFreeWrongFunction,
        FreeWrongFunctionMessage(ref.dev_addr, ref.size, TypeName(en.type), TypeName(ref.type)),
        handles));
  }
  // (coherent "different CPU address" is unreachable: traces have no coherent buffers)
  if (ref.sg_call_ents != 0 && ref.type == EntryType::kSg &&
      ref.sg_call_ents != en.sg_call_ents) {
    reporter_->ErrPrintk(Report(op, kKindFreeSgEntryCount,
                                FreeSgEntryCountMessage(en.sg_call_ents, ref.sg_call_ents),
                                handles));
  }
  if (ref.dir != en.dir) {
    reporter_->ErrPrintk(
        Report(op, kKindFreeDifferentDirection,
               FreeDifferentDirectionMessage(ref.dev_addr, ref.size, en.dir, ref.dir), handles));
  }
  if (en.map_err == MapErr::kNotChecked) {
    reporter_->ErrPrintk(
        Report(op, kKindMapErrorNotChecked,
               MapErrorNotCheckedMessage(ref.dev_addr, ref.size, TypeName(en.type)), handles));
  }
  if (profile_.unmap_attr_compare) {
    // DMA_ATTR_UNMAP_VALID: of the attributes a trace carries only REQUIRE_COHERENT.
    constexpr uint32_t kUnmapValid = kAttrRequireCoherent;
    if ((ref.attrs & kUnmapValid) != (en.attrs & kUnmapValid)) {
      reporter_->ErrPrintk(Report(
          op, kKindFreeDifferentAttributes,
          FreeDifferentAttributesMessage(ref.dev_addr, ref.size, KernelAttrBits(en.attrs),
                                         KernelAttrBits(ref.attrs)),
          handles));
    }
  }
  hash_->Remove(id);
  if (en.dir != Direction::kToDevice) tree_.Remove(Cln(en.phys));
  hash_->Free(id);
  return true;
}

void DmaDebugChecker::OnSync(const OpEvent& e, bool to_cpu) {
  DMASIM_CHECK(e.mapping != nullptr);
  const Mapping& m = *e.mapping;
  const Op& op = *e.op;
  const Direction dir = op.override_dir.value_or(m.dir);
  if (!m.sg) {
    Entry ref;
    ref.type = EntryType::kSingle;  // debug_dma_sync_single_*: "single" in every era
    ref.dev = m.device;
    ref.dir = dir;
    const uint64_t addr = HandleAddr(m);
    if (!op.has_range) {
      ref.dev_addr = addr;
      ref.size = m.size();
    } else if (profile_.range_sync_at_offset) {
      ref.dev_addr = addr + op.off;  // dma_sync_single_for_*(addr + offset, size)
      ref.size = op.len;
    } else {
      ref.dev_addr = addr;  // old debug_dma_sync_single_range_*: [handle, offset + size)
      ref.size = op.off + op.len;
    }
    CheckSync(e.index, m.handle, ref, to_cpu);
    return;
  }
  const std::vector<SgElem> list = SgList(m);
  const int nelems = static_cast<int>(op.nents.value_or(static_cast<uint32_t>(list.size())));
  int mapped_ents = 0;
  for (int i = 0; i < nelems; ++i) {
    const Entry ref = SgRef(m, list, i, nelems, dir);
    if (i == 0) mapped_ents = NrMappedEntries(ref);
    if (i >= mapped_ents) break;  // an unknown list syncs silently
    CheckSync(e.index, m.handle, ref, to_cpu);
  }
}

void DmaDebugChecker::CheckSync(int op, int handle, const Entry& ref, bool to_cpu) {
  std::optional<int> found =
      hash_->FindContaining(ref, env_.trace->devices[ref.dev].max_seg);
  if (!found.has_value()) {
    reporter_->ErrPrintk(Report(op, kKindSyncNotAllocated,
                                SyncNotAllocatedMessage(ref.dev_addr, ref.size), {handle}));
    return;
  }
  const Entry& en = hash_->entry(*found);
  const std::vector<int> handles = Handles(handle, en.handle);
  if (ref.size > en.size) {
    reporter_->ErrPrintk(Report(op, kKindSyncOutsideRange,
                                SyncOutsideRangeMessage(en.dev_addr, en.size, ref.size), handles));
  }
  if (en.dir == Direction::kBidirectional) return;
  if (ref.dir != en.dir) {
    reporter_->ErrPrintk(
        Report(op, kKindSyncDifferentDirection,
               SyncDifferentDirectionMessage(ref.dev_addr, en.size, en.dir, ref.dir), handles));
  }
  if (to_cpu && en.dir != Direction::kFromDevice && ref.dir != Direction::kToDevice) {
    reporter_->ErrPrintk(
        Report(op, kKindSyncReadOnlyForCpu,
               SyncReadOnlyForCpuMessage(ref.dev_addr, en.size, en.dir, ref.dir), handles));
  }
  if (!to_cpu && en.dir != Direction::kToDevice && ref.dir != Direction::kFromDevice) {
    reporter_->ErrPrintk(
        Report(op, kKindSyncWriteOnlyToDevice,
               SyncWriteOnlyToDeviceMessage(ref.dev_addr, en.size, en.dir, ref.dir), handles));
  }
  if (profile_.sync_sg_count_check && ref.sg_call_ents != 0 && ref.type == EntryType::kSg &&
      ref.sg_call_ents != en.sg_call_ents) {
    reporter_->ErrPrintk(Report(op, kKindSyncSgEntryCount,
                                SyncSgEntryCountMessage(en.sg_call_ents, ref.sg_call_ents),
                                handles));
  }
}

void DmaDebugChecker::OnUnbind(const OpEvent& e) {
  const int dev = e.op->device;
  const std::vector<int> ids = hash_->DeviceEntries(dev);
  if (ids.empty()) return;
  const Entry& last = hash_->entry(ids.back());
  std::vector<int> handles = {last.handle};
  for (int id : ids) {
    const int h = hash_->entry(id).handle;
    bool seen = false;
    for (int x : handles) seen = seen || x == h;
    if (!seen) handles.push_back(h);
  }
  reporter_->ErrPrintk(Report(e.index, kKindPendingAtUnbind,
                              PendingAtUnbindMessage(static_cast<int>(ids.size()), last.dev_addr,
                                                     last.size, last.dir, TypeName(last.type)),
                              std::move(handles)));
}

}  // namespace dmasim::dma_debug
