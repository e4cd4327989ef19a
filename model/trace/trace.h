// The trace: one sequence of streaming-DMA API calls and memory accesses, plus the
// declarations (platform, devices, buffers) they refer to.
//
// A `Trace` is what every driver of dmasim produces (the `.dma` parser, the skb workload
// generator, fuzzer input decoders) and what the one replayer consumes. It is plain data:
// names are resolved to indices at parse/build time, so a replayer never touches strings.
//
// Index conventions (normative, see docs/trace-format.md):
//   * `ops` holds only op statements, in file order; an op's index in `ops` is the "op index"
//     every report and finding names.
//   * `Op::handle` indexes `handles`; a handle is defined by exactly one map/map_sg op.
//   * `Op::device` indexes `devices`, `Element::buf` / `Op::buf` index `bufs`.
#ifndef DMASIM_MODEL_TRACE_TRACE_H_
#define DMASIM_MODEL_TRACE_TRACE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dmasim {

// enum dma_data_direction. The numeric values are the kernel's (they appear in no output,
// but keeping them makes cross-checking against a kernel dump easy).
enum class Direction : uint8_t {
  kBidirectional = 0,
  kToDevice = 1,
  kFromDevice = 2,
};

// Streaming-mapping attributes a trace can carry, as bits of one word.
// The bit positions are ours; the kernel's DMA_ATTR_* values are irrelevant to the model.
enum Attr : uint32_t {
  kAttrSkipCpuSync = 1u << 0,     // DMA_ATTR_SKIP_CPU_SYNC
  kAttrClean = 1u << 1,           // DMA_ATTR_DEBUGGING_IGNORE_CACHELINES (ex CPU_CACHE_CLEAN)
  kAttrRequireCoherent = 1u << 2, // DMA_ATTR_REQUIRE_COHERENT
};
inline constexpr uint32_t kAllAttrs = kAttrSkipCpuSync | kAttrClean | kAttrRequireCoherent;

// Where a buffer's memory comes from. dma-debug and the contract treat stack, vmalloc and
// rodata memory as illegal DMA targets; kmalloc matters for swiotlb kmalloc bouncing.
enum class BufKind : uint8_t { kPage, kKmalloc, kStack, kVmalloc, kRodata };

// The `platform` statement. `arch` names an entry of the platform table (platform.h).
struct PlatformDecl {
  std::string arch = "coherent";
  uint32_t line = 64;       // L1_CACHE_BYTES: dma-debug's key granularity, the cache line
  uint32_t dma_align = 64;  // ARCH_DMA_MINALIGN / dma_get_cache_alignment()
  uint32_t page = 4096;     // PAGE_SIZE (and the IOMMU granule)
  bool prefetch = true;     // the CPU may fill any line speculatively at any time
  bool bounce_kmalloc = false;  // CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC (extension)
  bool operator==(const PlatformDecl&) const = default;
};

// The kernel's dma_parms defaults (include/linux/dma-mapping.h, 5.10 through 7.3).
inline constexpr uint32_t kDefaultMaxSeg = 65536;
inline constexpr uint64_t kNoSegBoundary = ~uint64_t{0};

// A `device` statement.
struct DeviceDecl {
  std::string name;
  bool coherent = true;  // snoops the CPU cache (ignored on a non-coherent arch: see platform.h)
  bool iommu = false;    // DMA addresses are IOVAs from a per-device allocator
  bool swiotlb = false;  // a swiotlb pool is active for the device (is_swiotlb_active)
  bool force_bounce = false;  // every streaming mapping bounces (swiotlb=force; extension)
  // dma_parms limits, as dma_get_max_seg_size() / dma_get_seg_boundary() return them; the
  // defaults are the kernel's when the driver sets none (SZ_64K, ULONG_MAX = no boundary).
  uint32_t max_seg = kDefaultMaxSeg;          // `max_seg=N`, 1 .. 2^32 - 1
  uint64_t seg_boundary = kNoSegBoundary;     // `seg_boundary=MASK`, a 2^k - 1 mask, k >= 1
  bool operator==(const DeviceDecl&) const = default;
};

// A `buf` statement: `len` bytes of CPU memory at physical address `at`.
struct BufDecl {
  std::string name;
  uint64_t at = 0;
  uint64_t len = 0;  // >= 1; at + len does not wrap
  BufKind kind = BufKind::kPage;
  bool operator==(const BufDecl&) const = default;
};

// One element of a map (one) or map_sg (one or more) statement: bytes [off, off+len) of a
// buffer. Always inside the buffer.
struct Element {
  int buf = -1;
  uint64_t off = 0;
  uint64_t len = 0;
  bool operator==(const Element&) const = default;
};

// A mapping handle (`m0 = map ...`). Defined once, by op `def_op`; it stays nameable after
// unmap so that a double unmap replays the same call.
struct HandleDecl {
  std::string name;
  int def_op = -1;
  bool sg = false;  // defined by map_sg
  bool operator==(const HandleDecl&) const = default;
};

