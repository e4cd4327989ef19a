#include "model/hunt/minimizer.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "model/base/check.h"
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

bool Minimizer::NumbersPass(Trace* t) {
  bool changed = false;
  const uint64_t line = t->platform.line, page = t->platform.page;
  // All buffers down together by whole pages: every relation between them stays.
  if (!t->bufs.empty()) {
    uint64_t lo = t->bufs[0].at;
    for (const BufDecl& b : t->bufs) lo = std::min(lo, b.at);
    if (Down(lo, page) > 0) {
      Trace cand = *t;
      for (BufDecl& b : cand.bufs) b.at -= Down(lo, page);
      if (Try(cand)) {
        *t = std::move(cand);
        changed = true;
      }
      Report("numbers", *t, changed);
    }
  }
  const size_t count = Numbers(t).size();
  for (size_t k = 0; k < count; ++k) {
    const uint64_t x = *Numbers(t)[k];
    std::vector<uint64_t> cands = {0, Down(x, page), Down(x, line), Down(x / 2, line), x / 2,
                                   x >= line ? x - line : 0, 1, line};
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    for (uint64_t c : cands) {
      if (c >= x) break;
      Trace cand = *t;
      *Numbers(&cand)[k] = c;
      const bool ok = Try(cand);
      if (ok) {
        *t = std::move(cand);
        changed = true;
      }
      Report("numbers", *t, ok);
      if (ok) break;
    }
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
