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
#include "model/contract/internal/shared_runs.h"
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
    class_.assign(trace_->handles.size(), 0);
    budget_ = options_.num_errors;
    reports_.clear();
    not_listed_ = 0;
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
  uint64_t reports_not_listed() const override { return not_listed_; }

 private:
  uint64_t align() const { return index_->align(); }

  // err_printk accounting: always counted, printed while the budget lasts. At most
  // kMaxListed reports are kept; the rest are counted.
  void Report(int op, const char* kind, std::vector<int> handles, uint64_t line,
              std::string message, uint64_t lines = 1, uint64_t more_handles = 0) {
    const bool printed = options_.all_errors || budget_ > 0;
    if (!options_.all_errors && budget_ > 0) --budget_;
    if (reports_.size() >= kMaxListed) {
      ++not_listed_;
      return;
    }
    CheckerReport r;
    r.op = op;
    r.kind = kind;
    r.message = std::move(message);
    r.counted = true;
    r.printed = printed;
    r.overlap = true;
    r.handles = std::move(handles);
    r.line = line;
    r.lines = lines;
    r.more_handles = more_handles;
    reports_.push_back(std::move(r));
  }

  // Reports one run of granules shared with (or written next to) `run.partners`: it names
  // `first` (if >= 0) and the oldest kMaxNamedPartners partners, and counts the rest.
  // `text(list, where)` words the message from the partners' descriptions and the place.
  template <typename Text>
  void ReportRun(int op, const char* kind, int first, const SharedRun& run, Text text) {
    std::vector<int> handles;
    if (first >= 0) handles.push_back(first);
    const size_t named = std::min(run.partners.size(), kMaxNamedPartners);
    std::string list;
    for (size_t k = 0; k < named; ++k) {
      handles.push_back(run.partners[k]);
      absl::StrAppend(&list, k ? ", " : "", Describe(run.partners[k]));
    }
    if (run.partners.size() > named) {
      absl::StrAppend(&list, " and ", run.partners.size() - named, " more");
    }
    std::string where = run.granules == 1
                            ? absl::StrFormat("cacheline 0x%x", run.first * align())
                            : absl::StrFormat("%u cachelines from 0x%x", run.granules,
                                              run.first * align());
    if (run.runs > 1) {
      absl::StrAppendFormat(&where, " (%u runs in one report: at most %u per op)", run.runs,
                            kMaxSharingFindingsPerOp);
    }
    const bool coherent = (first < 0 || Coherent(first)) &&
                          std::all_of(run.partners.begin(), run.partners.end(),
                                      [&](int h) { return Coherent(h); });
    Report(op, kind, std::move(handles), run.first * align(),
           absl::StrCat(text(list, where), coherent ? kCoherentNote : ""), run.granules,
           run.partners.size() - named);
  }

  std::string Describe(int h) const {
    const MapInfo& m = maps_[h];
    return absl::StrFormat("[device address=0x%016x] [phys=0x%x] [size=%u bytes] [%s]",
                           m.dma_addr, m.elems.empty() ? 0 : m.elems[0].phys, m.size,
                           KernelDirectionName(m.dir));
  }

  // The note for a sharing that is harmless here (but not on non-coherent systems).
  static constexpr char kCoherentNote[] =
      " (all devices DMA-coherent here; corrupts data on non-coherent systems)";
  bool Coherent(int h) const {
    return DeviceIsCoherent(platform_, trace_->devices[maps_[h].device]);
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
    class_[n] = SharingClass(s.dir, s.attrs);

    const bool self_exempt = SharingExempt(s.dir, s.attrs, s.dir, s.attrs);
    constexpr uint64_t kNone = ~uint64_t{0};
    uint64_t within = kNone;          // first granule shared by two elements of n
    std::vector<SharedSpan>& spans = spans_;  // granules shared with other live mappings
    spans.clear();
    // A mapping of one element in one granule shares only that granule: its partners are
    // collected directly, as grouping would give them (one run, ascending, once each).
    const bool one_granule = s.elems.size() == 1 && s.elems[0].len > 0 &&
                             s.elems[0].bounce == kNoBounce &&
                             s.elems[0].phys / align() == (s.elems[0].phys + s.elems[0].len - 1) / align();
    std::vector<int> partners;  // one_granule only
    if (one_granule) partners.reserve(64);
    for (int k = 0; k < static_cast<int>(s.elems.size()); ++k) {
      const MappedElement& me = s.elems[k];
      // A bounced element is DMA'd in a swiotlb slot: it shares no line (as in the contract).
      if (me.len == 0 || me.bounce != kNoBounce) continue;
      const GranuleEntry entry{n, k, me.phys, me.len};
      index_->ForEachRun(
          index_->FirstGranule(entry), index_->LastGranule(entry),
          [&](uint64_t first, uint64_t last, const std::vector<GranuleEntry>& entries) {
            int added = -1;  // entries come sorted by handle: add each partner once per run
            for (const GranuleEntry& f : entries) {
              if (f.phys == me.phys && f.len == me.len) continue;  // same region (rule 11)
              if (f.handle == n) {
                if (!self_exempt) within = std::min(within, first);
                continue;
              }
              if (f.handle == added || (class_[n] & class_[f.handle]) != 0) continue;  // exempt
              if (one_granule) {
                partners.push_back(f.handle);
              } else {
                spans.push_back({first, last, f.handle});
              }
              added = f.handle;
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
                             Describe(n), s.elems.size(), within * align(),
                             Coherent(n) ? kCoherentNote : ""));
    }
    std::vector<SharedRun> runs;
    if (one_granule && !partners.empty()) {
      runs.push_back(SharedRun{s.elems[0].phys / align(), 1, 1, std::move(partners)});
    } else if (!one_granule) {
      runs = GroupSharedRuns(spans, kMaxSharingFindingsPerOp);
    }
    for (const SharedRun& r : runs) {
      ReportRun(e.index, "overlap", n, r, [&](const std::string& list, const std::string& where) {
        return absl::StrCat("cacheline tracking: mapping ", Describe(n), " overlaps live ",
                            r.partners.size() == 1 ? "mapping " : "mappings ", list, " in ",
                            where);
      });
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
    std::vector<SharedSpan> spans;  // (granule, mapping) pairs the write is next to
    index_->ForEachRun(
        w0 / a, (w1 - 1) / a,
        [&](uint64_t first, uint64_t last, const std::vector<GranuleEntry>& entries) {
          // Entries come sorted by handle: take each mapping's entries of the run at once.
          for (size_t i = 0, j = 0; i < entries.size(); i = j) {
            const int h = entries[i].handle;
            for (j = i; j < entries.size() && entries[j].handle == h; ++j) {}
            const MapInfo& m = maps_[h];
            if (m.dir == Direction::kToDevice || m.owned.Empty()) continue;
            std::vector<uint64_t> edges;
            for (size_t k = i; k < j; ++k) {
              for (uint64_t g : {index_->FirstGranule(entries[k]), index_->LastGranule(entries[k])}) {
                if (g >= first && g <= last) edges.push_back(g);
              }
            }
            std::sort(edges.begin(), edges.end());
            edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
            for (uint64_t g : edges) {
              if (WritesNextTo(h, g, w0, w1, &entries[i], j - i)) spans.push_back({g, g, h});
            }
          }
        });
    for (const SharedRun& r : GroupSharedRuns(spans, kMaxSharingFindingsPerOp)) {
      ReportRun(e.index, "cpu-write-shared-line", -1, r,
                [&](const std::string& list, const std::string& where) {
                  return absl::StrFormat(
                      "cacheline tracking: cpu write [addr=0x%x] [len=%u] into %s of "
                      "device-owned mapping%s %s",
                      w0, op.len, where, r.partners.size() == 1 ? "" : "s", list);
                });
    }
  }

  // Whether the write [w0, w1) puts bytes outside mapping h into granule g while h's
  // device owns bytes of g. `mine` are h's `count` elements covering g.
  bool WritesNextTo(int h, uint64_t g, uint64_t w0, uint64_t w1, const GranuleEntry* mine,
                    size_t count) const {
    const uint64_t a = align();
    const uint64_t gs = g * a;
    const uint64_t ge = gs > ~uint64_t{0} - a ? ~uint64_t{0} : gs + a;
    if (!maps_[h].owned.Intersects(gs, ge)) return false;
    const uint64_t ws = std::max(w0, gs), we = std::min(w1, ge);
    // Is [ws, we) covered by h's elements? Sweep their clipped ranges in address order.
    std::vector<std::pair<uint64_t, uint64_t>> cover;
    for (size_t k = 0; k < count; ++k) {
      const GranuleEntry& f = mine[k];
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
  std::vector<uint8_t> class_;  // SharingClass of each mapping (rules.h), by handle
  std::vector<SharedSpan> spans_;  // scratch for OnMap: no allocation per op
  std::vector<CheckerReport> reports_;
  uint64_t not_listed_ = 0;
};

}  // namespace

std::unique_ptr<Checker> MakeExactChecker(const CheckerOptions& options) {
  return std::make_unique<ExactChecker>(options);
}

}  // namespace dmasim
