#include "model/hunt/trace_decoder.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/base/check.h"
#include "model/hunt/internal/byte_reader.h"
#include "model/trace/platform.h"
#include "model/trace/trace_builder.h"

namespace dmasim::hunt {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint32_t kHugeNents = 0x7fffffff;

// The decoder's state: the builder plus what it needs to pick handles and ranges.
class Decoder {
 public:
  Decoder(const uint8_t* data, size_t size, const DecoderOptions& options)
      : r_(data, size), options_(options) {}

  Trace Run();

 private:
  void DecodePlatform();
  void DecodeDevices();
  void DecodeBufs();
  void DecodeOp();

  uint64_t Length(uint32_t sel, uint64_t rest) const;
  Element Range(int buf, uint8_t sel) const;
  // from_device first: a zero byte (libFuzzer's favourite) maps for the device to write,
  // where sharing corrupts data.
  Direction Dir(uint8_t sel) const {
    static constexpr Direction kDirs[4] = {Direction::kFromDevice, Direction::kToDevice,
                                           Direction::kBidirectional, Direction::kBidirectional};
    return kDirs[sel & 3];
  }
  uint32_t Attrs(uint8_t sel) const { return (sel & 0x80) != 0 ? (sel >> 4) & kAllAttrs : 0; }
  int NumHandles() const { return static_cast<int>(elems_.size()); }
  int PickHandle(uint8_t sel) const;
  int PickDevice() { return static_cast<int>(r_.Below(num_devices_)); }
  int PickBuf() { return static_cast<int>(r_.Below(num_bufs_)); }
  void AddHandle(int h, std::vector<Element> elems);
  void Map(uint8_t v);
  void MapSg(uint8_t v);
  void Remap(uint8_t v);
  void Unmaps(uint8_t v);
  void DevAccess(bool write, uint8_t v);
  void Sync(bool for_cpu, uint8_t v);
  void RangeSync(uint8_t v);
  void WrongUnmap(uint8_t v);

