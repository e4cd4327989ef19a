// The naive reference: map paths (§4.1, §5.4), the cacheline rules (§2, §3) and err_printk
// (§1.5). Unmap, sync and unbind are in naive_unmap_sync.cc.
#include <utility>

#include "model/replay/dma_layer.h"
#include "props/reference/naive_state.h"

namespace dmasim::props::naive {

std::unique_ptr<Checker> MakeNaiveDmaDebug(const Rules& rules, const CheckerOptions& options) {
  return std::make_unique<NaiveChecker>(rules, options);
}

void NaiveChecker::Begin(const ReplayEnv& env) { env_ = env; }

void NaiveChecker::OnOp(const OpEvent& e) {
  switch (e.op->kind) {
    case OpKind::kMap: return OnMap(e);
    case OpKind::kMapSg: return OnMapSg(e);
    case OpKind::kMappingError:
      // dma_mapping_error(dev, addr): the hook, on the address the driver holds (§5.5).
      return MappingErrorHook(e.mapping->device, HandleAddr(*e.mapping));
    case OpKind::kUnmap: return OnUnmap(e);
    case OpKind::kUnmapSg: return OnUnmapSg(e);
    case OpKind::kSyncForCpu:
    case OpKind::kSyncForDevice: {
      const bool to_cpu = e.op->kind == OpKind::kSyncForCpu;
      return e.mapping->sg ? OnSyncSg(e, to_cpu) : OnSyncSingle(e, to_cpu);
    }
    case OpKind::kUnbind: return OnUnbind(e);
    case OpKind::kCpuWrite:
    case OpKind::kCpuRead:
    case OpKind::kDevWrite:
    case OpKind::kDevRead:
      return;  // dma-debug sees no memory access (§5.3: no ownership state machine)
  }
}

// dma_map_single refuses vmalloc memory before any hook runs (5.9+).
bool NaiveChecker::Rejected(const Mapping& m) const {
  return !m.sg && rules_.reject_vmalloc_single &&
         env_.trace->bufs[m.elems[0].buf].kind == BufKind::kVmalloc;
}

uint64_t NaiveChecker::HandleAddr(const Mapping& m) const {
  if (m.failed || Rejected(m) || m.segs.empty()) return kDmaMappingError;
  return m.segs[0].addr;
}

CheckerReport NaiveChecker::Make(int op, const char* kind, std::vector<int> handles) {
  CheckerReport r;
  r.op = op;
  r.kind = kind;
  r.handles = std::move(handles);
  return r;
}

void NaiveChecker::ErrPrintk(CheckerReport r) {
  ++error_count_;  // always, printed or not (§1.5 step 1)
  r.counted = true;
  r.printed = options_.all_errors || show_left_ > 0;
  if (!options_.all_errors && show_left_ > 0) --show_left_;
  reports_.push_back(std::move(r));
}

void NaiveChecker::Uncounted(CheckerReport r) {
  r.counted = false;
  r.printed = true;
  reports_.push_back(std::move(r));
}

// check_for_stack and check_for_illegal_area, by the buffer's kind; an empty range
// intersects nothing.
void NaiveChecker::CheckMemoryKind(int op, int handle, int buf, uint64_t len) {
  const BufKind k = env_.trace->bufs[buf].kind;
  if (k == BufKind::kStack) ErrPrintk(Make(op, "map-from-stack", {handle}));
  if (k == BufKind::kRodata && len > 0) ErrPrintk(Make(op, "map-from-rodata", {handle}));
}

// The hook of dma_mapping_error(): the first live entry of this device and address that is
// not yet checked becomes checked (§5.5).
void NaiveChecker::MappingErrorHook(int dev, uint64_t dev_addr) {
  for (Entry& en : live_) {
    if (en.dev == dev && en.dev_addr == dev_addr && en.map_err == MapErr::kNotChecked) {
      en.map_err = MapErr::kChecked;
      return;
    }
  }
}

void NaiveChecker::OnMap(const OpEvent& e) {
  const Mapping& m = *e.mapping;
  if (Rejected(m)) return;
  // debug_dma_map_page: dma_mapping_error() on the new address first (its hook runs).
  MappingErrorHook(m.device, HandleAddr(m));
  if (m.failed) return;
  Entry en;
  en.handle = m.handle;
  en.dev = m.device;
  en.type = rules_.phy_entries ? Type::kPhy : Type::kSingle;
  en.dev_addr = m.segs[0].addr;
  en.size = m.size();
  en.dir = m.dir;
  en.phys = m.elems[0].phys;
  en.map_err = MapErr::kNotChecked;
  en.attrs = m.attrs;
  CheckMemoryKind(e.index, m.handle, m.elems[0].buf, en.size);
  AddEntry(e.index, en, m.attrs);
}

void NaiveChecker::OnMapSg(const OpEvent& e) {
  const Mapping& m = *e.mapping;
  if (m.failed) return;  // the hook runs only when dma_map_sg mapped something
  const int nents = static_cast<int>(m.elems.size());
  const int mapped = static_cast<int>(m.segs.size());
  if (rules_.sg_checks_all_nents) {
    for (const MappedElement& el : m.elems) CheckMemoryKind(e.index, m.handle, el.buf, el.len);
  }
  for (int i = 0; i < mapped; ++i) {
    if (!rules_.sg_checks_all_nents) {
      CheckMemoryKind(e.index, m.handle, m.elems[i].buf, m.segs[i].len);  // sg_dma_len
    }
    Entry en;
    en.handle = m.handle;
    en.dev = m.device;
    en.type = Type::kSg;
    en.dev_addr = m.segs[i].addr;
    en.size = m.segs[i].len;
    en.dir = m.dir;
    en.sg_call_ents = nents;
    en.sg_mapped_ents = mapped;
    en.phys = m.elems[i].phys;  // the i-th original element's CPU side (§4.1)
    en.attrs = m.attrs;
    if (rules_.sg_segment_check) {
      // §12 / §4.2 check_sg_segment: s->length against max_seg, the DMA segment's first and
      // last byte against the boundary mask (u64: a 0-length segment ends at start - 1).
      const DeviceDecl& d = env_.trace->devices[m.device];
      if (m.elems[i].len > d.max_seg) {
        ErrPrintk(Make(e.index, "sg-segment-too-long", {m.handle}));
      }
      const uint64_t last = m.segs[i].addr + m.segs[i].len - 1;
      if (((m.segs[i].addr ^ last) & ~d.seg_boundary) != 0) {
        ErrPrintk(Make(e.index, "sg-segment-boundary", {m.handle}));
      }
    }
    AddEntry(e.index, en, m.attrs);
  }
}

namespace {

bool Clean(uint32_t attrs) { return (attrs & (kAttrClean | kAttrRequireCoherent)) != 0; }

}  // namespace

// add_dma_entry: into the hash, then active_cacheline_insert and the EEXIST decision.
void NaiveChecker::AddEntry(int op, Entry e, uint32_t attrs) {
  int slot;
  if (free_slots_.empty()) {
    slot = static_cast<int>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  slots_[slot] = Slot{attrs, e.handle};  // zeroed and refilled on reuse (§1.3)
  e.slot = slot;
  live_.push_back(e);
  if (e.dir == Direction::kToDevice) return;  // §2.2 step 1
  const uint64_t line = env_.platform.line;
  const uint64_t cln = e.phys / line;
  ActiveLine* l = nullptr;
  for (ActiveLine& x : lines_) {
    if (x.cln == cln) l = &x;
  }
  if (l == nullptr) {
    lines_.push_back(ActiveLine{cln, slot, 0});
    return;
  }
  const std::vector<int> handles =
      e.handle == slots_[l->owner_slot].handle
          ? std::vector<int>{e.handle}
          : std::vector<int>{e.handle, slots_[l->owner_slot].handle};
  if (l->extra < 7) {
    ++l->extra;
  } else if (!overflow_warned_ && !(rules_.overflow_skip_clean && Clean(attrs))) {
    overflow_warned_ = true;  // WARN_ONCE
    CheckerReport r = Make(op, "overlap-overflow", handles);
    r.overlap = true;
    r.line = cln * line;
    Uncounted(std::move(r));
  }
  if (!rules_.eexist_reported) return;
  if (rules_.eexist_skip_cpu_sync && (attrs & kAttrSkipCpuSync)) return;
  const DeviceDecl& dev = env_.trace->devices[e.dev];
  if (rules_.eexist_bounce_exempt && env_.platform.bounce_kmalloc &&
      (dev.swiotlb || dev.force_bounce)) {
    return;
  }
  if (rules_.eexist_clean_both && Clean(attrs) && Clean(slots_[l->owner_slot].attrs)) return;
  if (rules_.eexist_align_exempt && env_.platform.dma_align < line) return;
  CheckerReport r = Make(op, "eexist", handles);
  r.overlap = true;
  r.line = cln * line;
  rules_.eexist_pr_err ? Uncounted(std::move(r)) : ErrPrintk(std::move(r));
}

// active_cacheline_remove (§2.3), with the entry's own direction.
void NaiveChecker::RemoveLine(const Entry& e) {
  if (e.dir == Direction::kToDevice) return;
  const uint64_t cln = e.phys / env_.platform.line;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].cln != cln) continue;
    if (lines_[i].extra - 1 < 0) {
      lines_.erase(lines_.begin() + static_cast<long>(i));
    } else {
      --lines_[i].extra;
    }
    return;
  }
}

}  // namespace dmasim::props::naive
