#include "model/workload/trace_builder.h"

#include "absl/strings/str_cat.h"

namespace dmasim::workload {

TraceBuilder::TraceBuilder(const PlatformDecl& platform) {
  t_.platform = platform;
  t_.dma_align_given = true;
}

int TraceBuilder::Device(const std::string& name, bool coherent, bool swiotlb) {
  DeviceDecl d;
  d.name = name;
  d.coherent = coherent;
  d.swiotlb = swiotlb;
  t_.devices.push_back(d);
  return static_cast<int>(t_.devices.size()) - 1;
}

int TraceBuilder::Buf(const std::string& prefix, uint64_t at, uint64_t len, BufKind kind) {
  const auto key = std::make_tuple(at, len, static_cast<int>(kind));
  auto it = buf_index_.find(key);
  if (it != buf_index_.end()) return it->second;
  BufDecl b;
  b.name = absl::StrCat(prefix, prefix_count_[prefix]++);
  b.at = at;
  b.len = len;
  b.kind = kind;
  t_.bufs.push_back(b);
  const int idx = static_cast<int>(t_.bufs.size()) - 1;
  buf_index_[key] = idx;
  return idx;
}

void TraceBuilder::CpuAccess(OpKind kind, int buf, uint64_t off, uint64_t len) {
  Op op;
  op.kind = kind;
  op.buf = buf;
  op.off = off;
  op.len = len;
  t_.ops.push_back(op);
}

int TraceBuilder::NewHandle(bool sg) {
  HandleDecl h;
  h.name = sg ? absl::StrCat("s", next_s_++) : absl::StrCat("m", next_m_++);
  h.sg = sg;
  h.def_op = static_cast<int>(t_.ops.size());
  t_.handles.push_back(h);
  return static_cast<int>(t_.handles.size()) - 1;
}

int TraceBuilder::Map(int dev, const Element& e, Direction dir, uint32_t attrs) {
  const int h = NewHandle(false);
  Op op;
  op.kind = OpKind::kMap;
  op.handle = h;
  op.device = dev;
  op.elems = {e};
  op.dir = dir;
  op.attrs = attrs;
  t_.ops.push_back(op);
  return h;
}

int TraceBuilder::MapSg(int dev, const std::vector<Element>& elems, Direction dir,
                        uint32_t attrs) {
  const int h = NewHandle(true);
  Op op;
  op.kind = OpKind::kMapSg;
  op.handle = h;
  op.device = dev;
  op.elems = elems;
  op.dir = dir;
  op.attrs = attrs;
  t_.ops.push_back(op);
  return h;
}

void TraceBuilder::HandleOp(OpKind k, int h, uint64_t off, uint64_t len, bool range) {
  Op op;
  op.kind = k;
  op.handle = h;
  op.off = off;
  op.len = len;
  op.has_range = range;
  t_.ops.push_back(op);
}

void TraceBuilder::MappingError(int h) { HandleOp(OpKind::kMappingError, h); }
void TraceBuilder::DevRead(int h, uint64_t off, uint64_t len) {
  HandleOp(OpKind::kDevRead, h, off, len);
}
void TraceBuilder::DevWrite(int h, uint64_t off, uint64_t len) {
  HandleOp(OpKind::kDevWrite, h, off, len);
}
void TraceBuilder::SyncForCpu(int h) { HandleOp(OpKind::kSyncForCpu, h); }
void TraceBuilder::SyncForDevice(int h) { HandleOp(OpKind::kSyncForDevice, h); }
void TraceBuilder::SyncForCpuRange(int h, uint64_t off, uint64_t len) {
  HandleOp(OpKind::kSyncForCpu, h, off, len, /*range=*/true);
}
void TraceBuilder::SyncForDeviceRange(int h, uint64_t off, uint64_t len) {
  HandleOp(OpKind::kSyncForDevice, h, off, len, /*range=*/true);
}
void TraceBuilder::Unmap(int h) {
  HandleOp(t_.handles[h].sg ? OpKind::kUnmapSg : OpKind::kUnmap, h);
}

void TraceBuilder::Unbind(int dev) {
  Op op;
  op.kind = OpKind::kUnbind;
  op.device = dev;
  t_.ops.push_back(op);
}

uint64_t TraceBuilder::Bytes(int h) const {
  return MappedBytes(t_.ops[t_.handles[h].def_op]);
}

}  // namespace dmasim::workload