  ByteReader r_;
  const DecoderOptions& options_;
  std::optional<TraceBuilder> b_;
  uint64_t line_ = 64;
  uint32_t num_devices_ = 1;
  uint32_t num_bufs_ = 1;
  std::vector<std::vector<Element>> elems_;  // by handle: what it maps
};

void Decoder::DecodePlatform() {
  std::vector<std::string> archs = options_.archs;
  if (archs.empty()) {
    for (const ArchPolicy& a : AllArchs()) archs.emplace_back(a.name);
  }
  PlatformDecl p;
  p.arch = archs[r_.Below(static_cast<uint32_t>(archs.size()))];
  const uint8_t f = r_.Byte();
  static constexpr uint32_t kLines[] = {64, 64, 32, 128};
  p.line = kLines[f & 3];
  line_ = p.line;
  p.page = kPage;
  const ArchPolicy* arch = FindArch(p.arch);
  DMASIM_CHECK(arch != nullptr);
  // dma_align: the arch default (not written), or written as the line, two lines, or 1.
  const uint32_t mode = (f >> 2) & 3;
  const uint32_t dflt = arch->default_dma_align != 0 ? arch->default_dma_align : p.line;
  p.dma_align = mode == 0 ? dflt : mode == 1 ? p.line : mode == 2 ? 2 * p.line : 1;
  p.prefetch = (f & 0x10) == 0;
  p.bounce_kmalloc = (f & 0x20) != 0;
  b_.emplace(p, mode != 0);
}

void Decoder::DecodeDevices() {
  static constexpr uint32_t kDeviceCounts[3] = {2, 1, 3};  // a zero byte: two devices
  num_devices_ = kDeviceCounts[r_.Below(3)];
  for (uint32_t k = 0; k < num_devices_; ++k) {
    const uint8_t f = r_.Byte();
    DeviceDecl d;
    d.coherent = (f & 1) != 0;
    d.iommu = (f & 2) != 0;
    d.swiotlb = (f & 4) != 0;
    d.force_bounce = d.swiotlb && (f & 8) != 0;
    b_->Device(d);
  }
}

// Lengths in eighths of a line (0: the rest of the range).
constexpr uint32_t kEighths[16] = {0, 8, 4, 2, 16, 12, 1, 24, 32, 7, 20, 6, 64, 3, 10, 512};

uint64_t Decoder::Length(uint32_t sel, uint64_t rest) const {
  const uint64_t e = kEighths[sel & 15];
  const uint64_t len = e == 0 ? rest : std::max<uint64_t>(1, e * line_ / 8);
  return std::min(len, rest);
}

void Decoder::DecodeBufs() {
  static constexpr BufKind kKinds[8] = {BufKind::kPage,  BufKind::kPage,    BufKind::kKmalloc,
                                        BufKind::kKmalloc, BufKind::kPage, BufKind::kStack,
                                        BufKind::kVmalloc, BufKind::kRodata};
  num_bufs_ = 1 + r_.Below(4);
  for (uint32_t k = 0; k < num_bufs_; ++k) {
    const uint8_t place = r_.Byte();
    const uint8_t len = r_.Byte();
    const uint8_t kind = r_.Byte();
    // A placement byte of 0xf8 or more (one in 32) puts the buffer at the start of the last
    // two pages of the address space: far from the others (the swiotlb pool must find a
    // gap between) and in the line that ends at 2^64.
    const bool top = place >= 0xf8;
    const uint64_t base = top ? kDecoderTop : kDecoderBase;
    const uint64_t at = top ? base + (place & 7) * line_ / 8
                            : base + ((place >> 6) & 1) * kPage + ((place >> 3) & 7) * line_ +
                                  (place & 7) * line_ / 8;
    const uint64_t e = kEighths[len & 15];
    const uint64_t n = e == 0 ? line_ : std::max<uint64_t>(1, e * line_ / 8);
    DMASIM_CHECK(at >= base);  // no wrap: offsets stay below two pages
    // At the top, the buffer is cut to end before the address space's last byte, which the
    // format keeps out of every buffer (docs/trace-format.md: at + len <= 2^64 - 1).
    b_->BufNamed("b", at, top ? std::min(n, ~uint64_t{0} - at) : n, kKinds[kind & 7]);
  }
}

Element Decoder::Range(int buf, uint8_t sel) const {
  const uint64_t n = b_->trace().bufs[buf].len;
  Element e;
  e.buf = buf;
  e.off = std::min<uint64_t>((sel & 7) * line_ / 4, n - 1);
  e.len = Length(sel >> 3, n - e.off);
  return e;
}

int Decoder::PickHandle(uint8_t sel) const {
  std::vector<int> live;
  for (int h = 0; h < NumHandles(); ++h) {
    if (b_->IsLive(h)) live.push_back(h);
  }
  if (!live.empty() && (sel & 0x80) == 0) return live[(sel & 0x7f) % live.size()];
  return (sel & 0x7f) % NumHandles();
}

void Decoder::AddHandle(int h, std::vector<Element> elems) {
  DMASIM_CHECK(h == NumHandles());
  elems_.push_back(std::move(elems));
}

void Decoder::Map(uint8_t v) {
  const int dev = PickDevice();
  const int buf = PickBuf();
  const Element e = Range(buf, r_.Byte());
  const uint8_t d = r_.Byte();
  AddHandle(b_->Map(dev, e, Dir(d), Attrs(d)), {e});
}

void Decoder::MapSg(uint8_t v) {
  const int dev = PickDevice();
  const int n = 1 + (v & 3) % 3;
  std::vector<Element> elems;
  for (int k = 0; k < n; ++k) {
    const int buf = PickBuf();
    elems.push_back(Range(buf, r_.Byte()));
  }
  const uint8_t d = r_.Byte();
  const std::string sgl = (v & 4) != 0 ? absl::StrCat("L", (v >> 3) & 1) : "";
  AddHandle(b_->MapSg(dev, elems, Dir(d), Attrs(d), sgl), elems);
}

// The same region(s) as an earlier handle, mapped again (another device, direction, attrs).
void Decoder::Remap(uint8_t v) {
  const int old = PickHandle(r_.Byte());
  const int dev = PickDevice();
  const uint8_t d = r_.Byte();
  std::vector<Element> elems = elems_[old];
  // v bit 3: a burst of 2, 4, 6 or 8 such maps (overlap-counter runs in a few bytes).
  const int count = (v & 8) != 0 ? 2 + 2 * ((v >> 1) & 3) : 1;
  for (int k = 0; k < count && b_->num_ops() < options_.max_ops; ++k) {
    if (b_->IsSg(old) || (v & 1) != 0) {
      AddHandle(b_->MapSg(dev, elems, Dir(d), Attrs(d)), elems);
    } else {
      AddHandle(b_->Map(dev, elems[0], Dir(d), Attrs(d)), elems);
    }
  }
}

// Unmaps the picked handle; v bit 3: and then up to 1 + (v & 7) more live handles defined
// after it, in order (a burst of removals after an overlap-counter run, which can leave the
// run's first mapping live).
void Decoder::Unmaps(uint8_t v) {
  const int first = PickHandle(r_.Byte());
  b_->Unmap(first);
  const int more = (v & 8) != 0 ? 1 + (v & 7) : 0;
  for (int h = first + 1, done = 0; h < NumHandles() && done < more; ++h) {
    if (!b_->IsLive(h) || b_->num_ops() >= options_.max_ops) continue;
    b_->Unmap(h);
    ++done;
  }
}

void Decoder::DevAccess(bool write, uint8_t v) {
  const int h = PickHandle(r_.Byte());
  const uint8_t sel = r_.Byte();
  const uint64_t n = b_->Bytes(h);
  const uint64_t off = (sel & 7) * line_ / 4;
  // Inside the mapping unless v says "as given" (a device access past the mapping's end).
  const uint64_t len = (v & 1) != 0 ? Length(sel >> 3, 8 * line_)
                                    : Length(sel >> 3, n - std::min(off, n - 1));
  const uint64_t o = (v & 1) != 0 ? off : std::min(off, n - 1);
  if (write) {
    b_->DevWrite(h, o, len);
  } else {
    b_->DevRead(h, o, len);
  }
}

void Decoder::Sync(bool for_cpu, uint8_t v) {
  const int h = PickHandle(r_.Byte());
  SyncArgs args;
  if ((v & 1) != 0) args.dir = Dir(r_.Byte());
  if ((v & 2) != 0 && b_->IsSg(h)) {
    const uint32_t n = static_cast<uint32_t>(elems_[h].size());
    args.nents = (v & 4) != 0 ? n + 1 : n - 1;
  }
  if (for_cpu) {
    b_->SyncForCpu(h, args);
  } else {
    b_->SyncForDevice(h, args);
  }
}

void Decoder::RangeSync(uint8_t v) {
  const int h = PickHandle(r_.Byte());
  if (b_->IsSg(h)) return Sync((v & 1) != 0, v >> 1);
  const uint8_t sel = r_.Byte();
  const uint64_t n = b_->Bytes(h);
  const uint64_t off = (sel & 7) * line_ / 4;
  const uint64_t len = (v & 4) != 0 ? Length(sel >> 3, 8 * line_)
                                    : Length(sel >> 3, n - std::min(off, n - 1));
  const uint64_t o = (v & 4) != 0 ? off : std::min(off, n - 1);
  std::optional<Direction> dir;
  if ((v & 2) != 0) dir = Dir(r_.Byte());
  if ((v & 1) != 0) {
    b_->SyncForCpuRange(h, o, len, dir);
  } else {
    b_->SyncForDeviceRange(h, o, len, dir);
  }
}

void Decoder::WrongUnmap(uint8_t v) {
  const int h = PickHandle(r_.Byte());
  const Op& def = b_->trace().ops[b_->trace().handles[h].def_op];
  const uint64_t n = b_->Bytes(h);
  const uint32_t nents = static_cast<uint32_t>(elems_[h].size());
  UnmapArgs args;
  switch (v % 5) {
    case 0:  // another size
      if (b_->IsSg(h)) return b_->UnmapSingle(h, {n, {}, {}, {}});
      args.size = (v & 8) != 0 || n <= 1 ? n + line_ : n - 1;
      return b_->UnmapSingle(h, args);
    case 1:  // another direction
      args.dir = static_cast<Direction>((static_cast<int>(def.dir) + 1 + ((v >> 3) & 1)) % 3);
      break;
    case 2:  // other attributes
      args.attrs = (def.attrs ^ (1u + ((v >> 3) & 1))) & kAllAttrs;
      break;
    case 3:  // the other unmap function
      if (b_->IsSg(h)) return b_->UnmapSingle(h, {});
      return b_->UnmapSg(h, {});
    case 4:  // another nents
      if (!b_->IsSg(h)) return b_->UnmapSg(h, {{}, 1, {}, {}});
      // v is 4, 9 or 14 here: one fewer, one more, or far more than were mapped (the walk
      // past the list must stay bounded: docs/trace-format.md, caps).
      args.nents = v == 14 ? kHugeNents : (v & 8) != 0 ? nents + 1 : nents - 1;
      return b_->UnmapSg(h, args);
  }
  if (b_->IsSg(h)) {
    b_->UnmapSg(h, args);
  } else {
    b_->UnmapSingle(h, args);
  }
}

void Decoder::DecodeOp() {
  const uint8_t c = r_.Byte();
  const uint8_t kind = c & 15;
  const uint8_t v = c >> 4;
  const bool needs_handle = kind >= 5 && kind != 14;
  if (needs_handle && NumHandles() == 0) return Map(v);
  switch (kind) {
    case 0:
    case 1: {
      const int buf = PickBuf();
      const Element e = Range(buf, r_.Byte());
      if (kind == 0) {
        b_->CpuWrite(buf, e.off, e.len);
      } else {
        b_->CpuRead(buf, e.off, e.len);
      }
      return;
    }
    case 2:
    case 3: return Map(v);
    case 4: return MapSg(v);
    case 5: return b_->MappingError(PickHandle(r_.Byte()));
    case 6: return DevAccess(true, v);
    case 7: return DevAccess(false, v);
    case 8: return Sync(true, v);
    case 9: return Sync(false, v);
    case 10: return b_->Unmap(PickHandle(r_.Byte()));
    case 11: return Unmaps(v);
    case 12: return WrongUnmap(v);
    case 13: return RangeSync(v);
    case 14: return b_->Unbind(PickDevice());
    case 15: return Remap(v);
  }
}

Trace Decoder::Run() {
  DecodePlatform();
  DecodeDevices();
  DecodeBufs();
  while (!r_.empty() && b_->num_ops() < options_.max_ops) DecodeOp();
  return b_->Take();
}

}  // namespace

Trace DecodeFuzzTrace(const uint8_t* data, size_t size, const DecoderOptions& options) {
  return Decoder(data, size, options).Run();
}

}  // namespace dmasim::hunt
