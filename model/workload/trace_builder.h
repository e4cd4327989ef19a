// Builds a Trace op by op, the way the generator's simulated stack and driver act: buffers
// are declared on first use (deduplicated by address, length and kind, so a page or slab
// object reused later is the same `buf`), handles get unique names (m<N> for map, s<N> for
// map_sg), and every op carries explicit ranges so the canonical text round-trips.
#ifndef DMASIM_MODEL_WORKLOAD_TRACE_BUILDER_H_
#define DMASIM_MODEL_WORKLOAD_TRACE_BUILDER_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "model/trace/trace.h"

namespace dmasim::workload {

class TraceBuilder {
 public:
  explicit TraceBuilder(const PlatformDecl& platform);

  int Device(const std::string& name, bool coherent, bool swiotlb = false);
  // The buffer [at, at+len) of `kind`; declared on first use with name prefix+counter.
  int Buf(const std::string& prefix, uint64_t at, uint64_t len, BufKind kind);

  void CpuWrite(int buf, uint64_t off, uint64_t len) { CpuAccess(OpKind::kCpuWrite, buf, off, len); }
  void CpuRead(int buf, uint64_t off, uint64_t len) { CpuAccess(OpKind::kCpuRead, buf, off, len); }
  int Map(int dev, const Element& e, Direction dir, uint32_t attrs = 0);
  int MapSg(int dev, const std::vector<Element>& elems, Direction dir, uint32_t attrs = 0);
  void MappingError(int h);
  void DevRead(int h, uint64_t off, uint64_t len);
  void DevWrite(int h, uint64_t off, uint64_t len);
  void DevReadAll(int h) { DevRead(h, 0, Bytes(h)); }
  void SyncForCpu(int h);
  void SyncForDevice(int h);
  // dma_sync_single_range_for_cpu / _for_device: `len` bytes at `off` of a single mapping.
  void SyncForCpuRange(int h, uint64_t off, uint64_t len);
  void SyncForDeviceRange(int h, uint64_t off, uint64_t len);
  void Unmap(int h);    // unmap or unmap_sg as the handle was mapped, default parameters
  void Unbind(int dev);

  uint64_t Bytes(int h) const;  // total mapped bytes of handle h
  const Trace& trace() const { return t_; }
  Trace Take() { return std::move(t_); }

 private:
  void CpuAccess(OpKind kind, int buf, uint64_t off, uint64_t len);
  int NewHandle(bool sg);
  void HandleOp(OpKind k, int h, uint64_t off = 0, uint64_t len = 0, bool range = false);

  Trace t_;
  int next_m_ = 0, next_s_ = 0;
  std::map<std::string, int> prefix_count_;
  std::map<std::tuple<uint64_t, uint64_t, int>, int> buf_index_;
};

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_TRACE_BUILDER_H_
