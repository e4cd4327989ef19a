#include "model/trace/trace_builder.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "model/base/check.h"
#include "model/trace/expect_syntax.h"
#include "model/trace/platform.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_validate.h"

namespace dmasim {

TraceBuilder::TraceBuilder(const PlatformDecl& platform, bool dma_align_given) {
  trace_.platform = platform;
  trace_.dma_align_given = dma_align_given;
  DMASIM_CHECK(FindArch(platform.arch) != nullptr);
}

std::string TraceBuilder::PickName(absl::string_view name, absl::string_view prefix) {
  std::string picked(name);
  if (picked.empty()) {
    int& next = next_index_[std::string(prefix)];
    do {
      picked = absl::StrCat(prefix, next++);
    } while (names_.contains(picked));
  }
  DMASIM_CHECK(IsValidName(picked));
  DMASIM_CHECK(names_.insert(picked).second);  // names are unique across all kinds
  return picked;
}

int TraceBuilder::Device(const DeviceDecl& device) {
  DMASIM_CHECK(trace_.devices.size() < kMaxDecls);
  DMASIM_CHECK(device.swiotlb || !device.force_bounce);
  DeviceDecl d = device;
  d.name = PickName(device.name, "d");
  trace_.devices.push_back(std::move(d));
  return static_cast<int>(trace_.devices.size()) - 1;
}

int TraceBuilder::Device(absl::string_view name, bool coherent) {
  DeviceDecl d;
  d.name = std::string(name);
  d.coherent = coherent;
  return Device(d);
}

int TraceBuilder::Buf(absl::string_view name, uint64_t at, uint64_t len, BufKind kind) {
  return AddBuf(PickName(name, "b"), at, len, kind);
}

int TraceBuilder::BufNamed(absl::string_view prefix, uint64_t at, uint64_t len, BufKind kind) {
  return AddBuf(PickName("", prefix), at, len, kind);
}

int TraceBuilder::AddBuf(std::string name, uint64_t at, uint64_t len, BufKind kind) {
  DMASIM_CHECK(trace_.bufs.size() < kMaxDecls);
  DMASIM_CHECK(len >= 1 && at <= ~uint64_t{0} - len);
  BufDecl b;
  b.name = std::move(name);
  b.at = at;
  b.len = len;
  b.kind = kind;
  trace_.bufs.push_back(std::move(b));
  return static_cast<int>(trace_.bufs.size()) - 1;
}

void TraceBuilder::Expect(absl::string_view target, std::vector<std::string> items) {
  DMASIM_CHECK(IsExpectTarget(target) && !items.empty());
  for (const std::string& w : items) DMASIM_CHECK(IsVerdictWord(w, items.size()));
  trace_.expects.push_back(Expectation{std::string(target), std::move(items)});
}

void TraceBuilder::AddOp(Op op) {
  DMASIM_CHECK(trace_.ops.size() < kMaxOps);
  trace_.ops.push_back(std::move(op));
}

void TraceBuilder::CpuWrite(int buf, uint64_t off, uint64_t len) {
  DMASIM_CHECK(buf >= 0 && buf < static_cast<int>(trace_.bufs.size()));
  const uint64_t blen = trace_.bufs[buf].len;
  DMASIM_CHECK(off <= blen && len <= blen - off);
  Op op;
  op.kind = OpKind::kCpuWrite;
  op.buf = buf;
  op.off = off;
  op.len = len;
  AddOp(std::move(op));
}

void TraceBuilder::CpuRead(int buf, uint64_t off, uint64_t len) {
  CpuWrite(buf, off, len);  // same checks and fields; only the kind differs
  trace_.ops.back().kind = OpKind::kCpuRead;
}

int TraceBuilder::NewHandle(bool sg, absl::string_view name) {
  HandleDecl h;
  h.name = PickName(name, sg ? "s" : "m");
  h.sg = sg;
  h.def_op = static_cast<int>(trace_.ops.size());
  trace_.handles.push_back(std::move(h));
  live_.push_back(true);
  return static_cast<int>(trace_.handles.size()) - 1;
}

int TraceBuilder::Map(int dev, const Element& e, Direction dir, uint32_t attrs,
                      absl::string_view name) {
  return AddMap(dev, {e}, dir, attrs, "", name, /*sg=*/false);
}

int TraceBuilder::MapSg(int dev, const std::vector<Element>& elems, Direction dir,
                        uint32_t attrs, absl::string_view sg_list, absl::string_view name) {
  return AddMap(dev, elems, dir, attrs, sg_list, name, /*sg=*/true);
}

int TraceBuilder::AddMap(int dev, const std::vector<Element>& elems, Direction dir,
                         uint32_t attrs, absl::string_view sg_list, absl::string_view name,
                         bool sg) {
  DMASIM_CHECK(dev >= 0 && dev < static_cast<int>(trace_.devices.size()));
  DMASIM_CHECK(!elems.empty() && elems.size() <= kMaxSgElements && (sg || elems.size() == 1));
  DMASIM_CHECK((attrs & ~kAllAttrs) == 0);
  DMASIM_CHECK(sg_list.empty() || (sg && IsValidName(sg_list)));
  for (const Element& e : elems) {
    DMASIM_CHECK(e.buf >= 0 && e.buf < static_cast<int>(trace_.bufs.size()));
    DMASIM_CHECK(e.off <= trace_.bufs[e.buf].len && e.len <= trace_.bufs[e.buf].len - e.off);
  }
  Op op;
  op.kind = sg ? OpKind::kMapSg : OpKind::kMap;
  op.device = dev;
  op.elems = elems;
  op.dir = dir;
  op.attrs = attrs;
  op.sg_list = std::string(sg_list);
  const int h = NewHandle(sg, name);
  op.handle = h;
  AddOp(std::move(op));
  return h;
}

void TraceBuilder::CheckHandle(int h) const {
  DMASIM_CHECK(h >= 0 && h < static_cast<int>(trace_.handles.size()));
}

void TraceBuilder::HandleOp(OpKind kind, int h) {
  CheckHandle(h);
  Op op;
  op.kind = kind;
  op.handle = h;
  AddOp(std::move(op));
}

void TraceBuilder::MappingError(int h) { HandleOp(OpKind::kMappingError, h); }

void TraceBuilder::DevWrite(int h, uint64_t off, uint64_t len) {
  DMASIM_CHECK(off <= ~uint64_t{0} - len);
  HandleOp(OpKind::kDevWrite, h);
  trace_.ops.back().off = off;
  trace_.ops.back().len = len;
}

void TraceBuilder::DevRead(int h, uint64_t off, uint64_t len) {
  DevWrite(h, off, len);
  trace_.ops.back().kind = OpKind::kDevRead;
}

void TraceBuilder::WholeSync(OpKind kind, int h, const SyncArgs& args) {
  HandleOp(kind, h);
  DMASIM_CHECK(!args.nents || trace_.handles[h].sg);
  trace_.ops.back().override_dir = args.dir;
  trace_.ops.back().nents = args.nents;
}

void TraceBuilder::RangeSync(OpKind kind, int h, uint64_t off, uint64_t len,
                             std::optional<Direction> dir) {
  HandleOp(kind, h);
  DMASIM_CHECK(!trace_.handles[h].sg);  // sg lists sync whole (the format has no sg range)
  DMASIM_CHECK(off <= ~uint64_t{0} - len);
  Op& op = trace_.ops.back();
  op.has_range = true;
  op.off = off;
  op.len = len;
  op.override_dir = dir;
}

void TraceBuilder::SyncForCpu(int h, const SyncArgs& args) {
  WholeSync(OpKind::kSyncForCpu, h, args);
}
void TraceBuilder::SyncForDevice(int h, const SyncArgs& args) {
  WholeSync(OpKind::kSyncForDevice, h, args);
}
void TraceBuilder::SyncForCpuRange(int h, uint64_t off, uint64_t len,
                                   std::optional<Direction> dir) {
  RangeSync(OpKind::kSyncForCpu, h, off, len, dir);
}
void TraceBuilder::SyncForDeviceRange(int h, uint64_t off, uint64_t len,
                                      std::optional<Direction> dir) {
  RangeSync(OpKind::kSyncForDevice, h, off, len, dir);
}

void TraceBuilder::Unmap(int h) {
  CheckHandle(h);
  if (trace_.handles[h].sg) {
    UnmapSg(h, {});
  } else {
    UnmapSingle(h, {});
  }
}

void TraceBuilder::UnmapSingle(int h, const UnmapArgs& args) {
  DMASIM_CHECK(!args.nents);
  DMASIM_CHECK(!args.attrs || (*args.attrs & ~kAllAttrs) == 0);
  HandleOp(OpKind::kUnmap, h);
  Op& op = trace_.ops.back();
  op.size = args.size;
  op.override_dir = args.dir;
  op.override_attrs = args.attrs;
  live_[h] = false;
}

void TraceBuilder::UnmapSg(int h, const UnmapArgs& args) {
  DMASIM_CHECK(!args.size);
  DMASIM_CHECK(!args.nents || *args.nents <= (uint32_t{1} << 31) - 1);
  DMASIM_CHECK(!args.attrs || (*args.attrs & ~kAllAttrs) == 0);
  HandleOp(OpKind::kUnmapSg, h);
  Op& op = trace_.ops.back();
  op.nents = args.nents;
  op.override_dir = args.dir;
  op.override_attrs = args.attrs;
  live_[h] = false;
}

void TraceBuilder::Unbind(int dev) {
  DMASIM_CHECK(dev >= 0 && dev < static_cast<int>(trace_.devices.size()));
  Op op;
  op.kind = OpKind::kUnbind;
  op.device = dev;
  AddOp(std::move(op));
}

uint64_t TraceBuilder::Bytes(int h) const {
  CheckHandle(h);
  return MappedBytes(trace_.ops[trace_.handles[h].def_op]);
}

bool TraceBuilder::IsLive(int h) const {
  CheckHandle(h);
  return live_[h];
}

Trace TraceBuilder::Take() {
  DMASIM_CHECK(ValidateTrace(trace_).ok());
  Trace out = std::move(trace_);
  trace_ = Trace{};
  trace_.platform = out.platform;
  trace_.dma_align_given = out.dma_align_given;
  names_.clear();
  next_index_.clear();
  live_.clear();
  return out;
}

}  // namespace dmasim
