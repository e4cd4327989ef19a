// Collects ExplainData: one replay with an observer that records which lines each op
// touches (through the DMA layer's answer, so swiotlb slots and sg elements are where the
// kernel puts them), then the verdict Replay() for reports and findings, then the witness.
#include "model/explain/explain_data.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "model/replay/replayer.h"

namespace dmasim {
namespace {

// Past this many distinct lines the collector stops adding lines (explain is for traces
// a person reads; the hazard oracle's own bound is the same).
constexpr size_t kMaxExplainLines = size_t{1} << 16;
// Past this many touches or mapping bars the collector stops adding them (same reason).
constexpr size_t kMaxExplainMarks = size_t{1} << 18;

class TouchCollector final : public Observer {
 public:
  explicit TouchCollector(ExplainData* d) : d_(d) {}

  void Begin(const ReplayEnv& env) override {
    trace_ = env.trace;
    dma_ = env.dma;
    open_.assign(trace_->handles.size(), {});
  }

  void OnOp(const OpEvent& e) override;

  void End() override {
    for (std::vector<size_t>& bars : open_) bars.clear();
  }

  bool truncated() const { return truncated_; }

 private:
  // Calls f(line) for every line of [start, start + len), capped.
  template <class F>
  void Lines(uint64_t start, uint64_t len, F f) {
    if (len == 0) return;
    const uint64_t mask = ~uint64_t{d_->line - 1};
    const uint64_t last = len - 1 > ~uint64_t{0} - start ? ~uint64_t{0} : start + (len - 1);
    for (uint64_t l = start & mask;; l += d_->line) {
      if (!d_->lines.count(l) && d_->lines.size() >= kMaxExplainLines) {
        truncated_ = true;
        return;
      }
      d_->lines[l];
      f(l);
      if (l >= (last & mask)) break;
    }
  }
  void Touch(int op, uint64_t start, uint64_t len, TouchKind k, int handle, Direction dir) {
    Lines(start, len, [&](uint64_t l) {
      if (d_->touches.size() >= kMaxExplainMarks) {
        truncated_ = true;
        return;
      }
      if (!d_->touches.empty()) {
        const LineTouch& b = d_->touches.back();
        if (b.op == op && b.line == l && b.kind == k && b.handle == handle) return;
      }
      d_->touches.push_back({op, l, k, handle, dir});
    });
  }
  void MappingTouch(int op, const Mapping& m, TouchKind k, Direction dir) {
    for (const MappedElement& el : m.elems) {
      Touch(op, el.phys, el.len, k, m.handle, dir);
      if (el.bounce != kNoBounce) Touch(op, el.bounce, el.len, k, m.handle, dir);
    }
  }
  void OpenBars(int op, const Mapping& m) {
    for (const MappedElement& el : m.elems) {
      for (int slot = 0; slot < 2; ++slot) {
        if (slot == 1 && el.bounce == kNoBounce) break;
        Lines(slot == 1 ? el.bounce : el.phys, el.len, [&](uint64_t l) {
          if (d_->bars.size() >= kMaxExplainMarks) {
            truncated_ = true;
            return;
          }
          open_[m.handle].push_back(d_->bars.size());
          d_->bars.push_back({m.handle, l, op, d_->ops, m.dir, slot == 1});
        });
      }
    }
  }

