#include "model/hunt/minimizer.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "model/base/check.h"
#include "model/hunt/signature.h"
#include "model/trace/platform.h"
#include "model/trace/remove_ops.h"
#include "model/trace/trace_validate.h"

namespace dmasim::hunt {
namespace {

class Minimizer {
 public:
  Minimizer(const TracePredicate& keep, const MinimizeOptions& options, int ops_before)
      : keep_(keep), options_(options) {
    stats_.ops_before = ops_before;
  }

  Trace Run(Trace t);
  const MinimizeProgress& stats() const { return stats_; }

 private:
  bool Try(const Trace& candidate);
  void Report(const char* pass, const Trace& t, bool improved);
  bool RemoveOpsPass(Trace* t);
  bool SingleOpPass(Trace* t);
  bool NumbersPass(Trace* t);
  bool SimplifyPass(Trace* t);

  const TracePredicate& keep_;
  const MinimizeOptions& options_;
  MinimizeProgress stats_;
  int64_t last_report_ = 0;
};

bool Minimizer::Try(const Trace& candidate) {
  if (!ValidateTrace(candidate).ok()) return false;
  ++stats_.tries;
  return keep_(candidate);
}

void Minimizer::Report(const char* pass, const Trace& t, bool improved) {
  stats_.ops_now = static_cast<int>(t.ops.size());
  stats_.pass = pass;
  if (!options_.progress) return;
  if (improved || stats_.tries - last_report_ >= options_.progress_every) {
    last_report_ = stats_.tries;
    options_.progress(stats_);
  }
}

// ddmin (Zeller & Hildebrandt): try keeping one chunk, then removing one chunk, at finer
// and finer granularity.
bool Minimizer::RemoveOpsPass(Trace* t) {
  bool changed = false;
  size_t n = 2;
  while (t->ops.size() >= 2) {
    const size_t size = t->ops.size();
    n = std::min(n, size);
    std::vector<std::vector<int>> chunks(n);
    for (size_t k = 0; k < size; ++k) chunks[k * n / size].push_back(static_cast<int>(k));
    bool reduced = false;
    for (size_t c = 0; c < n && !reduced && n > 2; ++c) {  // keep only chunk c
      std::vector<int> others;
      for (size_t d = 0; d < n; ++d) {
        if (d != c) others.insert(others.end(), chunks[d].begin(), chunks[d].end());
      }
      Trace cand = RemoveOps(*t, others);
      if (cand.ops.size() < size && Try(cand)) {
        *t = std::move(cand);
        n = 2;
        reduced = true;
      }
      Report("ops", *t, reduced);
    }
    for (size_t c = 0; c < n && !reduced; ++c) {  // remove chunk c
      Trace cand = RemoveOps(*t, chunks[c]);
      if (cand.ops.size() < size && Try(cand)) {
        *t = std::move(cand);
        n = std::max<size_t>(n - 1, 2);
        reduced = true;
      }
      Report("ops", *t, reduced);
    }
    changed = changed || reduced;
    if (!reduced) {
      if (n >= size) break;
      n = std::min(size, 2 * n);
    }
  }
  return changed;
}

bool Minimizer::SingleOpPass(Trace* t) {
  bool changed = false;
  for (size_t k = t->ops.size(); k-- > 0;) {
    if (k >= t->ops.size()) continue;
    const int one[] = {static_cast<int>(k)};
    Trace cand = RemoveOps(*t, one);
    const bool ok = Try(cand);
    if (ok) {
      *t = std::move(cand);
      changed = true;
    }
    Report("ops", *t, ok);
  }
  return changed;
}

uint64_t Down(uint64_t x, uint64_t a) { return x / a * a; }

// Every number of the trace the shrinker may change, as pointers into `t`.
std::vector<uint64_t*> Numbers(Trace* t) {
  std::vector<uint64_t*> out;
  for (BufDecl& b : t->bufs) {
    out.push_back(&b.at);
    out.push_back(&b.len);
  }
  for (Op& op : t->ops) {
    for (Element& e : op.elems) {
      out.push_back(&e.off);
      out.push_back(&e.len);
    }
    const bool ranged = op.kind == OpKind::kCpuWrite || op.kind == OpKind::kCpuRead ||
                        op.kind == OpKind::kDevWrite || op.kind == OpKind::kDevRead ||
                        op.has_range;
    if (ranged) {
      out.push_back(&op.off);
      out.push_back(&op.len);
    }
    if (op.size) out.push_back(&*op.size);
  }
  return out;
}

// Only cosmetic: a new number is kept when the trace's shape (signature.h: which ranges
// share bytes, lines, granules, pages) stays the same, so shrinking never turns, say, a
// granule-only sharing into a line sharing.
bool Minimizer::NumbersPass(Trace* t) {
  bool changed = false;
  const std::string shape = TraceShape(*t);
  auto keeps_shape = [&shape](const Trace& c) {
    return ValidateTrace(c).ok() && TraceShape(c) == shape;
  };
  const uint64_t line = t->platform.line, page = t->platform.page;
  // All buffers down together by whole pages: every relation between them stays.
  if (!t->bufs.empty()) {
    uint64_t lo = t->bufs[0].at;
    for (const BufDecl& b : t->bufs) lo = std::min(lo, b.at);
    if (Down(lo, page) > 0) {
      Trace cand = *t;
      for (BufDecl& b : cand.bufs) b.at -= Down(lo, page);
      if (keeps_shape(cand) && Try(cand)) {
        *t = std::move(cand);
        changed = true;
      }
      Report("numbers", *t, changed);
    }
  }
  auto candidates = [line, page](uint64_t x) {
    std::vector<uint64_t> c = {0, Down(x, page), Down(x, line), Down(x / 2, line), x / 2,
                               x >= line ? x - line : 0, 1, line};
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    return c;
  };
  // Tries `c` in the numbers selected by `pick` (all at once); true if kept.
  auto attempt = [&](const std::function<bool(size_t, uint64_t)>& pick, uint64_t c) {
    Trace cand = *t;
    std::vector<uint64_t*> nums = Numbers(&cand);
    for (size_t k = 0; k < nums.size(); ++k) {
      if (pick(k, *nums[k])) *nums[k] = c;
    }
    const bool ok = keeps_shape(cand) && Try(cand);
    if (ok) {
      *t = std::move(cand);
      changed = true;
    }
    Report("numbers", *t, ok);
    return ok;
  };
  // Every occurrence of one value at once (a region mapped twice keeps being one region),
  // then each number alone.
  std::vector<uint64_t> values;
  for (uint64_t* n : Numbers(t)) values.push_back(*n);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  for (uint64_t x : values) {
    for (uint64_t c : candidates(x)) {
      if (c >= x) break;
      if (attempt([x](size_t, uint64_t v) { return v == x; }, c)) break;
    }
  }
  const size_t count = Numbers(t).size();
  for (size_t k = 0; k < count; ++k) {
    const uint64_t x = *Numbers(t)[k];
    for (uint64_t c : candidates(x)) {
      if (c >= x) break;
      if (attempt([k](size_t j, uint64_t) { return j == k; }, c)) break;
    }
  }
  return changed;
}

// Each non-default flag tried at its default, one at a time: buffer kinds to page, map
// attributes and sg list names off, device IOMMU/swiotlb/bounce off, prefetch on, kmalloc
// bouncing off. What the finding needs stays; the rest stops splitting signatures.
bool Minimizer::SimplifyPass(Trace* t) {
  bool changed = false;
  auto attempt = [&](const std::function<bool(Trace*)>& edit) {
    Trace cand = *t;
    if (!edit(&cand)) return;
    const bool ok = Try(cand);
    if (ok) {
      *t = std::move(cand);
      changed = true;
    }
    Report("simplify", *t, ok);
  };
  attempt([](Trace* c) { return std::exchange(c->platform.bounce_kmalloc, false); });
  attempt([](Trace* c) {  // dma_align back to the arch default (not written)
    const ArchPolicy* arch = FindArch(c->platform.arch);
    const uint32_t dflt = arch->default_dma_align != 0 ? arch->default_dma_align : c->platform.line;
    const bool differs = c->dma_align_given || c->platform.dma_align != dflt;
    c->dma_align_given = false;
    c->platform.dma_align = dflt;
    return differs;
  });
  attempt([](Trace* c) { return !std::exchange(c->platform.prefetch, true); });
  for (size_t k = 0; k < t->bufs.size(); ++k) {
    attempt([k](Trace* c) { return std::exchange(c->bufs[k].kind, BufKind::kPage) != BufKind::kPage; });
  }
  for (size_t k = 0; k < t->devices.size(); ++k) {
    attempt([k](Trace* c) {
      DeviceDecl& d = c->devices[k];
      const bool any = d.iommu || d.swiotlb || d.force_bounce;
      d.iommu = d.swiotlb = d.force_bounce = false;
      return any;
    });
    attempt([k](Trace* c) { return std::exchange(c->devices[k].force_bounce, false); });
    attempt([k](Trace* c) { return !std::exchange(c->devices[k].coherent, true); });
    attempt([k](Trace* c) { return std::exchange(c->devices[k].iommu, false); });
  }
  for (size_t k = 0; k < t->ops.size(); ++k) {
    if (t->ops[k].kind != OpKind::kMap && t->ops[k].kind != OpKind::kMapSg) continue;
    attempt([k](Trace* c) { return std::exchange(c->ops[k].attrs, 0u) != 0; });
    attempt([k](Trace* c) { return !std::exchange(c->ops[k].sg_list, std::string()).empty(); });
  }
  return changed;
}

Trace Minimizer::Run(Trace t) {
  for (int round = 0; round < kMaxRounds; ++round) {
    bool changed = RemoveOpsPass(&t);
    changed = SingleOpPass(&t) || changed;
    Trace dropped = DropUnusedDecls(t);
    if (dropped.devices.size() + dropped.bufs.size() < t.devices.size() + t.bufs.size() &&
        Try(dropped)) {
      t = std::move(dropped);
      changed = true;
    }
    Report("decls", t, false);
    changed = SimplifyPass(&t) || changed;
    changed = NumbersPass(&t) || changed;
    if (!changed) break;
  }
  // The number pass may have made an op removable: end on a single-op pass (which leaves
  // the trace 1-minimal by construction: it stops only when no single removal keeps it).
  while (SingleOpPass(&t)) {
  }
  Report("done", t, true);
  return t;
}

}  // namespace

Trace Minimize(const Trace& trace, const TracePredicate& keep, const MinimizeOptions& options,
               MinimizeProgress* stats) {
  Minimizer m(keep, options, static_cast<int>(trace.ops.size()));
  Trace t = trace;
  t.op_lines.clear();
  t.expect_lines.clear();
  t.expect_cols.clear();
  Trace out = m.Run(std::move(t));
  if (stats != nullptr) *stats = m.stats();
  return out;
}

bool IsOneMinimal(const Trace& trace, const TracePredicate& keep) {
  for (size_t k = 0; k < trace.ops.size(); ++k) {
    const int one[] = {static_cast<int>(k)};
    if (keep(RemoveOps(trace, one))) return false;
  }
  return true;
}

}  // namespace dmasim::hunt
