// The `exact` checker (see exact_checker.h). Every decision here must match the contract
// oracle's sharing rules; exact_checker_test.cc checks that on random traces.

#include "model/contract/exact_checker.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/strings/str_format.h"
#include "model/base/check.h"
#include "model/contract/internal/granule_index.h"
#include "model/contract/internal/interval_set.h"
#include "model/contract/rules.h"
#include "model/trace/platform.h"

namespace dmasim {
namespace {

struct MapInfo {
  bool live = false;
  bool sg = false;
  int device = -1;
  Direction dir = Direction::kBidirectional;
  uint32_t attrs = 0;
  uint64_t dma_addr = kDmaMappingError;
  uint64_t size = 0;
  std::vector<MappedElement> elems;
  IntervalSet owned;  // physical bytes the device owns
};

class ExactChecker : public Checker {
 public:
  explicit ExactChecker(const CheckerOptions& options) : options_(options) {}

  void Begin(const ReplayEnv& env) override {
    trace_ = env.trace;
    platform_ = env.platform;
    index_ = std::make_unique<GranuleIndex>(env.platform.dma_align);
    maps_.assign(trace_->handles.size(), MapInfo{});
    budget_ = options_.num_errors;
    reports_.clear();
  }

  void OnOp(const OpEvent& e) override {
    switch (e.op->kind) {
      case OpKind::kMap:
      case OpKind::kMapSg: OnMap(e); break;
      case OpKind::kSyncForCpu:
      case OpKind::kSyncForDevice: OnSync(e); break;
      case OpKind::kUnmap:
      case OpKind::kUnmapSg:
        if (e.ends_mapping) OnUnmap(e.op->handle);
        break;
      case OpKind::kCpuWrite: OnCpuWrite(e); break;
      default: break;  // reads, device accesses, mapping_error, unbind: no sharing change
    }
  }

  const std::vector<CheckerReport>& reports() const override { return reports_; }

 private:
  uint64_t align() const { return index_->align(); }

  // err_printk accounting: always counted, printed while the budget lasts.
  void Report(int op, const char* kind, std::vector<int> handles, uint64_t line,
              std::string message) {
    CheckerReport r;
    r.op = op;
    r.kind = kind;
    r.message = std::move(message);
    r.counted = true;
    r.printed = options_.all_errors || budget_ > 0;
    if (!options_.all_errors && budget_ > 0) --budget_;
    r.overlap = true;
    r.handles = std::move(handles);
    r.line = line;
    reports_.push_back(std::move(r));
  }

  std::string Describe(int h) const {
    const MapInfo& m = maps_[h];
    return absl::StrFormat("[device address=0x%016x] [phys=0x%x] [size=%u bytes] [%s]",
                           m.dma_addr, m.elems.empty() ? 0 : m.elems[0].phys, m.size,
                           KernelDirectionName(m.dir));
  }

  // "" or a note that the sharing is harmless here (but not on non-coherent systems).
  std::string CoherenceNote(std::initializer_list<int> handles) const {
    for (int h : handles) {
      if (!DeviceIsCoherent(platform_, trace_->devices[maps_[h].device])) return "";
    }
    return " (all devices DMA-coherent here; corrupts data on non-coherent systems)";
  }

  void OnMap(const OpEvent& e) {
    const Mapping& m = *e.mapping;
    const int n = m.handle;
    MapInfo& s = maps_[n];
    s.sg = m.sg;
    s.device = m.device;
    s.dir = m.dir;
    s.attrs = m.attrs;
    s.dma_addr = m.dma_addr();
    s.size = m.size();
    s.elems = m.elems;
    if (m.failed) return;
    s.live = true;

    const bool self_exempt = SharingExempt(s.dir, s.attrs, s.dir, s.attrs);
    constexpr uint64_t kNone = ~uint64_t{0};
    uint64_t within = kNone;                  // first granule shared by two elements of n
    absl::btree_map<int, uint64_t> others;    // other handle -> first shared granule
    for (int k = 0; k < static_cast<int>(s.elems.size()); ++k) {
      const MappedElement& me = s.elems[k];
      // A bounced element is DMA'd in a swiotlb slot: it shares no line (as in the contract).
      if (me.len == 0 || me.bounce != kNoBounce) continue;
      const GranuleEntry entry{n, k, me.phys, me.len};
      index_->ForEachRun(
          index_->FirstGranule(entry), index_->LastGranule(entry),
          [&](uint64_t first, uint64_t, const std::vector<GranuleEntry>& entries) {
            for (const GranuleEntry& f : entries) {
              if (f.phys == me.phys && f.len == me.len) continue;  // same region (rule 11)
              if (f.handle == n) {
                if (!self_exempt) within = std::min(within, first);
                continue;
              }
              const MapInfo& o = maps_[f.handle];
              if (SharingExempt(s.dir, s.attrs, o.dir, o.attrs)) continue;
              auto [it, inserted] = others.try_emplace(f.handle, first);
              if (!inserted) it->second = std::min(it->second, first);
            }
          });
      index_->Insert(entry);
    }
    s.owned.Clear();
    for (const MappedElement& me : s.elems) s.owned.Add(me.phys, me.phys + me.len);

    if (within != kNone) {
      Report(e.index, "overlap-within-sg", {n}, within * align(),
             absl::StrFormat("cacheline tracking: entries of sg mapping %s [nents=%d] share "
                             "cacheline 0x%x%s",
                             Describe(n), s.elems.size(), within * align(), CoherenceNote({n})));
    }
    for (const auto& [o, g] : others) {
      Report(e.index, "overlap", {n, o}, g * align(),
             absl::StrFormat("cacheline tracking: mapping %s overlaps live mapping %s in "
                             "cacheline 0x%x%s",
                             Describe(n), Describe(o), g * align(), CoherenceNote({n, o})));
    }
  }