  ExplainData* d_;
  const Trace* trace_ = nullptr;
  const DmaLayer* dma_ = nullptr;
  std::vector<std::vector<size_t>> open_;  // by handle: its bars still open
  bool truncated_ = false;
};

void TouchCollector::OnOp(const OpEvent& e) {
  const Op& op = *e.op;
  const int i = e.index;
  switch (op.kind) {
    case OpKind::kCpuWrite:
    case OpKind::kCpuRead: {
      const BufDecl& b = trace_->bufs[op.buf];
      Touch(i, b.at + op.off, op.len,
            op.kind == OpKind::kCpuWrite ? TouchKind::kCpuWrite : TouchKind::kCpuRead, -1,
            Direction::kBidirectional);
      return;
    }
    case OpKind::kUnbind:
    case OpKind::kMappingError:
      return;
    default:
      break;
  }
  if (e.mapping == nullptr || e.mapping->op < 0 || e.mapping->failed) return;
  const Mapping& m = *e.mapping;
  const Direction dir = op.override_dir.value_or(m.dir);
  switch (op.kind) {
    case OpKind::kMap:
    case OpKind::kMapSg:
      MappingTouch(i, m, TouchKind::kMap, dir);
      OpenBars(i, m);
      break;
    case OpKind::kDevWrite:
    case OpKind::kDevRead: {
      std::vector<PhysRange> ranges;
      dma_->DeviceRanges(m, op.off, op.len, &ranges);
      for (const PhysRange& r : ranges) {
        Touch(i, r.start, r.len,
              op.kind == OpKind::kDevWrite ? TouchKind::kDevWrite : TouchKind::kDevRead,
              m.handle, dir);
      }
      break;
    }
    case OpKind::kSyncForDevice:
    case OpKind::kSyncForCpu:
      MappingTouch(i, m,
                   op.kind == OpKind::kSyncForCpu ? TouchKind::kSyncForCpu
                                                  : TouchKind::kSyncForDevice,
                   dir);
      break;
    case OpKind::kUnmap:
    case OpKind::kUnmapSg:
      MappingTouch(i, m, TouchKind::kUnmap, dir);
      if (e.ends_mapping) {
        for (size_t b : open_[m.handle]) d_->bars[b].to_op = i;
        open_[m.handle].clear();
      }
      break;
    default:
      break;
  }
}

// Owners of every touched line, and which lines are shared.
void FillLineInfo(const Trace& trace, const Mapping* const* maps, size_t n_maps,
                  ExplainData* d) {
  const uint64_t mask = ~uint64_t{d->line - 1};
  for (const BufDecl& b : trace.bufs) {
    const uint64_t first = b.at & mask;
    for (auto it = d->lines.lower_bound(first);
         it != d->lines.end() && it->first <= b.at + (b.len - 1); ++it) {
      it->second.owners.push_back(b.name);
    }
  }
  for (auto& [addr, info] : d->lines) {
    if (info.owners.empty()) info.owners.push_back("swiotlb slot");
    info.shared = info.owners.size() > 1;
  }
  // A mapped element that covers a line only in part, with buffer bytes outside it there.
  for (size_t k = 0; k < n_maps; ++k) {
    for (const MappedElement& el : maps[k]->elems) {
      if (el.len == 0) continue;
      const BufDecl& b = trace.bufs[el.buf];
      const uint64_t lo = el.phys, hi = el.phys + (el.len - 1);
      for (uint64_t l : {lo & mask, hi & mask}) {
        auto it = d->lines.find(l);
        if (it == d->lines.end()) continue;
        const uint64_t line_hi = l + (d->line - 1);
        const bool before = std::max(b.at, l) < lo;
        const bool after = std::min(b.at + (b.len - 1), line_hi) > hi;
        if (before || after) it->second.shared = true;
      }
    }
  }
}

// Reports and findings as marks; the witness of the chosen hazard finding.
absl::StatusOr<ExplainData> FinishExplainData(const Trace& trace, const ReplayOutcome& out,
                                              int hazard, ExplainData d) {
  for (const CheckerOutcome& c : out.checkers) {
    for (const CheckerReport& r : c.reports) {
      d.marks.push_back({r.op, r.line, c.id, r.kind, r.message, false, 0});
    }
  }
  int number = 0;
  const OracleOutcome* chosen = nullptr;
  size_t chosen_index = 0;
  for (const OracleOutcome& o : out.oracles) {
    const bool is_hazard = absl::StartsWith(o.name, "hazard:");
    for (size_t k = 0; k < o.result.findings.size(); ++k) {
      const OracleFinding& f = o.result.findings[k];
      ExplainMark m{f.op, f.line, o.name, f.kind, f.message, true, 0};
      if (is_hazard) {
        m.hazard_number = ++number;
        if (chosen == nullptr && (hazard == 0 || hazard == number)) {
          chosen = &o;
          chosen_index = k;
          d.witness_number = number;
        }
      }
      d.marks.push_back(std::move(m));
    }
  }
  if (hazard > 0 && chosen == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--hazard ", hazard, ": the trace has ", number, " hazard finding(s)"));
  }
  if (chosen != nullptr) {
    const PlatformDecl p = PlatformWithArch(trace, chosen->name.substr(7));
    std::vector<HazardWitness> w =
        FindHazardWitnesses(trace, p, {chosen->result.findings[chosen_index]});
    d.witness = std::move(w.front());
    d.witness_oracle = chosen->name;
    d.has_witness = true;
  }
  return d;
}

}  // namespace

absl::string_view TouchKindName(TouchKind k) {
  switch (k) {
    case TouchKind::kCpuWrite: return "cpu_write";
    case TouchKind::kCpuRead: return "cpu_read";
    case TouchKind::kDevWrite: return "dev_write";
    case TouchKind::kDevRead: return "dev_read";
    case TouchKind::kMap: return "map";
    case TouchKind::kUnmap: return "unmap";
    case TouchKind::kSyncForDevice: return "sync_for_device";
    case TouchKind::kSyncForCpu: return "sync_for_cpu";
  }
  return "?";
}

absl::StatusOr<ExplainData> BuildExplainData(const Trace& trace, const ReplayRequest& request,
                                             int hazard) {
  ExplainData d;
  d.trace = &trace;
  d.line = trace.platform.line;
  d.dma_align = trace.platform.dma_align;
  d.page = trace.platform.page;
  d.ops = static_cast<int>(trace.ops.size());
  absl::StatusOr<ReplayOutcome> out = Replay(trace, request);
  if (!out.ok()) return out.status();

  // The maps, as the DMA layer answered them, from a replay of our own.
  struct MapKeeper final : public Observer {
    std::vector<Mapping> maps;
    void OnOp(const OpEvent& e) override {
      if ((e.op->kind == OpKind::kMap || e.op->kind == OpKind::kMapSg) && e.mapping != nullptr &&
          !e.mapping->failed) {
        maps.push_back(*e.mapping);
      }
    }
  } keeper;
  TouchCollector collector(&d);
  ReplayOnce(trace, trace.platform, {&collector, &keeper});
  std::vector<const Mapping*> maps;
  for (const Mapping& m : keeper.maps) maps.push_back(&m);
  FillLineInfo(trace, maps.data(), maps.size(), &d);
  if (collector.truncated()) {
    d.note = absl::StrCat("more than ", kMaxExplainLines, " lines or ", kMaxExplainMarks,
                          " touches or mapping bars: the rest are not shown");
  }
  return FinishExplainData(trace, *out, hazard, std::move(d));
}

}  // namespace dmasim
