// The contract oracle: map-time rules (memory kinds, sg-remap, sharing) and CPU accesses
// (ownership, direction, writes next to a device-owned mapping). Deliberately naive: every
// rule is a loop over the live handles / element pairs / granules. See contract_oracle.h;
// the other calls are checked in contract_calls.cc.

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
    s.size += me.len;
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
  live_.insert(n);

  // Rule 8: the same sg list mapped while it is mapped. Named lists (sgl=) are the same
  // list iff their names match, on any device (the second map overwrites the first one's
  // DMA fields). Two unnamed lists are taken to be one when their elements match on the
  // same device; a named and an unnamed list are never one.
  if (s.sg) {
    for (int o : live_) {
      const HandleState& t = h_[o];
      if (o == n || !t.sg) continue;
      const bool same = (!s.sg_list.empty() || !t.sg_list.empty())
                            ? s.sg_list == t.sg_list
                            : t.device == s.device && SameElements(s, t);
      if (same) {
        Emit(op, rule::kSgRemap, {n, o}, kNoLine,
             absl::StrCat(Name(n), " maps the list of live ", Name(o)));
      }
    }
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
  // Rules 2/3/11/12: this mapping against every other live mapping.
  for (int o : live_) {
    const HandleState& t = h_[o];
    if (o == n || !NearGranules(s, t.lo, t.hi)) continue;
    if (SharingExempt(s.dir, s.attrs, t.dir, t.attrs)) continue;
    uint64_t best = kNone;
    for (const MappedElement& a : s.elems) {
      for (const MappedElement& b : t.elems) best = std::min(best, FirstSharedGranule(a, b));
    }
    if (best != kNone) {
      Emit(op, rule::kSharing, {n, o}, best * align_,
           absl::StrFormat("%s %s and live %s %s share granule 0x%x", Name(n), Describe(n),
                           Name(o), Describe(o), best * align_));
    }
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
  // Rules 1/4: bytes of a live mapping.
  for (int h : live_) {
    const HandleState& s = h_[h];
    if (!NearGranules(s, w0, w1)) continue;
    const IntervalSet owned = OwnedPhys(s);
    const bool touches_owned = owned.Intersects(w0, w1);
    if (touches_owned && write) {
      Emit(e.index, rule::kOwnershipCpuWrite, {h}, kNoLine,
           absl::StrCat(what, " into ", Name(h), " ", Describe(h)));
    }
    if (touches_owned && !write && s.dir != Direction::kToDevice) {
      Emit(e.index, rule::kOwnershipCpuRead, {h}, kNoLine,
           absl::StrCat(what, " from ", Name(h), " ", Describe(h)));
    }
    if (write && s.dir == Direction::kFromDevice) {
      // Bytes of the mapping the CPU owns (synced for cpu) that this write touches.
      IntervalSet cpu_owned = BytesPhys(s);
      for (const auto& [a, b] : owned.Intervals()) cpu_owned.Remove(a, b);
      if (cpu_owned.Intersects(w0, w1)) {
        Emit(e.index, rule::kCpuWriteDirection, {h}, kNoLine,
             absl::StrCat(what, " into ", Name(h), " ", Describe(h)));
      }
    }
  }
  if (!write) return;
  // Rules 2/3: a write outside a device-owned from_device/bidirectional mapping, into a
  // granule that holds device-owned bytes of it.
  for (int h : live_) {
    const HandleState& s = h_[h];
    if (s.dir == Direction::kToDevice || !NearGranules(s, w0, w1)) continue;
    const IntervalSet owned = OwnedPhys(s, /*skip_bounced=*/true);
    if (owned.Empty()) continue;
    const IntervalSet bytes = BytesPhys(s, /*skip_bounced=*/true);
    // Only granules holding bytes of the mapping can qualify: clip the walk to them.
    const auto all = owned.Intervals();
    const uint64_t g_lo = std::max(FirstGranule(w0), FirstGranule(all.front().first));
    const uint64_t g_hi = std::min(LastGranule(w0, op.len),
                                   LastGranule(all.back().first,
                                               all.back().second - all.back().first));
    for (uint64_t g = g_lo; g <= g_hi && g_lo <= g_hi; ++g) {
      const uint64_t gs = g * align_;
      const uint64_t ge = gs > ~uint64_t{0} - align_ ? ~uint64_t{0} : gs + align_;
      const uint64_t ws = std::max(w0, gs), we = std::min(w1, ge);
      if (!bytes.Contains(ws, we) && owned.Intersects(gs, ge)) {
        Emit(e.index, rule::kCpuWriteSharedLine, {h}, gs,
             absl::StrFormat("%s next to %s %s, granule 0x%x", what, Name(h), Describe(h),
                             gs));
        break;  // one finding per mapping: the first such granule
      }
    }
  }
}

}  // namespace contract_internal

std::unique_ptr<Oracle> MakeContractOracle() {
  return std::make_unique<contract_internal::ContractOracle>();
}

}  // namespace dmasim