  void OnUnmap(int h) {
    MapInfo& s = maps_[h];
    DMASIM_CHECK(s.live);
    for (int k = 0; k < static_cast<int>(s.elems.size()); ++k) {
      const MappedElement& me = s.elems[k];
      if (me.len > 0 && me.bounce == kNoBounce) index_->Remove(GranuleEntry{h, k, me.phys, me.len});
    }
    s.live = false;
    s.owned.Clear();
  }

  void OnSync(const OpEvent& e) {
    const Op& op = *e.op;
    MapInfo& s = maps_[op.handle];
    if (!s.live) return;
    const bool to_cpu = op.kind == OpKind::kSyncForCpu;
    if (!op.has_range) {
      if (to_cpu) {
        s.owned.Clear();
      } else {
        for (const MappedElement& me : s.elems) s.owned.Add(me.phys, me.phys + me.len);
      }
      return;
    }
    // dma_sync_single_range_*: a single mapping, one element; the part inside it moves.
    DMASIM_CHECK(s.elems.size() == 1);
    const MappedElement& me = s.elems[0];
    const uint64_t lo = std::min(op.off, me.len);
    const uint64_t hi = std::min(op.off + op.len, me.len);
    if (to_cpu) {
      s.owned.Remove(me.phys + lo, me.phys + hi);
    } else {
      s.owned.Add(me.phys + lo, me.phys + hi);
    }
  }

  // A CPU write can only dirty a granule *next to* mapping M (bytes outside M) if that
  // granule is not wholly inside one of M's elements: it is the first or last granule of
  // an element of M. So per run only the edge granules of its entries are candidates, and
  // M's bytes in that granule are exactly M's entries of the run.
  void OnCpuWrite(const OpEvent& e) {
    const Op& op = *e.op;
    if (op.len == 0) return;
    const uint64_t w0 = trace_->bufs[op.buf].at + op.off;
    const uint64_t w1 = w0 + op.len;
    const uint64_t a = align();
    absl::btree_map<int, uint64_t> hits;  // handle -> first qualifying granule
    index_->ForEachRun(
        w0 / a, (w1 - 1) / a,
        [&](uint64_t first, uint64_t last, const std::vector<GranuleEntry>& entries) {
          for (const GranuleEntry& f : entries) {
            const MapInfo& m = maps_[f.handle];
            if (m.dir == Direction::kToDevice || m.owned.Empty()) continue;
            for (uint64_t g : {index_->FirstGranule(f), index_->LastGranule(f)}) {
              if (g < first || g > last) continue;
              auto it = hits.find(f.handle);
              if (it != hits.end() && it->second <= g) continue;
              if (WritesNextTo(f.handle, g, w0, w1, entries)) hits[f.handle] = g;
            }
          }
        });
    for (const auto& [h, g] : hits) {
      Report(e.index, "cpu-write-shared-line", {h}, g * a,
             absl::StrFormat("cacheline tracking: cpu write [addr=0x%x] [len=%u] into "
                             "cacheline 0x%x of device-owned mapping %s%s",
                             w0, op.len, g * a, Describe(h), CoherenceNote({h})));
    }
  }

  // Whether the write [w0, w1) puts bytes outside mapping h into granule g while h's
  // device owns bytes of g. `entries` are the elements covering g.
  bool WritesNextTo(int h, uint64_t g, uint64_t w0, uint64_t w1,
                    const std::vector<GranuleEntry>& entries) const {
    const uint64_t a = align();
    const uint64_t gs = g * a;
    const uint64_t ge = gs > ~uint64_t{0} - a ? ~uint64_t{0} : gs + a;
    if (!maps_[h].owned.Intersects(gs, ge)) return false;
    const uint64_t ws = std::max(w0, gs), we = std::min(w1, ge);
    // Is [ws, we) covered by h's elements? Sweep their clipped ranges in address order.
    std::vector<std::pair<uint64_t, uint64_t>> cover;
    for (const GranuleEntry& f : entries) {
      if (f.handle != h) continue;
      const uint64_t lo = std::max(f.phys, ws), hi = std::min(f.phys + f.len, we);
      if (lo < hi) cover.emplace_back(lo, hi);
    }
    std::sort(cover.begin(), cover.end());
    uint64_t cursor = ws;
    for (const auto& [lo, hi] : cover) {
      if (lo > cursor) return true;
      cursor = std::max(cursor, hi);
    }
    return cursor < we;
  }

  CheckerOptions options_;
  uint32_t budget_ = 1;
  const Trace* trace_ = nullptr;
  PlatformDecl platform_;
  std::unique_ptr<GranuleIndex> index_;
  std::vector<MapInfo> maps_;
  std::vector<CheckerReport> reports_;
};

}  // namespace

std::unique_ptr<Checker> MakeExactChecker(const CheckerOptions& options) {
  return std::make_unique<ExactChecker>(options);
}

}  // namespace dmasim
