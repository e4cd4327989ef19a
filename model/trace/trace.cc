#include "model/trace/trace.h"

#include "model/base/check.h"

namespace dmasim {

absl::string_view DirectionName(Direction d) {
  switch (d) {
    case Direction::kBidirectional: return "bidirectional";
    case Direction::kToDevice: return "to_device";
    case Direction::kFromDevice: return "from_device";
  }
  return "?";
}

absl::string_view KernelDirectionName(Direction d) {
  switch (d) {
    case Direction::kBidirectional: return "DMA_BIDIRECTIONAL";
    case Direction::kToDevice: return "DMA_TO_DEVICE";
    case Direction::kFromDevice: return "DMA_FROM_DEVICE";
  }
  return "?";
}

absl::string_view BufKindName(BufKind k) {
  switch (k) {
    case BufKind::kPage: return "page";
    case BufKind::kKmalloc: return "kmalloc";
    case BufKind::kStack: return "stack";
    case BufKind::kVmalloc: return "vmalloc";
    case BufKind::kRodata: return "rodata";
  }
  return "?";
}

absl::string_view OpKindName(OpKind k) {
  switch (k) {
    case OpKind::kCpuWrite: return "cpu_write";
    case OpKind::kCpuRead: return "cpu_read";
    case OpKind::kMap: return "map";
    case OpKind::kMapSg: return "map_sg";
    case OpKind::kMappingError: return "mapping_error";
    case OpKind::kDevWrite: return "dev_write";
    case OpKind::kDevRead: return "dev_read";
    case OpKind::kSyncForCpu: return "sync_for_cpu";
    case OpKind::kSyncForDevice: return "sync_for_device";
    case OpKind::kUnmap: return "unmap";
    case OpKind::kUnmapSg: return "unmap_sg";
    case OpKind::kUnbind: return "unbind";
  }
  return "?";
}

std::optional<Direction> ParseDirection(absl::string_view s) {
  if (s == "to_device") return Direction::kToDevice;
  if (s == "from_device") return Direction::kFromDevice;
  if (s == "bidirectional") return Direction::kBidirectional;
  return std::nullopt;
}

std::optional<BufKind> ParseBufKind(absl::string_view s) {
  for (BufKind k : {BufKind::kPage, BufKind::kKmalloc, BufKind::kStack, BufKind::kVmalloc,
                    BufKind::kRodata}) {
    if (BufKindName(k) == s) return k;
  }
  return std::nullopt;
}

namespace {
struct AttrWord {
  uint32_t bit;
  absl::string_view name;
};
constexpr AttrWord kAttrWords[] = {
    {kAttrSkipCpuSync, "skip_cpu_sync"},
    {kAttrClean, "clean"},
    {kAttrRequireCoherent, "require_coherent"},
};
}  // namespace

std::vector<absl::string_view> AttrNames(uint32_t attrs) {
  std::vector<absl::string_view> out;
  for (const AttrWord& w : kAttrWords) {
    if (attrs & w.bit) out.push_back(w.name);
  }
  return out;
}

std::optional<uint32_t> ParseAttr(absl::string_view s) {
  for (const AttrWord& w : kAttrWords) {
    if (w.name == s) return w.bit;
  }
  return std::nullopt;
}

bool IsValidName(absl::string_view name) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (name.empty() || name.size() > kMaxNameBytes || !(alpha(name[0]) || name[0] == '_')) {
    return false;
  }
  for (char c : name) {
    if (!(alpha(c) || digit(c) || c == '_' || c == '.' || c == '-')) return false;
  }
  return !ParseDirection(name) && !ParseAttr(name) && name != "dmasim";
}

bool UsesHandle(OpKind k) {
  switch (k) {
    case OpKind::kMappingError:
    case OpKind::kDevWrite:
    case OpKind::kDevRead:
    case OpKind::kSyncForCpu:
    case OpKind::kSyncForDevice:
    case OpKind::kUnmap:
    case OpKind::kUnmapSg:
      return true;
    default:
      return false;
  }
}

uint64_t MappedBytes(const Op& op) {
  uint64_t total = 0;
  for (const Element& e : op.elems) total += e.len;
  return total;
}

}  // namespace dmasim
