// The naive contract oracle's class, shared by naive_contract.cc and naive_contract_calls.cc:
// the contract oracle as it was before it was indexed (a plain loop over every live mapping
// for every rule), kept as the reference the indexed oracle (model/contract) is tested
// against, finding for finding and byte for byte (naive_contract_test.cc). It shares the
// rule table (rules.h), the interval set and the run grouping with the model: what it
// checks independently is which mappings each rule looks at.
#ifndef DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_STATE_H_
#define DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_STATE_H_

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/base/check.h"
#include "model/contract/internal/interval_set.h"
#include "model/contract/internal/shared_runs.h"
#include "model/contract/rules.h"
#include "model/replay/observer.h"

namespace dmasim {
namespace props::naive_contract {

inline constexpr uint64_t kNone = ~uint64_t{0};

// What the oracle knows about one handle.
struct HandleState {
  bool defined = false;  // its map op ran
  bool live = false;     // mapped successfully and not yet unmapped
  bool failed = false;
  bool sg = false;
  std::string sg_list;  // map_sg sgl= name, empty if unnamed
  int device = -1;
  Direction dir = Direction::kBidirectional;
  uint32_t attrs = 0;
  std::vector<MappedElement> elems;
  std::vector<uint64_t> elem_pos;  // offset of element k inside the mapping
  uint64_t size = 0;
  IntervalSet owned;  // mapping offsets in [0, size) the device owns
  // Bounding box of the non-empty elements, [lo, hi) (lo > hi when there are none): only a
  // shortcut to skip mappings far from an op; every rule still checks exactly.
  uint64_t lo = ~uint64_t{0};
  uint64_t hi = 0;
  bool checked = false;             // dma_mapping_error() was called before any use
  bool unchecked_reported = false;
  bool leak_reported = false;
};

// A live mapping as the loops over every live mapping first see it, packed, so that a map
// among thousands of live mappings scans 24 bytes per mapping, not its whole HandleState:
// its bounding box (HandleState::lo/hi), its SharingClass (rules.h: SharingExempt(a, b) iff
// the classes share a bit) and whether it is one non-bounced element, which the box then
// is exactly.
struct LiveBox {
  int handle = -1;
  uint8_t cls = 0;
  bool single = false;
  bool dead = false;  // unmapped; dropped at the next compaction
  uint64_t lo = 0;
  uint64_t hi = 0;
};

// The naive contract oracle: every rule a loop over the live mappings (rules.h).
class NaiveContractOracle : public Oracle {
 public:
  void Begin(const ReplayEnv& env) override {
    trace_ = env.trace;
    align_ = env.platform.dma_align;
    DMASIM_CHECK(align_ >= 1 && (align_ & (align_ - 1)) == 0);
    shift_ = std::countr_zero(align_);
    h_.assign(trace_->handles.size(), HandleState{});
    live_.clear();
    boxes_.clear();
    dead_boxes_ = 0;
    findings_.clear();
    not_listed_ = 0;
  }

  void OnOp(const OpEvent& e) override {
    const Op& op = *e.op;
    switch (op.kind) {
      case OpKind::kMap:
      case OpKind::kMapSg: OnMap(e); break;
      case OpKind::kMappingError:
        if (!h_[op.handle].unchecked_reported) h_[op.handle].checked = true;
        break;
      case OpKind::kDevWrite:
      case OpKind::kDevRead: OnDeviceAccess(e); break;
      case OpKind::kSyncForCpu:
      case OpKind::kSyncForDevice: OnSync(e); break;
      case OpKind::kUnmap:
      case OpKind::kUnmapSg: OnUnmap(e); break;
      case OpKind::kCpuWrite:
      case OpKind::kCpuRead: OnCpuAccess(e); break;
      case OpKind::kUnbind: OnUnbind(e); break;
    }
  }

  void End() override {
    const int last = static_cast<int>(trace_->ops.size()) - 1;
    for (int h = 0; h < static_cast<int>(h_.size()); ++h) {
      HandleState& s = h_[h];
      if (!s.defined) continue;
      if (s.live && !s.leak_reported) {
        Emit(last, rule::kLeakAtEnd, {h}, kNoLine, absl::StrCat(Name(h), " ", Describe(h)));
      }
      if (!s.sg && !s.checked && !s.unchecked_reported) {
        s.unchecked_reported = true;
        Emit(last, rule::kMappingErrorUnchecked, {h}, kNoLine,
             absl::StrCat(Name(h), " was never checked"));
      }
    }
  }

  OracleResult result() const override {
    OracleResult r;
    r.findings = findings_;
    r.verdict = findings_.empty() ? Verdict::kSafe : Verdict::kHazard;
    r.findings_not_listed = not_listed_;
    return r;
  }

