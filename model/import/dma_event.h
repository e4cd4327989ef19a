// The events of trace system `dma` (include/trace/events/dma.h, 6.12 and 7.3; formats in
// reference dma-debug.md §12), parsed from their TP_printk text into numbers.
//
//   dma_map_phys        DEV dir=D dma_addr=%llx size=%zu phys_addr=%llx attrs=A
//   dma_unmap_phys      DEV dir=D dma_addr=%llx size=%zu attrs=A
//   dma_map_sg          DEV dir=D nents=%d/%d ents=%d/%d[ [TRUNCATED]] dma_addrs={..}
//                       sizes={..} phys_addrs={..} attrs=A
//   dma_map_sg_err      DEV dir=D dma_addrs={..} err=%d attrs=A   (the array holds phys)
//   dma_unmap_sg        DEV dir=D phys_addrs={..} attrs=A
//   dma_sync_single_*   DEV dir=D dma_addr=%llx size=%zu
//   dma_sync_sg_*       DEV dir=D dma_addrs={..} sizes={..}
//   dma_alloc[_pages|_sgt_err], dma_free[_pages], dma_alloc_sgt, dma_free_sgt: coherent and
//   non-contiguous allocations (kept only as counts and comments by the importer).
// 6.12 names the single map events dma_map_page / dma_map_resource (and the unmaps alike),
// with dma_map_phys's format. Directions print as BIDIRECTIONAL, TO_DEVICE, FROM_DEVICE,
// NONE; attrs as '|'-joined names (empty for none, leftover bits as 0x..); arrays as
// {0x..,0x..}.
#ifndef DMASIM_MODEL_IMPORT_DMA_EVENT_H_
#define DMASIM_MODEL_IMPORT_DMA_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/import/trace_line.h"
#include "model/trace/trace.h"

namespace dmasim::import {

// Which dma event a line is.
enum class DmaEventKind : uint8_t {
  kMapPhys,       // dma_map_phys, dma_map_page
  kMapResource,   // dma_map_resource (6.12; 7.3 traces it as dma_map_phys with MMIO)
  kUnmapPhys,     // dma_unmap_phys, dma_unmap_page
  kUnmapResource, // dma_unmap_resource
  kMapSg,
  kMapSgErr,
  kUnmapSg,
  kSyncSingleForCpu,
  kSyncSingleForDevice,
  kSyncSgForCpu,
  kSyncSgForDevice,
  kAlloc,         // dma_alloc, dma_alloc_pages, dma_alloc_sgt, dma_alloc_sgt_err
  kFree,          // dma_free, dma_free_pages, dma_free_sgt
};

// DMA_ATTR_* as the tracepoint names them, one bit each in the kernel's order.
enum KernelAttr : uint32_t {
  kKaWeakOrdering = 1u << 0,
  kKaWriteCombine = 1u << 1,
  kKaNoKernelMapping = 1u << 2,
  kKaSkipCpuSync = 1u << 3,
  kKaForceContiguous = 1u << 4,
  kKaAllocSinglePages = 1u << 5,
  kKaNoWarn = 1u << 6,
  kKaPrivileged = 1u << 7,
  kKaMmio = 1u << 8,
  kKaCachelinesOverlap = 1u << 9,  // DMA_ATTR_DEBUGGING_IGNORE_CACHELINES
  kKaRequireCoherent = 1u << 10,
  kKaCcShared = 1u << 11,
  kKaAllocCcShared = 1u << 12,
};

// The attrs of one event: the named bits, and whether unnamed bits were printed (0x..).
struct TracedAttrs {
  uint32_t named = 0;
  bool unnamed_bits = false;
  absl::string_view text;  // as printed (view into the line)
};

// The format's words for the named attrs it has (skip_cpu_sync, clean, require_coherent).
uint32_t FormatAttrs(const TracedAttrs& a);
// True when `a` carries something the format cannot say (another name, or unnamed bits).
bool HasInexpressibleAttrs(const TracedAttrs& a);

// One parsed dma event. Which fields are set depends on `kind` (see the file comment).
struct DmaEvent {
  DmaEventKind kind = DmaEventKind::kMapPhys;
  absl::string_view name;    // the event name as printed
  std::string device;        // dev_name(dev)
  std::optional<Direction> dir;  // nullopt: NONE
  uint64_t dma_addr = 0;
  uint64_t size = 0;
  uint64_t phys_addr = 0;
  TracedAttrs attrs;
  std::vector<uint64_t> dma_addrs, sizes, phys_addrs;
  int nents_total = 0;       // map_sg: the list's nents (traced: min(nents, 128))
  int ents_total = 0;        // map_sg: the mapped segment count
  bool truncated = false;    // map_sg: " [TRUNCATED]"
  int64_t err = 0;           // map_sg_err
};

inline constexpr uint64_t kTracedMappingError = ~uint64_t{0};  // DMA_MAPPING_ERROR
inline constexpr int kTraceMaxEntries = 128;                     // DMA_TRACE_MAX_ENTRIES

// Whether `event` is a dma event this importer reads; sets `kind`.
bool IsDmaEvent(absl::string_view event, DmaEventKind* kind);

// Parses `body` (an EventLine's body; `body_col` its offset in the line) as event `kind`.
// Views in the result point into `body`. On error: false, `err` with the line column.
bool ParseDmaEvent(DmaEventKind kind, absl::string_view event, absl::string_view body,
                   size_t body_col, DmaEvent* out, LineError* err);

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_DMA_EVENT_H_
