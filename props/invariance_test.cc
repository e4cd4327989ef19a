// The model's laws, part 2 (issue 11, "Model laws"): verdicts do not depend on the order of
// ops among independent buffers, on the names of devices, buffers, handles and sg lists, or
// on where the whole layout sits in memory (shifted by whole pages). "Verdicts" is every
// report of every checker and every finding of the contract and the hazard oracle (on the
// trace's arch), with op, kind, mappings and line; messages are left out (they print
// names and addresses).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "model/base/prng.h"
#include "model/replay/dma_layer.h"
#include "model/trace/remove_ops.h"
#include "model/trace/trace_validate.h"
#include "props/support/arbitrary.h"
#include "props/support/known_bugs.h"
#include "props/support/normalized.h"
#include "rapidcheck/gtest.h"

namespace dmasim::props {
namespace {

// ---- names ----

// Every name replaced by a fresh one whose order has nothing to do with the old one's.
Trace Renamed(const Trace& t, uint64_t salt) {
  Rng r(salt);
  auto fresh = [&r](absl::string_view prefix, size_t i) {
    return absl::StrFormat("%s%08x_%u", prefix, static_cast<uint32_t>(r.Next()), i);
  };
  Trace out = t;
  for (size_t i = 0; i < out.devices.size(); ++i) out.devices[i].name = fresh("dev", i);
  for (size_t i = 0; i < out.bufs.size(); ++i) out.bufs[i].name = fresh("buf", i);
  for (size_t i = 0; i < out.handles.size(); ++i) out.handles[i].name = fresh("h", i);
  std::map<std::string, std::string> lists;
  for (Op& op : out.ops) {
    if (op.sg_list.empty()) continue;
    auto [it, added] = lists.try_emplace(op.sg_list, "");
    if (added) it->second = fresh("sgl", lists.size());
    op.sg_list = it->second;
  }
  return out;
}

RC_GTEST_PROP(Laws, VerdictsDoNotDependOnNames, ()) {
  const Trace t = *GenMixedTrace();
  const Trace r = Renamed(t, *rc::gen::arbitrary<uint64_t>());
  RC_ASSERT(ValidateTrace(r).ok());
  RC_ASSERT(Normalize(ReplayAll(t), Identity()) == Normalize(ReplayAll(r), Identity()));
}

// ---- a page shift ----

// Lines as offsets: buffer lines from `shift` below, swiotlb slot lines from the pool base.
Translation Shifted(const Trace& t, uint64_t shift) {
  Translation tr = Identity();
  const uint64_t base = DmaLayer(t).swiotlb_base();
  tr.line = [base, shift](uint64_t l) {
    return l >= base ? absl::StrFormat("slot+0x%x", l - base) : absl::StrFormat("0x%x", l - shift);
  };
  return tr;
}

// Narrowed from "a page" to whole dma-debug hash buckets (found by this property): a
// bucket holds 8 KiB of DMA address (reference dma-debug.md §1.1), and a best-fit lookup
// that finds two candidates in one bucket and no perfect fit finds nothing (§5.1). Shifted
// by one 4 KiB page, two entries move into one bucket or out of it, and a sync that found
// its entry reports "sync DMA memory it has not allocated" (an sg sync of a 7922-byte
// element and a zero-length one, or a sync of a failed mapping, whose DMA_MAPPING_ERROR
// address wraps around and "contains" any entry of its bucket walk). The kernel behaves
// the same, so the law holds for shifts by whole buckets: max(page, 8 KiB) multiples.
//
// Half of the cases have buffers of 8..80 KiB, whose mappings span buckets, so that the
// bucket walk of syncs and the best-fit lookups see entries across bucket boundaries.
RC_GTEST_PROP(Laws, VerdictsDoNotDependOnWhereTheLayoutSits, ()) {
  GenOptions big;
  big.big_buffers = true;
  const Trace t =
      *rc::gen::weightedOneOf<Trace>({{1, GenMixedTrace()}, {1, GenAnyTrace(big)}});
  const uint64_t stride = std::max<uint64_t>(t.platform.page, 8192);
  const uint64_t shift = stride * *rc::gen::inRange<uint64_t>(1, 4);
  Trace s = t;
  for (BufDecl& b : s.bufs) b.at += shift;
  RC_ASSERT(ValidateTrace(s).ok());
  RC_ASSERT(Normalize(ReplayAll(t), Shifted(t, 0)) == Normalize(ReplayAll(s), Shifted(s, shift)));
}

// ---- op order among independent buffers ----

// Two traces merged into one: A's and B's devices and buffers side by side (B's names
// prefixed; B's buffers moved to A's addresses plus 2^k, 1 MiB <= 2^k <= 1 GiB, so that the
// two agree in their low k bits and anything that keys memory by truncated addresses
// mixes them up), their ops interleaved as `pattern` says (true: next op of B), then a
// marker op (a zero-length read of a buffer of its own) so that end-of-trace findings of
// both interleavings carry the same op. `origin` tells, per merged op and handle, where it
// came from.
struct Merged {
  Trace trace;
  std::vector<std::string> op_origin;      // "A3", "B0", "end"
  std::vector<std::string> handle_origin;  // "A1", ...
};

uint64_t Lowest(const Trace& t) {
  uint64_t lo = ~uint64_t{0};
  for (const BufDecl& b : t.bufs) lo = std::min(lo, b.at);
  return lo;
}

Merged Merge(const Trace& a, const Trace& b, const std::vector<bool>& pattern, int k) {
  const uint64_t b_offset = Lowest(a) + (uint64_t{1} << k) - Lowest(b);  // mod 2^64
  Merged m;
  Trace& t = m.trace;
  t.platform = a.platform;
  t.dma_align_given = a.dma_align_given;
  t.devices = a.devices;
  t.bufs = a.bufs;
  for (DeviceDecl d : b.devices) {
    d.name = "B_" + d.name;
    t.devices.push_back(d);
  }
  for (BufDecl x : b.bufs) {
    x.name = "B_" + x.name;
    x.at += b_offset;
    t.bufs.push_back(x);
  }
  const int bdev = static_cast<int>(a.devices.size()), bbuf = static_cast<int>(a.bufs.size());
  std::vector<int> new_handle[2] = {std::vector<int>(a.handles.size(), -1),
                                    std::vector<int>(b.handles.size(), -1)};
  size_t next[2] = {0, 0};
  const Trace* src[2] = {&a, &b};
  for (size_t k = 0; next[0] < a.ops.size() || next[1] < b.ops.size(); ++k) {
    int w = k < pattern.size() && pattern[k] ? 1 : 0;
    if (next[w] == src[w]->ops.size()) w = 1 - w;
    const int i = static_cast<int>(next[w]++);
    Op op = src[w]->ops[i];
    if (w == 1) {
      if (op.device >= 0) op.device += bdev;
      if (op.buf >= 0) op.buf += bbuf;
      for (Element& e : op.elems) e.buf += bbuf;
      if (!op.sg_list.empty()) op.sg_list = "B_" + op.sg_list;
    }
    if (op.kind == OpKind::kMap || op.kind == OpKind::kMapSg) {
      HandleDecl h = src[w]->handles[op.handle];
      if (w == 1) h.name = "B_" + h.name;
      h.def_op = static_cast<int>(t.ops.size());
      new_handle[w][op.handle] = static_cast<int>(t.handles.size());
      m.handle_origin.push_back(absl::StrCat(w ? "B" : "A", op.handle));
      t.handles.push_back(h);
    }
    if (op.handle >= 0) op.handle = new_handle[w][op.handle];
    t.ops.push_back(std::move(op));
    m.op_origin.push_back(absl::StrCat(w ? "B" : "A", i));
  }
  BufDecl marker{"end_marker", uint64_t{1} << 40, 1, BufKind::kPage};
  t.bufs.push_back(marker);
  Op end;
  end.kind = OpKind::kCpuRead;
  end.buf = static_cast<int>(t.bufs.size()) - 1;
  t.ops.push_back(end);
  m.op_origin.push_back("end");
  m.op_origin.push_back("end");  // ops.size(): the hazard oracle's end of trace
  return m;
}

Trace WithoutDeviceAccessAfterUnmap(const Trace& t) {
  std::vector<bool> unmapped(t.handles.size(), false);
  std::vector<int> gone;
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    const Op& op = t.ops[i];
    const bool access = op.kind == OpKind::kDevRead || op.kind == OpKind::kDevWrite;
    if (access && unmapped[op.handle]) gone.push_back(i);
    if (op.kind == OpKind::kUnmap || op.kind == OpKind::kUnmapSg) unmapped[op.handle] = true;
  }
  return gone.empty() ? t : RemoveOps(t, gone);
}

Translation Origins(const Merged& m) {
  Translation tr = Identity();
  tr.op = [&m](int op) { return m.op_origin[op]; };
  tr.handle = [&m](int h) { return m.handle_origin[h]; };
  tr.line = SlotsAsOne(m.trace, tr.line);  // slot addresses follow allocation order
  return tr;
}

// Narrowed (found by this property): dma-debug's active line keeps a pointer to its first
// entry's storage, never re-pointed (reference dma-debug.md §2.5); after that mapping is
// unmapped the pool hands the storage (LIFO) to the next mapping, of any buffer. So the
// second mapping an EEXIST names, and linux-7.0's "both clean" test on it, follow other
// buffers' ops: the property drops EEXIST's second mapping and generates no clean
// attributes (require_coherent counts as clean too). The stale owner itself is tested by
// the era model tests. Likewise the swiotlb pool is one for all devices: which mapping
// gets a slot line after another freed it follows other buffers' bouncing, so findings on
// slot lines are compared without the mappings they name, and device accesses through a
// handle after its unmap (a use after free: with swiotlb they reach whatever mapping of any
// buffer took the slot) are left out of the generated traces.
RC_GTEST_PROP(Laws, VerdictsDoNotDependOnOpOrderAmongIndependentBuffers, ()) {
  GenOptions o;
  o.max_ops = 12;
  o.allow_clean = false;
  o.allow_require_coherent = false;
  // Known bug "hazard-sync-after-unmap-copies-freed-slot" (known_bugs.h).
  const Trace a = WithoutDeviceAccessAfterUnmap(WithoutSyncsAfterUnmap(*GenAnyTrace(o)));
  const Trace b = WithoutDeviceAccessAfterUnmap(WithoutSyncsAfterUnmap(*GenAnyTrace(o)));
  const std::vector<bool> p1 = *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>());
  const std::vector<bool> p2 = *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>());
  const int k = *rc::gen::inRange(20, 31);
  const Merged m1 = Merge(a, b, p1, k), m2 = Merge(a, b, p2, k);
  RC_ASSERT(ValidateTrace(m1.trace).ok());
  RC_ASSERT(ValidateTrace(m2.trace).ok());
  NormalizeOptions n;
  // Not per buffer by design: which error prints depends on the order of all errors
  // (err_printk's num_errors), and "exceeded 7 overlapping mappings" is WARN_ONCE, once
  // per boot for all lines together.
  n.printed = false;
  n.drop_kinds = {"overlap-overflow"};
  n.eexist_first_handle_only = true;
  const uint64_t pool = DmaLayer(m1.trace).swiotlb_base();
  n.anonymous_line = [pool](uint64_t line) { return line >= pool; };
  RC_ASSERT(Normalize(ReplayAll(m1.trace), Origins(m1), n) ==
            Normalize(ReplayAll(m2.trace), Origins(m2), n));
}

}  // namespace
}  // namespace dmasim::props