 private:
  // ---- helpers ----
  const std::string& Name(int h) const { return trace_->handles[h].name; }

  // "[0x1000+0x40 from_device on eth0]"; long sg lists are elided after 4 elements so a
  // message stays one readable line.
  std::string Describe(int h) const {
    const HandleState& s = h_[h];
    std::string out = "[";
    for (size_t k = 0; k < s.elems.size() && k < 4; ++k) {
      absl::StrAppendFormat(&out, "%s0x%x+0x%x", k ? ", " : "", s.elems[k].phys,
                            s.elems[k].len);
    }
    if (s.elems.size() > 4) absl::StrAppend(&out, ", ... (", s.elems.size(), " elements)");
    absl::StrAppend(&out, " ", DirectionName(s.dir), " on ", trace_->devices[s.device].name,
                    "]");
    return out;
  }

  // At most kMaxListed findings are kept; the rest are counted (observer.h).
  void Emit(int op, absl::string_view id, std::vector<int> handles, uint64_t line,
            std::string detail, uint64_t lines = 1, uint64_t more_handles = 0) {
    if (findings_.size() >= kMaxListed) {
      ++not_listed_;
      return;
    }
    const ContractRule& r = FindContractRule(id);
    OracleFinding f;
    f.op = op;
    f.kind = std::string(r.id);
    f.message = absl::StrCat(r.text, ": ", detail);
    f.sharing = r.sharing;
    f.handles = std::move(handles);
    f.line = line;
    f.lines = lines;
    f.more_handles = more_handles;
    findings_.push_back(std::move(f));
  }

  // One finding for the mappings `hs` (ascending) of one rule at one op: it names the
  // oldest kMaxNamedPartners (after `first`, if >= 0) and counts the rest, so an op
  // touching thousands of mappings costs one finding per rule, not one per mapping.
  void EmitGroup(int op, absl::string_view id, int first, const std::vector<int>& hs,
                 uint64_t line, const std::string& before, const std::string& after,
                 bool describe, uint64_t lines = 1) {
    if (hs.empty()) return;
    std::vector<int> handles;
    if (first >= 0) handles.push_back(first);
    const size_t named = std::min(hs.size(), kMaxNamedPartners);
    handles.insert(handles.end(), hs.begin(), hs.begin() + named);
    Emit(op, id, std::move(handles), line,
         absl::StrCat(before, NameList(hs, describe), after), lines, hs.size() - named);
  }

  // "a [..], b [..] and 3 more": the first kMaxNamedPartners of `hs`, described or not.
  std::string NameList(const std::vector<int>& hs, bool describe) const {
    std::string out;
    const size_t named = std::min(hs.size(), kMaxNamedPartners);
    for (size_t k = 0; k < named; ++k) {
      absl::StrAppend(&out, k ? ", " : "", Name(hs[k]), describe ? " " : "",
                      describe ? Describe(hs[k]) : "");
    }
    if (hs.size() > named) absl::StrAppend(&out, " and ", hs.size() - named, " more");
    return out;
  }

  // "granule 0x40", "3 granules from 0x40", plus a note on a capped last finding.
  std::string RunText(const SharedRun& r) const {
    std::string out = r.granules == 1
                          ? absl::StrFormat("granule 0x%x", r.first * align_)
                          : absl::StrFormat("%u granules from 0x%x", r.granules, r.first * align_);
    if (r.runs > 1) {
      absl::StrAppendFormat(&out, " (%u runs in one finding: at most %u per op)", r.runs,
                            kMaxSharingFindingsPerOp);
    }
    return out;
  }

  // dma_align is a power of two: a shift, not a division (this is the inner loop of a
  // map against thousands of live mappings).
  uint64_t FirstGranule(uint64_t phys) const { return phys >> shift_; }
  uint64_t LastGranule(uint64_t phys, uint64_t len) const { return (phys + len - 1) >> shift_; }

  // Whether some granule holds bytes of [s_lo, s_hi) and of [lo, hi): false means no rule
  // about bytes or granules can involve a mapping with that bounding box and that range.
  bool NearGranules(uint64_t s_lo, uint64_t s_hi, uint64_t lo, uint64_t hi) const {
    if (s_lo >= s_hi || lo >= hi) return false;
    return FirstGranule(s_lo) <= LastGranule(lo, hi - lo) &&
           FirstGranule(lo) <= LastGranule(s_lo, s_hi - s_lo);
  }
  bool NearGranules(const HandleState& s, uint64_t lo, uint64_t hi) const {
    return NearGranules(s.lo, s.hi, lo, hi);
  }

