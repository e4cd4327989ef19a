// Internal to model/contract: the contract oracle's class, shared by its two .cc files
// (contract_oracle.cc: sharing, ownership and CPU accesses; contract_calls.cc: the
// checks on device accesses, syncs, unmaps and unbinds). Not for use elsewhere: the
// public API is MakeContractOracle() in contract_oracle.h.
#ifndef DMASIM_MODEL_CONTRACT_INTERNAL_ORACLE_H_
#define DMASIM_MODEL_CONTRACT_INTERNAL_ORACLE_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/base/check.h"
#include "model/contract/internal/interval_set.h"
#include "model/contract/rules.h"
#include "model/replay/observer.h"

namespace dmasim {
namespace contract_internal {

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

// The contract oracle: checks each op against the documented rules (rules.h).
class ContractOracle : public Oracle {
 public:
  void Begin(const ReplayEnv& env) override {
    trace_ = env.trace;
    align_ = env.platform.dma_align;
    DMASIM_CHECK(align_ >= 1);
    h_.assign(trace_->handles.size(), HandleState{});
    live_.clear();
    findings_.clear();
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

  void Emit(int op, absl::string_view id, std::vector<int> handles, uint64_t line,
            std::string detail) {
    const ContractRule& r = FindContractRule(id);
    OracleFinding f;
    f.op = op;
    f.kind = std::string(r.id);
    f.message = absl::StrCat(r.text, ": ", detail);
    f.sharing = r.sharing;
    f.handles = std::move(handles);
    f.line = line;
    findings_.push_back(std::move(f));
  }

  uint64_t FirstGranule(uint64_t phys) const { return phys / align_; }
  uint64_t LastGranule(uint64_t phys, uint64_t len) const { return (phys + len - 1) / align_; }

  // Whether some granule holds bytes of `s` and of [lo, hi): false means no rule about
  // bytes or granules can involve `s` and that range.
  bool NearGranules(const HandleState& s, uint64_t lo, uint64_t hi) const {
    if (s.lo >= s.hi || lo >= hi) return false;
    return FirstGranule(s.lo) <= LastGranule(lo, hi - lo) &&
           FirstGranule(lo) <= LastGranule(s.lo, s.hi - s.lo);
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

  // The first granule holding bytes of both elements when they are different regions;
  // kNone when they are the same region or share no granule. Elements are contiguous, so
  // every granule in both granule spans holds bytes of both.
  uint64_t FirstSharedGranule(const MappedElement& a, const MappedElement& b) const {
    if (a.len == 0 || b.len == 0) return kNone;
    if (a.phys == b.phys && a.len == b.len) return kNone;  // same region: rule 11
    // A bounced element is DMA'd in its own swiotlb slot: its buffer's lines are never
    // under device ownership, so it shares nothing (kmalloc bouncing exists for this, C1).
    if (a.bounce != kNoBounce || b.bounce != kNoBounce) return kNone;
    const uint64_t lo = std::max(FirstGranule(a.phys), FirstGranule(b.phys));
    const uint64_t hi = std::min(LastGranule(a.phys, a.len), LastGranule(b.phys, b.len));
    return lo <= hi ? lo : kNone;
  }

  const Trace* trace_ = nullptr;
  uint64_t align_ = 64;
  std::vector<HandleState> h_;
  absl::btree_set<int> live_;  // live handles, ascending: the order findings name them in
  std::vector<OracleFinding> findings_;
};

}  // namespace contract_internal
}  // namespace dmasim

#endif  // DMASIM_MODEL_CONTRACT_INTERNAL_ORACLE_H_
