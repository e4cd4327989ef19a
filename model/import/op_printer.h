// Prints the ops of an imported trace one at a time, through the public TraceBuilder and
// the canonical printer, without holding the trace: for each op it builds a two-op trace
// (the handle's map, then the op) over just the device and buffers that op names, checks
// it (TraceBuilder::Take runs ValidateTrace) and prints its op with PrintOp. The names are
// the whole trace's (devices, b<N> buffers, m<N>/s<N> handles), so the lines put together
// are the canonical text of the whole trace.
#ifndef DMASIM_MODEL_IMPORT_OP_PRINTER_H_
#define DMASIM_MODEL_IMPORT_OP_PRINTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "model/import/buffer_layout.h"
#include "model/import/mapping_table.h"
#include "model/trace/trace.h"

namespace dmasim::import {

// The name of handle `h` in the output: m<id> or s<id>.
std::string HandleName(const HandleRec& h);
// The name of buffer i: b<i>.
std::string BufferName(int i);

// What an op on a handle passes besides the handle (unset: as mapped).
struct OpArgs {
  OpKind kind = OpKind::kMappingError;  // mapping_error, sync_*, unmap, unmap_sg
  bool has_range = false;               // sync_* OFF LEN
  uint64_t off = 0, len = 0;
  std::optional<Direction> dir;
  std::optional<uint64_t> size;         // unmap
  std::optional<uint32_t> nents;        // unmap_sg, sg syncs
  std::optional<uint32_t> attrs;        // unmap, unmap_sg
};

// Prints op lines (see the file comment).
class OpPrinter {
 public:
  OpPrinter(const PlatformDecl& platform, const std::vector<DeviceDecl>& devices,
            const BufferLayout& layout)
      : platform_(platform), devices_(devices), layout_(layout) {}

  // "m3 = map dev b0 0 4096 from_device" / "s4 = map_sg ...". Error when the handle's
  // ranges are not in the layout (the log changed between the passes).
  absl::StatusOr<std::string> Map(const HandleRec& h) const;
  // "unmap m3 size=8", "sync_for_cpu m3 0 64", ...
  absl::StatusOr<std::string> OnHandle(const HandleRec& h, const OpArgs& args) const;

 private:
  absl::StatusOr<Trace> Build(const HandleRec& h, const OpArgs* args) const;

  PlatformDecl platform_;
  const std::vector<DeviceDecl>& devices_;
  const BufferLayout& layout_;
};

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_OP_PRINTER_H_
