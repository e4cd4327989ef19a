// The KUnit export's plan: a trace resolved into the kernel calls a test on a real kernel
// makes, or the reason the kernel cannot make them.
//
// Buffers cannot sit at the trace's physical addresses in a kernel, so the plan places them
// in arenas of 2^order pages (naturally aligned by the page allocator, at least 8 KiB:
// dma-debug hashes by dev_addr >> 13; at most 4 MiB) at the same offset from the arena's
// start as their `at=` from its `base`. Buffers within 4 MiB of each other share one arena;
// a new arena starts only after a gap of at least 8 KiB, so buffers of different arenas
// share no cache line, page or hash bucket in the trace either. Cache lines, pages, hash
// buckets and sharing stay what they are in the trace. The conventions where the format leaves the kernel call open are those of
// tools/kcheck/gen-optable.py (the replay the 6.1 recordings were made with):
//   * `unmap` of an sg handle: dma_unmap_single_attrs on its first DMA segment, size
//     defaulting to the first element's length;
//   * `unmap_sg` of a single handle: a list of NENTS entries (default 1) whose entry 0
//     holds the single mapping's address and length;
//   * `mapping_error` of an sg handle: dma_mapping_error on its first DMA segment;
//   * an sg list is allocated with as many entries as the largest nents any call passes
//     (extra entries are empty, never mapped).
#ifndef DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_PLAN_H_
#define DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/trace/trace.h"

namespace dmasim::exporter {

// Which attributes the target kernel defines (by the checker's version).
struct KernelAttrs {
  bool clean = false;             // DMA_ATTR_DEBUGGING_IGNORE_CACHELINES (7.0+)
  bool require_coherent = false;  // DMA_ATTR_REQUIRE_COHERENT (7.0+)
};

// One mapping handle as the kernel test holds it.
struct PlannedHandle {
  std::string name;
  bool sg = false;
  int device = 0;
  int arena = 0;
  uint64_t arena_off = 0;  // single: the mapped address; sg: element 0's
  uint64_t size = 0;       // single: mapped length; sg: element 0's length
  Direction dir = Direction::kBidirectional;
  uint32_t elems = 1;      // sg: elements mapped (the nents of dma_map_sg)
  uint32_t cap = 1;        // sg: entries allocated for the list (>= elems)
};

// What the trace lets a kernel test do: devices, the arena, the handles.
struct KunitPlan {
  int devices = 0;
  std::vector<std::string> device_names;
  struct Arena {
    uint32_t order = 1;  // alloc_pages order
    uint64_t base = 0;   // the trace address the arena's start stands for
  };
  std::vector<Arena> arenas;  // at least one
  std::vector<PlannedHandle> handles;
  std::vector<int> buf_arena;         // per buffer: its arena
  std::vector<uint64_t> buf_offsets;  // per buffer: its offset in that arena
};

// InvalidArgument "FILE:LINE:1: op N (KIND): why" for what the kernel cannot express: a
// stack, vmalloc or rodata buffer an op uses, a device with an IOMMU, swiotlb or forced
// bouncing, an attribute the kernel lacks; "FILE: ..." for buffers that need an arena over
// 4 MiB (a run without an 8 KiB gap) or more than kMaxArenas arenas.
inline constexpr size_t kMaxArenas = 32;

absl::StatusOr<KunitPlan> PlanKunit(const Trace& trace, absl::string_view file,
                                    const KernelAttrs& attrs);

// The C expression of a map's attributes ("0", "DMA_ATTR_SKIP_CPU_SYNC", ...).
std::string AttrExpr(uint32_t attrs);
// "DMA_TO_DEVICE", ...
absl::string_view DirExpr(Direction d);

}  // namespace dmasim::exporter

#endif  // DMASIM_MODEL_EXPORT_INTERNAL_KUNIT_PLAN_H_
