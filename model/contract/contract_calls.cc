// The contract oracle, continued: rules checked at device accesses, syncs, unmaps and
// unbinds (ownership window, parameters, unchecked mapping errors, leaks). See
// contract_oracle.h and docs/oracles.md.

#include "model/contract/internal/oracle.h"

namespace dmasim {
namespace contract_internal {

// Rule 9: a single mapping used (device access, sync, unmap) before dma_mapping_error().
void ContractOracle::UseHandle(int op, int h) {
  HandleState& s = h_[h];
  if (s.sg || s.checked || s.unchecked_reported) return;
  s.unchecked_reported = true;
  Emit(op, rule::kMappingErrorUnchecked, {h}, kNoLine,
       absl::StrCat(Name(h), " used by ", OpKindName(trace_->ops[op].kind),
                    s.failed ? " (the mapping failed)" : ""));
}

// ---- device access ----
void ContractOracle::OnDeviceAccess(const OpEvent& e) {
  const Op& op = *e.op;
  const int h = op.handle;
  UseHandle(e.index, h);
  const HandleState& s = h_[h];
  const bool write = op.kind == OpKind::kDevWrite;
  if (!s.live) {
    Emit(e.index, rule::kDeviceAccessNotMapped, {h}, kNoLine,
         absl::StrCat(Name(h), s.failed ? " failed to map" : " is unmapped"));
    return;
  }
  if (op.len == 0) return;
  const uint64_t end = op.off + op.len;  // the parser guarantees no wrap
  if (end > s.size) {
    Emit(e.index, rule::kDeviceAccessOutside, {h}, kNoLine,
         absl::StrFormat("%s [%u, +%u) on a mapping of %u bytes", Name(h), op.off, op.len,
                         s.size));
  }
  const uint64_t in_end = std::min(end, s.size);
  if (op.off < in_end && !s.owned.Contains(op.off, in_end)) {
    Emit(e.index, rule::kDeviceAccessCpuOwned, {h}, kNoLine,
         absl::StrFormat("%s [%u, +%u)", Name(h), op.off, in_end - op.off));
  }
  if (write && s.dir == Direction::kToDevice) {
    Emit(e.index, rule::kDeviceWriteDirection, {h}, kNoLine, Name(h));
  }
}

// ---- sync ----
void ContractOracle::OnSync(const OpEvent& e) {
  const Op& op = *e.op;
  const int h = op.handle;
  UseHandle(e.index, h);
  HandleState& s = h_[h];
  if (!s.live) {
    Emit(e.index, rule::kSyncNotMapped, {h}, kNoLine,
         absl::StrCat(Name(h), s.failed ? " failed to map" : " is unmapped"));
    return;
  }
  uint64_t off = 0, len = s.size;
  if (op.has_range) {
    off = op.off;
    len = op.len;
    if (off + len > s.size) {
      Emit(e.index, rule::kSyncOutside, {h}, kNoLine,
           absl::StrFormat("%s [%u, +%u) on a mapping of %u bytes", Name(h), off, len,
                           s.size));
    }
  }
  if (op.override_dir && *op.override_dir != s.dir) {
    Emit(e.index, rule::kSyncDirection, {h}, kNoLine,
         absl::StrCat(Name(h), " mapped ", DirectionName(s.dir), ", synced ",
                      DirectionName(*op.override_dir)));
  }
  if (op.nents && *op.nents != s.elems.size()) {
    Emit(e.index, rule::kSyncNents, {h}, kNoLine,
         absl::StrCat(Name(h), " mapped with ", s.elems.size(), ", synced with ", *op.nents));
  }
  // Ownership moves for the synced bytes that exist (rule 5, partial syncs per rule 7).
  const uint64_t lo = std::min(off, s.size);
  const uint64_t hi = std::min(off + len, s.size);
  if (op.kind == OpKind::kSyncForCpu) {
    s.owned.Remove(lo, hi);
  } else {
    s.owned.Add(lo, hi);
  }
}

// ---- unmap ----
void ContractOracle::OnUnmap(const OpEvent& e) {
  const Op& op = *e.op;
  const int h = op.handle;
  UseHandle(e.index, h);
  HandleState& s = h_[h];
  DMASIM_CHECK(s.live == e.ends_mapping);
  if (!s.live) {
    Emit(e.index, rule::kUnmapNotMapped, {h}, kNoLine,
         absl::StrCat(Name(h), s.failed ? " failed to map" : " is already unmapped"));
    return;
  }
  const bool sg_call = op.kind == OpKind::kUnmapSg;
  if (sg_call != s.sg) {
    Emit(e.index, rule::kUnmapWrongFunction, {h}, kNoLine,
         absl::StrCat(Name(h), " mapped with ", s.sg ? "map_sg" : "map", ", unmapped with ",
                      OpKindName(op.kind)));
  }
  // Size and nents are compared only when the right function was used; with the wrong
  // one they describe another call shape (the wrong-function finding says it all).
  if (!sg_call && !s.sg && op.size && *op.size != s.size) {
    Emit(e.index, rule::kUnmapSize, {h}, kNoLine,
         absl::StrCat(Name(h), " mapped ", s.size, " bytes, unmapped ", *op.size));
  }
  if (sg_call && s.sg && op.nents && *op.nents != s.elems.size()) {
    Emit(e.index, rule::kUnmapNents, {h}, kNoLine,
         absl::StrCat(Name(h), " mapped with ", s.elems.size(), ", unmapped with ",
                      *op.nents));
  }
  if (op.override_dir && *op.override_dir != s.dir) {
    Emit(e.index, rule::kUnmapDirection, {h}, kNoLine,
         absl::StrCat(Name(h), " mapped ", DirectionName(s.dir), ", unmapped ",
                      DirectionName(*op.override_dir)));
  }
  s.live = false;
  s.owned.Clear();
  Unindex(h);
}

// ---- unbind ----
void ContractOracle::OnUnbind(const OpEvent& e) {
  // The device's live mappings not reported yet, ascending; each is reported once.
  absl::btree_set<int>& pending = unbind_pending_[e.op->device];
  for (int h : pending) {
    h_[h].leak_reported = true;
    Emit(e.index, rule::kLeakAtUnbind, {h}, kNoLine, absl::StrCat(Name(h), " ", Describe(h)));
  }
  pending.clear();
}

}  // namespace contract_internal
}  // namespace dmasim
