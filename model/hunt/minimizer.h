// The minimizer: the smallest trace that still shows a finding, for the hunt (each new
// signature) and `dmasim minimize` (a user's trace).
//
// Four passes, repeated until none changes anything (at most kMaxRounds rounds):
//   1. delta debugging over ops (ddmin, with RemoveOps: removing a map removes its handle's
//      later ops), ending with single-op removals until no single op can go;
//   2. DropUnusedDecls;
//   3. simplification: each non-default flag tried at its default (buffer kinds to page,
//      map attributes and sg list names off, devices coherent without IOMMU/swiotlb/bounce,
//      prefetch on, kmalloc bouncing off, dma_align the arch default), so that what the finding does not need stops splitting
//      signatures;
//   4. number shrinking: all buffers moved down together by whole pages, then each number
//      (buffer addresses and lengths, CPU/element/device/sync offsets and lengths, unmap
//      sizes) tried at 0, at a page or line boundary below it, at half of it, one line less,
//      each kept only if the trace's shape (signature.h) stays the same.
// The result is 1-minimal in ops: removing any single op (RemoveOps of that one index)
// loses the finding. A candidate is kept only if ValidateTrace accepts it and `keep` holds.
#ifndef DMASIM_MODEL_HUNT_MINIMIZER_H_
#define DMASIM_MODEL_HUNT_MINIMIZER_H_

#include <cstdint>
#include <functional>

#include "model/trace/trace.h"

namespace dmasim::hunt {

inline constexpr int kMaxRounds = 6;

using TracePredicate = std::function<bool(const Trace&)>;

struct MinimizeProgress {
  int ops_before = 0;
  int ops_now = 0;
  int64_t tries = 0;      // predicate calls so far
  const char* pass = "";  // "ops", "decls", "simplify", "numbers", "done"
};

struct MinimizeOptions {
  // Called after every improvement and at least every `progress_every` tries.
  std::function<void(const MinimizeProgress&)> progress;
  int64_t progress_every = 200;
};

// Precondition: keep(trace). Returns a trace with keep() true, 1-minimal in ops.
Trace Minimize(const Trace& trace, const TracePredicate& keep, const MinimizeOptions& options = {},
               MinimizeProgress* stats = nullptr);

// Whether removing any single op loses `keep` (the 1-minimality check, for tests and tools).
bool IsOneMinimal(const Trace& trace, const TracePredicate& keep);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_MINIMIZER_H_
