// The checker's set-up, op dispatch and map paths (debug_dma_map_single/page/sg and
// add_dma_entry). Unmap, sync and unbind live in unmap_sync.cc.
#include "model/dma_debug/dma_debug_checker.h"

#include <utility>

#include "model/base/check.h"
#include "model/dma_debug/internal/messages.h"

namespace dmasim {
namespace dma_debug {
namespace {

// A stand-in for the kernel's linear-map virtual address of a physical address (what %p
// would hash). Only its hex shape matters.
constexpr uint64_t kLinearMapBase = 0xffff888000000000ull;

bool IsClean(uint32_t attrs) { return (attrs & (kAttrClean | kAttrRequireCoherent)) != 0; }

}  // namespace

DmaDebugChecker::DmaDebugChecker(const EraProfile& profile, const CheckerOptions& options)
    : profile_(profile), options_(options) {
  reporter_.emplace(options_);
}

void DmaDebugChecker::Begin(const ReplayEnv& env) {
  DMASIM_CHECK(env.trace != nullptr);
  env_ = env;
  line_ = env.platform.line;
  DMASIM_CHECK(line_ > 0);
  hash_.emplace(profile_.hash_size, profile_.contain_walk);
  tree_ = CachelineTree();
  reporter_.emplace(options_);
  overflow_warned_ = false;
  disabled_ = false;
}

void DmaDebugChecker::OnOp(const OpEvent& e) {
  DMASIM_CHECK(hash_.has_value() && e.op != nullptr);
  if (disabled_) return;  // dma_debug_disabled(): every hook returns at once
  switch (e.op->kind) {
    case OpKind::kMap:
      OnMap(e);
      break;
    case OpKind::kMapSg:
      OnMapSg(e);
      break;
    case OpKind::kMappingError: {
      DMASIM_CHECK(e.mapping != nullptr);
      (void)MappingError(e.mapping->device, HandleAddr(*e.mapping));
      break;
    }
    case OpKind::kUnmap:
      OnUnmap(e);
      break;
    case OpKind::kUnmapSg:
      OnUnmapSg(e);
      break;
    case OpKind::kSyncForCpu:
      OnSync(e, /*to_cpu=*/true);
      break;
    case OpKind::kSyncForDevice:
      OnSync(e, /*to_cpu=*/false);
      break;
    case OpKind::kUnbind:
      OnUnbind(e);
      break;
    case OpKind::kCpuWrite:
    case OpKind::kCpuRead:
    case OpKind::kDevWrite:
    case OpKind::kDevRead:
      break;  // dma-debug does not see memory accesses (assert_idle is out of scope)
  }
}

bool DmaDebugChecker::Rejected(const Mapping& m) const {
  if (m.sg || !profile_.reject_vmalloc_single || m.elems.empty()) return false;
  return env_.trace->bufs[m.elems[0].buf].kind == BufKind::kVmalloc;
}

uint64_t DmaDebugChecker::HandleAddr(const Mapping& m) const {
  if (m.failed || Rejected(m)) return kDmaMappingError;
  return m.dma_addr();
}

absl::string_view DmaDebugChecker::TypeName(EntryType t) const {
  switch (t) {
    case EntryType::kSg:
      return profile_.sg_type_name;
    case EntryType::kPhy:
      return "phy";
    case EntryType::kSingle:
      break;
  }
  return "single";
}

std::vector<int> DmaDebugChecker::Handles(int first, int second) {
  std::vector<int> h;
  if (first >= 0) h.push_back(first);
  if (second >= 0 && second != first) h.push_back(second);
  return h;
}

CheckerReport DmaDebugChecker::Report(int op, absl::string_view kind, std::string message,
                                      std::vector<int> handles) const {
  CheckerReport r;
  r.op = op;
  r.kind = std::string(kind);
  r.message = std::move(message);
  r.handles = std::move(handles);
  return r;
}

bool DmaDebugChecker::MappingError(int dev, uint64_t dev_addr) {
  hash_->MarkMappingChecked(dev, dev_addr);  // debug_dma_mapping_error, always first
  return dev_addr == kDmaMappingError;
}

std::optional<int> DmaDebugChecker::AllocEntry(int op) {
  if (profile_.fixed_pool != 0 && hash_->live_count() >= profile_.fixed_pool) {
    reporter_->PrErr(Report(op, kKindOutOfMemory, OutOfMemoryMessage(), {}));
    disabled_ = true;
    return std::nullopt;
  }
  return hash_->Alloc();
}

void DmaDebugChecker::CheckStack(int op, int handle, int dev, uint64_t phys) {
  (void)dev;
  reporter_->ErrPrintk(Report(op, kKindMapFromStack,
                              MapFromStackMessage(kLinearMapBase + phys, profile_.vmap_stack),
                              {handle}));
}

void DmaDebugChecker::CheckRodata(int op, int handle, int dev, uint64_t phys, uint64_t len) {
  (void)dev;
  if (len == 0) return;  // memory_intersects() of an empty range
  reporter_->ErrPrintk(Report(op, kKindMapFromRodata,
                              MapFromRodataMessage(kLinearMapBase + phys, len), {handle}));
}

void DmaDebugChecker::OnMap(const OpEvent& e) {
  DMASIM_CHECK(e.mapping != nullptr);
  const Mapping& m = *e.mapping;
  DMASIM_CHECK(m.elems.size() == 1);
  const MappedElement& el = m.elems[0];
  const BufKind kind = env_.trace->bufs[el.buf].kind;
  if (Rejected(m)) return;  // dev_WARN_ONCE "rejecting DMA map of vmalloc memory"; no hook
  if (kind == BufKind::kVmalloc && profile_.map_single_checks) {
    // debug_dma_map_single, before the mapping: a vmalloc address is not virt_addr_valid.
    const uint64_t ptr = 0xffffc90000000000ull + el.phys;
    reporter_->ErrPrintk(
        Report(e.index, kKindMapFromInvalidArea, MapFromInvalidAreaMessage(ptr, el.len),
               {m.handle}));
    reporter_->ErrPrintk(Report(e.index, kKindMapFromVmalloc, MapFromVmallocMessage(ptr, el.len),
                                {m.handle}));
  }
  // debug_dma_map_page: dma_mapping_error() first (with its hook), then the entry.
  if (MappingError(m.device, HandleAddr(m))) return;
  const std::optional<int> slot = AllocEntry(e.index);
  if (!slot.has_value()) return;
  const int id = *slot;
  Entry& en = hash_->entry(id);
  en.dev = m.device;
  en.type = MapEntryType();
  en.phys = el.phys;
  en.dev_addr = m.dma_addr();
  en.size = m.size();
  en.dir = m.dir;
  en.map_err = MapErr::kNotChecked;
  en.attrs = m.attrs;
  en.handle = m.handle;
  if (kind == BufKind::kStack) CheckStack(e.index, m.handle, m.device, el.phys);
  if (kind == BufKind::kRodata) CheckRodata(e.index, m.handle, m.device, el.phys, en.size);
  AddEntry(e.index, id, m.attrs);
}

void DmaDebugChecker::OnMapSg(const OpEvent& e) {
  DMASIM_CHECK(e.mapping != nullptr);
  const Mapping& m = *e.mapping;
  if (m.failed || m.segs.empty()) return;  // dma_map_sg returned 0: no hook
  const int nents = static_cast<int>(m.elems.size());
  const int mapped = static_cast<int>(m.segs.size());
  DMASIM_CHECK(mapped <= nents);
  auto kind_of = [&](int i) { return env_.trace->bufs[m.elems[i].buf].kind; };
  if (profile_.sg_checks == SgCheckStyle::kAllNents) {
    for (int i = 0; i < nents; ++i) {
      if (kind_of(i) == BufKind::kStack) CheckStack(e.index, m.handle, m.device, m.elems[i].phys);
      if (kind_of(i) == BufKind::kRodata) {
        CheckRodata(e.index, m.handle, m.device, m.elems[i].phys, m.elems[i].len);
      }
    }
  }
  for (int i = 0; i < mapped; ++i) {
    const std::optional<int> slot = AllocEntry(e.index);
    if (!slot.has_value()) return;
    const int id = *slot;
    Entry& en = hash_->entry(id);
    en.dev = m.device;
    en.type = EntryType::kSg;
    en.phys = m.elems[i].phys;
    en.dev_addr = m.segs[i].addr;
    en.size = m.segs[i].len;
    en.dir = m.dir;
    en.sg_call_ents = nents;
    en.sg_mapped_ents = mapped;
    en.map_err = MapErr::kNotApplicable;
    en.attrs = m.attrs;
    en.handle = m.handle;
    if (profile_.sg_checks == SgCheckStyle::kPerMappedEntry) {
      if (kind_of(i) == BufKind::kStack) CheckStack(e.index, m.handle, m.device, m.elems[i].phys);
      if (kind_of(i) == BufKind::kRodata) {
        CheckRodata(e.index, m.handle, m.device, m.elems[i].phys, m.segs[i].len);
      }
    }
    CheckSgSegment(e.index, m, i);
    AddEntry(e.index, id, m.attrs);
  }
}

void DmaDebugChecker::CheckSgSegment(int op, const Mapping& m, int i) {
  const bool runs = profile_.sg_segment_check == SgSegmentCheck::kAlways ||
                    (profile_.sg_segment_check == SgSegmentCheck::kDebugSgOnly && profile_.debug_sg);
  if (!runs) return;
  const DeviceDecl& dev = env_.trace->devices[m.device];
  // s->length of the i-th original element: an unsigned int in struct scatterlist.
  const uint32_t len = static_cast<uint32_t>(m.elems[i].len);
  if (len > dev.max_seg) {
    reporter_->ErrPrintk(
        Report(op, kKindSgSegmentTooLong, SgSegmentTooLongMessage(len, dev.max_seg), {m.handle}));
  }
  // sg_dma_address / sg_dma_len of entry i; u64 arithmetic, so a 0-length segment's end
  // is start - 1, as in the kernel.
  const uint64_t start = m.segs[i].addr;
  const uint64_t end = start + m.segs[i].len - 1;
  if (((start ^ end) & ~dev.seg_boundary) != 0) {
    reporter_->ErrPrintk(Report(op, kKindSgSegmentBoundary,
                                SgSegmentBoundaryMessage(start, end, dev.seg_boundary),
                                {m.handle}));
  }
}

void DmaDebugChecker::AddEntry(int op, int id, uint32_t attrs) {
  hash_->Add(id);
  const Entry& en = hash_->entry(id);
  if (en.dir == Direction::kToDevice) return;  // never tracked
  const uint64_t cln = Cln(en.phys);
  const CachelineInsert ins = tree_.Insert(cln, id);
  if (!ins.exists) return;
  DMASIM_CHECK(ins.owner >= 0);
  // The slot's entry may be freed or recycled by now: its handle is what the slot points at.
  const Entry& owner = hash_->entry(ins.owner);
  const bool new_clean = IsClean(en.attrs);
  std::vector<int> handles = Handles(en.handle, owner.handle);
  if (ins.overflow && !(profile_.overflow_warn_skip_clean && new_clean)) {
    CheckerReport r = Report(op, kKindOverlapOverflow, OverlapOverflowMessage(cln), handles);
    r.overlap = true;
    r.line = cln * line_;
    reporter_->WarnOnce(&overflow_warned_, std::move(r));
  }
  bool report = profile_.eexist != EexistMode::kNever;
  if (profile_.eexist_skip_cpu_sync && (attrs & kAttrSkipCpuSync)) report = false;
  if (profile_.eexist_clean_both && new_clean && IsClean(owner.attrs)) report = false;
  if (profile_.eexist_align_exempt && env_.platform.dma_align < env_.platform.line) {
    report = false;
  }
  if (profile_.eexist_bounce_exempt && env_.platform.bounce_kmalloc &&
      env_.trace->devices[en.dev].swiotlb) {
    report = false;
  }
  if (!report) return;
  CheckerReport r = Report(op, kKindEexist, EexistMessage(), std::move(handles));
  r.overlap = true;
  r.line = cln * line_;
  if (profile_.eexist == EexistMode::kPrErr) {
    reporter_->PrErr(std::move(r));
  } else {
    reporter_->ErrPrintk(std::move(r));
  }
}

}  // namespace dma_debug

std::unique_ptr<Checker> MakeDmaDebugChecker(EraId era, const CheckerOptions& options) {
  return std::make_unique<dma_debug::DmaDebugChecker>(MakeEraProfile(era), options);
}

std::unique_ptr<Checker> MakeDmaDebugChecker(const ResolvedEra& resolved,
                                             const CheckerOptions& options) {
  return std::make_unique<dma_debug::DmaDebugChecker>(MakeEraProfile(resolved), options);
}

}  // namespace dmasim