// What an op statement does (one per statement keyword of the format).
enum class OpKind : uint8_t {
  kCpuWrite,
  kCpuRead,
  kMap,           // dma_map_single / dma_map_page
  kMapSg,         // dma_map_sg
  kMappingError,  // dma_mapping_error
  kDevWrite,      // device writes through a mapping
  kDevRead,       // device reads through a mapping
  kSyncForCpu,    // dma_sync_single[_range]_for_cpu / dma_sync_sg_for_cpu
  kSyncForDevice, // ..._for_device
  kUnmap,         // dma_unmap_single / dma_unmap_page
  kUnmapSg,       // dma_unmap_sg
  kUnbind,        // driver unbound from the device
};

// One op statement. Which fields are meaningful depends on `kind`:
//   cpu_write/cpu_read:  buf, off, len (inside the buffer)
//   map/map_sg:          handle (defined here), device, elems (map: exactly one), dir, attrs,
//                        sg_list (map_sg only; extension)
//   mapping_error:       handle
//   dev_write/dev_read:  handle, off, len (relative to the mapping; may run past its end)
//   sync_for_*:          handle, optional range (single handles only), optional dir,
//                        optional nents (sg handles only; extension)
//   unmap/unmap_sg:      handle, optional size (unmap), optional nents (unmap_sg),
//                        optional dir, optional attrs (extension)
//   unbind:              device
// Unset optionals mean "as mapped" (the correct call).
struct Op {
  OpKind kind = OpKind::kCpuWrite;
  int handle = -1;
  int device = -1;
  int buf = -1;
  uint64_t off = 0;
  uint64_t len = 0;
  bool has_range = false;  // sync with OFF LEN (dma_sync_single_range_*)
  std::vector<Element> elems;
  Direction dir = Direction::kBidirectional;  // map/map_sg: always set
  uint32_t attrs = 0;                         // map/map_sg
  // map_sg `sgl=NAME` (extension): which `struct scatterlist` the call passes. Two calls
  // with the same name pass the same list; empty: unnamed (see the contract's sg-remap).
  std::string sg_list;
  std::optional<Direction> override_dir;      // sync/unmap `DIR` / `dir=`
  std::optional<uint64_t> size;               // unmap size=
  std::optional<uint32_t> nents;              // unmap_sg / sync on sg: nents=
  std::optional<uint32_t> override_attrs;     // unmap attrs=
  bool operator==(const Op&) const = default;
};

// An `expect` statement (extension used by repro files): what a checker or oracle must say
// about this trace. `target` is a checker id or version ("linux-5.15", "exact"),
// "contract", or "hazard:<arch>". `items` are "kind" or "kind@op" words, or exactly one of
// the words "none" (no report/finding), "safe" / "unknown" (hazard verdicts).
struct Expectation {
  std::string target;
  std::vector<std::string> items;
  bool operator==(const Expectation&) const = default;
};

// A whole trace: declarations, ops and expectations (see the file comment for indices).
struct Trace {
  int version = 1;
  PlatformDecl platform;
  bool dma_align_given = false;  // dma_align= was written (else it follows line=)
  std::vector<DeviceDecl> devices;
  std::vector<BufDecl> bufs;
  std::vector<HandleDecl> handles;
  std::vector<Op> ops;
  std::vector<Expectation> expects;
  // Source line of each op (same size as ops when parsed; may be empty when built in code).
  // Not part of the trace's identity: equality ignores it.
  std::vector<int> op_lines;
  std::vector<int> expect_lines;  // likewise for `expects`
  std::vector<int> expect_cols;   // column of each expect's TARGET word (for error messages)

  bool operator==(const Trace& o) const {
    return version == o.version && platform == o.platform &&
           dma_align_given == o.dma_align_given && devices == o.devices &&
           bufs == o.bufs && handles == o.handles && ops == o.ops && expects == o.expects;
  }
};

// Names as written in the trace format (and in JSON output).
absl::string_view DirectionName(Direction d);       // "to_device", ...
absl::string_view KernelDirectionName(Direction d); // "DMA_TO_DEVICE", ... (dma-debug text)
absl::string_view BufKindName(BufKind k);           // "page", "kmalloc", ...
absl::string_view OpKindName(OpKind k);             // "cpu_write", "map", ...
std::optional<Direction> ParseDirection(absl::string_view s);
std::optional<BufKind> ParseBufKind(absl::string_view s);
// Attribute words in canonical order, e.g. {"skip_cpu_sync", "clean"}.
std::vector<absl::string_view> AttrNames(uint32_t attrs);
std::optional<uint32_t> ParseAttr(absl::string_view s);

// The name rule of devices, buffers, handles and sg lists: letters, digits, '_', '.', '-',
// at most kMaxNameBytes, starting with a letter or '_', and not a keyword (a direction, an
// attribute, "dmasim").
inline constexpr size_t kMaxNameBytes = 64;
bool IsValidName(absl::string_view name);

// True for ops that name a mapping handle without defining it.
bool UsesHandle(OpKind k);
// Total bytes of a map/map_sg op's elements.
uint64_t MappedBytes(const Op& op);

}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_TRACE_H_
