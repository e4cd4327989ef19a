// `dmasim import tracefs`: a kernel's dma tracepoint log (tracefs `trace` text or
// `trace-cmd report`) turned into a `.dma` trace, so the driver's real DMA calls can be
// replayed against every dma-debug era and every platform. docs/import.md is the manual.
//
// Two passes over the log, in bounded memory (the log may hold 10^7 events):
//   1. every event is read in timestamp order (EventStream) and matched to handles
//      (MappingTable) without output: this gives the physical ranges the mappings cover
//      (the buffers, BufferLayout), the devices, and the counts the header reports;
//   2. the same reading and matching again, now printing: the header, the declarations,
//      then each op through OpPrinter as it comes. Nothing holds the whole trace.
// Both passes make the same decisions (same input, same code); the second checks it.
#ifndef DMASIM_MODEL_IMPORT_IMPORTER_H_
#define DMASIM_MODEL_IMPORT_IMPORTER_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "model/import/event_stream.h"
#include "model/import/output_sink.h"

namespace dmasim::import {

// The importer's choices (the CLI's flags).
struct ImportOptions {
  std::string arch = "x86";               // the trace's platform
  // Devices by dev_name as traced (or by their name in the output), or "all". Devices are
  // noncoherent unless named by --coherent (a named device beats "all").
  std::vector<std::string> coherent, noncoherent;
  // Emit `mapping_error H` after every successful single map (the driver's unlogged
  // dma_mapping_error call), except for the devices in `unchecked`.
  bool mapping_error = true;
  std::vector<std::string> unchecked;
};

// Why an event became a comment instead of an op.
enum class Dropped : uint8_t {
  kCoherentAlloc,    // dma_alloc, dma_alloc_pages, dma_alloc_sgt(_err)
  kCoherentFree,     // dma_free, dma_free_pages, dma_free_sgt
  kFreeNull,         // a dma_free of NULL, size 0
  kFailedMap,        // dma_map_phys returned DMA_MAPPING_ERROR
  kFailedMapSg,      // dma_map_sg_err
  kTruncatedSg,      // a dma_map_sg of more than 128 entries
  kMergedSg,         // a dma_map_sg with fewer DMA segments than entries (IOMMU merging)
  kResource,         // dma_map_resource / DMA_ATTR_MMIO (device memory, no buffer)
  kDirectionNone,    // DMA_NONE
  kAddressWraps,     // a range that wraps the 64-bit address space
  kUnmapUnknown,     // an unmap of nothing known (no mapping ever had that address)
  kSyncUnknown,      // a sync of nothing known
  kSyncInSg,         // a single sync inside a live sg mapping (the format has no sg range sync)
  kUnmapSgSegment,   // dma_unmap_phys of an sg list's later segment
  kCount,
};
inline constexpr int kNumDropped = static_cast<int>(Dropped::kCount);
// One line for the header: "coherent allocations (dma_alloc*)".
const char* DroppedText(Dropped d);

// What an import did (filled by the first pass; the second checks it made the same ops).
struct ImportStats {
  StreamCounts stream;
  int64_t ops = 0;               // op statements written
  int64_t maps = 0, map_sgs = 0, mapping_errors = 0, unmaps = 0, syncs = 0;
  int64_t attrs_dropped = 0;     // ops kept with an attribute the format lacks
  std::array<int64_t, kNumDropped> dropped{};
  int64_t dropped_total() const;
  size_t buffers = 0, devices = 0;
  size_t peak_live_handles = 0, peak_stored_handles = 0, peak_mirror_entries = 0;
};

// Imports `path` ("-": stdin) into `out` (see the file comment). Errors: a malformed line
// is InvalidArgument "FILE:LINE:COL: message"; bad options are InvalidArgument too; I/O
// errors are Internal/NotFound. On error, `out` may hold a partial text: the caller must not
// Commit it.
absl::Status ImportTracefs(const std::string& path, const ImportOptions& options,
                           OutputSink* out, ImportStats* stats);

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_IMPORTER_H_