  // The live mappings, packed (LiveBox), ascending by handle.
  void AddBox(int h) {
    const HandleState& s = h_[h];
    LiveBox b;
    b.handle = h;
    b.cls = SharingClass(s.dir, s.attrs);
    b.single = s.elems.size() == 1 && s.elems[0].len > 0 && s.elems[0].bounce == kNoBounce;
    b.lo = s.lo;
    b.hi = s.hi;
    auto at = std::upper_bound(boxes_.begin(), boxes_.end(), h,
                               [](int x, const LiveBox& y) { return x < y.handle; });
    boxes_.insert(at, b);
  }
  void DropBox(int h) {
    auto at = std::lower_bound(boxes_.begin(), boxes_.end(), h,
                               [](const LiveBox& x, int y) { return x.handle < y; });
    DMASIM_CHECK(at != boxes_.end() && at->handle == h && !at->dead);
    at->dead = true;
    if (++dead_boxes_ > boxes_.size() / 2) {  // amortised O(1) per unmap
      boxes_.erase(std::remove_if(boxes_.begin(), boxes_.end(),
                                  [](const LiveBox& x) { return x.dead; }),
                   boxes_.end());
      dead_boxes_ = 0;
    }
  }

  // Phys ranges [start, end) of the device-owned bytes of `s`.
  // `skip_bounced`: leave out bounced elements (their device side is a swiotlb slot).
  IntervalSet OwnedPhys(const HandleState& s, bool skip_bounced = false) const {
    IntervalSet out;
    for (const auto& [a, b] : s.owned.Intervals()) {
      for (size_t k = 0; k < s.elems.size(); ++k) {
        if (skip_bounced && s.elems[k].bounce != kNoBounce) continue;
        const uint64_t lo = std::max(a, s.elem_pos[k]);
        const uint64_t hi = std::min(b, s.elem_pos[k] + s.elems[k].len);
        if (lo < hi) {
          out.Add(s.elems[k].phys + (lo - s.elem_pos[k]), s.elems[k].phys + (hi - s.elem_pos[k]));
        }
      }
    }
    return out;
  }

  IntervalSet BytesPhys(const HandleState& s, bool skip_bounced = false) const {
    IntervalSet out;
    for (const MappedElement& m : s.elems) {
      if (!(skip_bounced && m.bounce != kNoBounce)) out.Add(m.phys, m.phys + m.len);
    }
    return out;
  }

  // Rule 9 (contract_calls.cc).
  void UseHandle(int op, int h);
  // contract_oracle.cc
  void OnMap(const OpEvent& e);
  void OnCpuAccess(const OpEvent& e);
  // contract_calls.cc
  void OnDeviceAccess(const OpEvent& e);
  void OnSync(const OpEvent& e);
  void OnUnmap(const OpEvent& e);
  void OnUnbind(const OpEvent& e);

  static bool SameElements(const HandleState& a, const HandleState& b) {
    if (a.elems.size() != b.elems.size()) return false;
    for (size_t k = 0; k < a.elems.size(); ++k) {
      if (a.elems[k].buf != b.elems[k].buf || a.elems[k].off != b.elems[k].off ||
          a.elems[k].len != b.elems[k].len) {
        return false;
      }
    }
    return true;
  }

  // The granules [*lo, *hi] holding bytes of both elements when they are different
  // regions; false when they are the same region or share no granule. Elements are
  // contiguous, so every granule in both granule spans holds bytes of both.
  bool SharedGranules(const MappedElement& a, const MappedElement& b, uint64_t* lo,
                      uint64_t* hi) const {
    if (a.len == 0 || b.len == 0) return false;
    if (a.phys == b.phys && a.len == b.len) return false;  // same region: rule 11
    // A bounced element is DMA'd in its own swiotlb slot: its buffer's lines are never
    // under device ownership, so it shares nothing (kmalloc bouncing exists for this, C1).
    if (a.bounce != kNoBounce || b.bounce != kNoBounce) return false;
    *lo = std::max(FirstGranule(a.phys), FirstGranule(b.phys));
    *hi = std::min(LastGranule(a.phys, a.len), LastGranule(b.phys, b.len));
    return *lo <= *hi;
  }
  uint64_t FirstSharedGranule(const MappedElement& a, const MappedElement& b) const {
    uint64_t lo = 0, hi = 0;
    return SharedGranules(a, b, &lo, &hi) ? lo : kNone;
  }

  const Trace* trace_ = nullptr;
  uint64_t align_ = 64;
  int shift_ = 6;  // log2(align_)
  std::vector<HandleState> h_;
  absl::btree_set<int> live_;  // live handles, ascending: the order findings name them in
  std::vector<LiveBox> boxes_;  // the same mappings, packed (dead ones not yet dropped)
  std::vector<SharedSpan> spans_;  // scratch for OnMap
  size_t dead_boxes_ = 0;
  std::vector<OracleFinding> findings_;
  uint64_t not_listed_ = 0;
};

}  // namespace props::naive_contract
}  // namespace dmasim

#endif  // DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_STATE_H_
