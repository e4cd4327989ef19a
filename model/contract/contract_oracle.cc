// The contract oracle: map-time rules (memory kinds, sg-remap, sharing) and CPU accesses
// (ownership, direction, writes next to a device-owned mapping). The other live mappings a
// rule involves come from the indexes of internal/oracle.h, never from a scan of all of
// them. See contract_oracle.h; the other calls are checked in contract_calls.cc.

#include "model/contract/contract_oracle.h"

#include "model/contract/internal/oracle.h"

namespace dmasim {
namespace contract_internal {

// ---- map ----
void ContractOracle::OnMap(const OpEvent& e) {
  const int op = e.index;
  const int n = e.op->handle;
  const Mapping& m = *e.mapping;
  HandleState& s = h_[n];
  DMASIM_CHECK(!s.defined);
  s.defined = true;
  s.failed = m.failed;
  s.live = !m.failed;
  s.sg = m.sg;
  s.sg_list = e.op->sg_list;
  s.device = m.device;
  s.dir = m.dir;
  s.attrs = m.attrs;
  s.elems = m.elems;
  for (const MappedElement& me : m.elems) {
    s.elem_pos.push_back(s.size);
    // Saturating: a mapping over 2^64 - 1 bytes fails in the DMA layer (dma_layer.h).
    s.size = me.len > ~uint64_t{0} - s.size ? ~uint64_t{0} : s.size + me.len;
    if (me.len > 0) {
      s.lo = std::min(s.lo, me.phys);
      s.hi = std::max(s.hi, me.phys + me.len);
    }
  }
  if (s.live) s.owned.Add(0, s.size);

  // Rule 3: memory kinds, reported for the attempt whether or not the mapping failed.
  const std::pair<BufKind, absl::string_view> kinds[] = {
      {BufKind::kStack, rule::kStackBuffer},
      {BufKind::kVmalloc, rule::kVmallocBuffer},
      {BufKind::kRodata, rule::kRodataBuffer}};
  for (const auto& [kind, id] : kinds) {
    for (const MappedElement& me : s.elems) {
      if (trace_->bufs[me.buf].kind == kind) {
        Emit(op, id, {n}, kNoLine,
             absl::StrCat(Name(n), " maps buffer '", trace_->bufs[me.buf].name, "'"));
        break;
      }
    }
  }
  if (!s.live) return;

  // Rule 8: the same sg list mapped while it is mapped. Named lists (sgl=) are the same
  // list iff their names match, on any device (the second map overwrites the first one's
  // DMA fields). Two unnamed lists are taken to be one when their elements match on the
  // same device; a named and an unnamed list are never one.
  if (s.sg) {
    std::vector<int> same_list;
    const absl::btree_set<int>* same = nullptr;
    if (!s.sg_list.empty()) {
      if (auto it = sg_named_.find(s.sg_list); it != sg_named_.end()) same = &it->second;
    } else if (auto it = sg_unnamed_.find(SgKey(s)); it != sg_unnamed_.end()) {
      same = &it->second;
    }
    if (same != nullptr) same_list.assign(same->begin(), same->end());
    EmitGroup(op, rule::kSgRemap, n, same_list, kNoLine,
              absl::StrCat(Name(n), " maps the list of live "), "", /*describe=*/false);
  }

  // Rules 2/12: elements of this sg mapping against each other.
  if (!SharingExempt(s.dir, s.attrs, s.dir, s.attrs)) {
    uint64_t best = kNone;
    for (size_t i = 0; i < s.elems.size(); ++i) {
      for (size_t j = i + 1; j < s.elems.size(); ++j) {
        best = std::min(best, FirstSharedGranule(s.elems[i], s.elems[j]));
      }
    }
    if (best != kNone) {
      Emit(op, rule::kSharingWithinSg, {n}, best * align_,
           absl::StrFormat("%s %s, granule 0x%x", Name(n), Describe(n), best * align_));
    }
  }
  // Rules 2/3/11/12: this mapping against every other live mapping, granule by granule:
  // one finding per run of granules shared with the same mappings (shared_runs.h).
  // The packed boxes make the scan cheap; a mapping of one element is its box, so the
  // pair needs no look at its elements.
  // When the mapping lies in one granule every shared span is that granule: the partners
  // are collected directly (ascending, once each), which is what grouping would give.
  Index(n);  // after sg-remap: n is no partner of itself
  std::vector<SharedSpan>& spans = shared_spans_;  // reused: no allocation per op
  spans.clear();
  const uint8_t cls = SharingClass(s.dir, s.attrs);
  const bool single = s.elems.size() == 1;
  const bool one_granule = single && s.elems[0].len > 0 && s.elems[0].bounce == kNoBounce &&
                           FirstGranule(s.lo) == LastGranule(s.lo, s.hi - s.lo);
  std::vector<int> partners;  // one_granule only
  auto shared = [&](int o, const MappedElement& a, const MappedElement& b) {
    uint64_t lo = 0, hi = 0;
    if (!SharedGranules(a, b, &lo, &hi)) return false;
    if (one_granule) {
      partners.push_back(o);
    } else {
      spans.push_back({lo, hi, o});
    }
    return true;
  };
  static const std::vector<int> kNoNeighbours;
  for (const int o : s.lo < s.hi ? Near(s.lo, s.hi) : kNoNeighbours) {
    const HandleState& t = h_[o];
    if (o == n || !NearGranules(s, t.lo, t.hi)) continue;
    if ((t.cls & cls) != 0) continue;  // SharingExempt(s, t)
    if (single && t.single) {
      MappedElement b;
      b.phys = t.lo;
      b.len = t.hi - t.lo;
      shared(o, s.elems[0], b);
      continue;
    }
    bool done = false;  // one_granule: o is a partner once, whatever its elements
    for (const MappedElement& a : s.elems) {
      for (const MappedElement& b : h_[o].elems) {
        if (!done) done = shared(o, a, b) && one_granule;
      }
    }
  }
  std::vector<SharedRun> runs;
  if (one_granule && !partners.empty()) {
    runs.push_back(SharedRun{FirstGranule(s.lo), 1, 1, std::move(partners)});
  } else if (!one_granule) {
    runs = GroupSharedRuns(spans, kMaxSharingFindingsPerOp);
  }
  for (const SharedRun& r : runs) {
    EmitGroup(op, rule::kSharing, n, r.partners, r.first * align_,
              absl::StrCat(Name(n), " ", Describe(n), " and live "),
              absl::StrCat(" share ", RunText(r)), /*describe=*/true, r.granules);
  }
}

// ---- CPU access ----
void ContractOracle::OnCpuAccess(const OpEvent& e) {
  const Op& op = *e.op;
  if (op.len == 0) return;
  const bool write = op.kind == OpKind::kCpuWrite;
  const uint64_t w0 = trace_->bufs[op.buf].at + op.off;
  const uint64_t w1 = w0 + op.len;
  const std::string what = absl::StrFormat("%s [0x%x, +%u)", write ? "write" : "read", w0,
                                           op.len);
  // Rules 1/4: bytes of a live mapping. One finding per rule, naming the oldest mappings.
  std::vector<int> wrote_owned, read_owned, wrote_from_device;
  const std::vector<int>& near = Near(w0, w1);  // the live mappings near it, ascending
  for (const int h : near) {
    const HandleState& s = h_[h];
    const IntervalSet owned = OwnedPhys(s);
    const bool touches_owned = owned.Intersects(w0, w1);
    if (touches_owned && write) wrote_owned.push_back(h);
    if (touches_owned && !write && s.dir != Direction::kToDevice) read_owned.push_back(h);
    if (write && s.dir == Direction::kFromDevice) {
      // Bytes of the mapping the CPU owns (synced for cpu) that this write touches.
      IntervalSet cpu_owned = BytesPhys(s);
      for (const auto& [a, b] : owned.Intervals()) cpu_owned.Remove(a, b);
      if (cpu_owned.Intersects(w0, w1)) wrote_from_device.push_back(h);
    }
  }
  EmitGroup(e.index, rule::kOwnershipCpuWrite, -1, wrote_owned, kNoLine,
            absl::StrCat(what, " into "), "", /*describe=*/true);
  EmitGroup(e.index, rule::kOwnershipCpuRead, -1, read_owned, kNoLine,
            absl::StrCat(what, " from "), "", /*describe=*/true);
  EmitGroup(e.index, rule::kCpuWriteDirection, -1, wrote_from_device, kNoLine,
            absl::StrCat(what, " into "), "", /*describe=*/true);
  if (!write) return;
  // Rules 2/3: a write outside a device-owned from_device/bidirectional mapping, into a
  // granule that holds device-owned bytes of it. Only a first or last granule of one of
  // the mapping's elements can qualify: a granule wholly inside an element holds no byte
  // outside the mapping. One finding per run of granules with the same mappings.
  const uint64_t w_first = FirstGranule(w0), w_last = LastGranule(w0, op.len);
  std::vector<SharedSpan> spans;
  for (const int h : near) {
    const HandleState& s = h_[h];
    if (s.dir == Direction::kToDevice) continue;
    const IntervalSet owned = OwnedPhys(s, /*skip_bounced=*/true);
    if (owned.Empty()) continue;
    const IntervalSet bytes = BytesPhys(s, /*skip_bounced=*/true);
    std::vector<uint64_t> edges;
    for (const MappedElement& me : s.elems) {
      if (me.len == 0 || me.bounce != kNoBounce) continue;
      for (uint64_t g : {FirstGranule(me.phys), LastGranule(me.phys, me.len)}) {
        if (g >= w_first && g <= w_last) edges.push_back(g);
      }
    }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    for (uint64_t g : edges) {
      const uint64_t gs = g * align_;
      const uint64_t ge = gs > ~uint64_t{0} - align_ ? ~uint64_t{0} : gs + align_;
      const uint64_t ws = std::max(w0, gs), we = std::min(w1, ge);
      if (!bytes.Contains(ws, we) && owned.Intersects(gs, ge)) spans.push_back({g, g, h});
    }
  }
  for (const SharedRun& r : GroupSharedRuns(spans, kMaxSharingFindingsPerOp)) {
    EmitGroup(e.index, rule::kCpuWriteSharedLine, -1, r.partners, r.first * align_,
              absl::StrCat(what, " next to "), absl::StrCat(", ", RunText(r)),
              /*describe=*/true, r.granules);
  }
}

}  // namespace contract_internal

std::unique_ptr<Oracle> MakeContractOracle() {
  return std::make_unique<contract_internal::ContractOracle>();
}

}  // namespace dmasim
