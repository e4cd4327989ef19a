// CleanTrace (trace_gen.h): a careful driver, then repaired until the contract is silent.
#include <algorithm>
#include <set>
#include <vector>

#include "model/base/check.h"
#include "model/trace/remove_ops.h"
#include "model/trace/trace_builder.h"
#include "props/support/gen_common.h"
#include "props/support/oracles.h"
#include "props/support/trace_gen.h"

namespace dmasim::props {
namespace {

using internal::DrawDirection;
using internal::DrawElement;

class CarefulDriver {
 public:
  CarefulDriver(uint64_t seed, const GenOptions& o)
      : r_(seed), o_(o), b_(internal::NewBuilder(r_, o)) {}

  Trace Run() {
    internal::DrawDevices(r_, o_, b_);
    internal::DrawBuffers(r_, o_, b_);
    const int n = static_cast<int>(r_.Below(o_.max_ops + 1));
    while (b_.num_ops() < n) Step();
    for (int h = 0; h < NumHandles(); ++h) {
      if (b_.IsLive(h)) b_.Unmap(h);
    }
    return b_.Take();
  }

 private:
  int NumHandles() const { return static_cast<int>(b_.trace().handles.size()); }
  int NumBufs() const { return static_cast<int>(b_.trace().bufs.size()); }
  int NumDevices() const { return static_cast<int>(b_.trace().devices.size()); }
  const Op& MapOp(int h) const { return b_.trace().ops[b_.trace().handles[h].def_op]; }

  std::vector<int> Live(bool device_owned) const {
    std::vector<int> v;
    for (int h = 0; h < NumHandles(); ++h) {
      if (b_.IsLive(h) && dev_owned_[h] == device_owned) v.push_back(h);
    }
    return v;
  }

  void Map() {
    const int dev = static_cast<int>(r_.Below(NumDevices()));
    Direction dir = DrawDirection(r_);
    uint32_t attrs = r_.Chance(1, 8) && o_.allow_clean ? uint32_t{kAttrClean} : 0u;
    if (o_.allow_require_coherent && r_.Chance(1, 20)) attrs |= kAttrRequireCoherent;
    const std::vector<int> live = Live(true);
    int h;
    if (!live.empty() && r_.Chance(1, 4)) {
      // Rule 11: the same region for another device; later maps may skip the CPU sync.
      const Op& m = MapOp(live[r_.Below(live.size())]);
      if (r_.Chance(1, 2)) attrs |= kAttrSkipCpuSync;
      if (m.kind == OpKind::kMapSg) {
        h = b_.MapSg(dev, m.elems, m.dir, attrs | (m.attrs & kAttrClean));
      } else {
        h = b_.Map(dev, m.elems[0], m.dir, attrs | (m.attrs & kAttrClean));
      }
    } else if (r_.Chance(1, 4)) {
      std::vector<Element> elems;
      const int n = 1 + static_cast<int>(r_.Below(3));
      for (int k = 0; k < n; ++k) {
        const int buf = static_cast<int>(r_.Below(NumBufs()));
        elems.push_back(WholeOrPart(buf));
      }
      h = b_.MapSg(dev, elems, dir, attrs);
    } else {
      const int buf = static_cast<int>(r_.Below(NumBufs()));
      h = b_.Map(dev, WholeOrPart(buf), dir, attrs);
    }
    if (!b_.IsSg(h)) b_.MappingError(h);
    dev_owned_.resize(NumHandles(), false);
    dev_owned_[h] = true;
  }

  Element WholeOrPart(int buf) {
    const uint64_t len = b_.trace().bufs[buf].len;
    if (r_.Chance(2, 3)) return Element{buf, 0, len};
    return DrawElement(r_, buf, len);
  }

  // The device does what its direction allows.
  void DeviceWork(int h) {
    const Direction d = MapOp(h).dir;
    const bool write = d == Direction::kFromDevice || (d == Direction::kBidirectional && r_.Chance(1, 2));
    const uint64_t bytes = b_.Bytes(h);
    const uint64_t off = r_.Chance(1, 2) ? 0 : r_.Below(bytes + 1);
    const uint64_t len = r_.Chance(1, 2) ? bytes - off : r_.Below(bytes - off + 1);
    write ? b_.DevWrite(h, off, len) : b_.DevRead(h, off, len);
  }

  // The CPU looks at (or, unless from_device, updates) a mapping it owns.
  void CpuWork(int h) {
    const Op& m = MapOp(h);
    const Element& e = m.elems[r_.Below(m.elems.size())];
    const bool write = m.dir != Direction::kFromDevice && r_.Chance(1, 2);
    write ? b_.CpuWrite(e.buf, e.off, e.len) : b_.CpuRead(e.buf, e.off, e.len);
  }

  // dma_sync_single_range_for_cpu, a look, and back to the device.
  void RangeRoundTrip(int h) {
    const uint64_t bytes = b_.Bytes(h);
    const uint64_t off = r_.Below(bytes + 1);
    const uint64_t len = r_.Below(bytes - off + 1);
    const Element& e = MapOp(h).elems[0];
    b_.SyncForCpuRange(h, off, len);
    b_.CpuRead(e.buf, e.off + off, len);
    b_.SyncForDeviceRange(h, off, len);
  }

  // A careless neighbour: a CPU write to another buffer in the granules of a device-owned
  // mapping. The contract flags it (cpu-write-shared-line) and the repair removes it; it is
  // here so that a contract that forgot the rule lets it through, and the soundness property
  // then catches the hazard.
  void NeighbourWrite(int h) {
    const uint64_t g = std::max<uint64_t>(b_.trace().platform.dma_align, 1);
    const Element& e = MapOp(h).elems[r_.Below(MapOp(h).elems.size())];
    const uint64_t start = b_.trace().bufs[e.buf].at + e.off;
    const uint64_t lo = start / g * g, hi = (start + e.len + g - 1) / g * g;
    std::vector<int> near;
    for (int b = 0; b < NumBufs(); ++b) {
      const BufDecl& d = b_.trace().bufs[b];
      if (b != e.buf && d.at < hi && lo < d.at + d.len) near.push_back(b);
    }
    if (near.empty()) return;
    const int b = near[r_.Below(near.size())];
    b_.CpuWriteAll(b);
  }

  void Step() {
    const uint64_t w = r_.Below(100);
    const std::vector<int> dev = Live(true), cpu = Live(false);
    if (w < 6 && !dev.empty()) return NeighbourWrite(dev[r_.Below(dev.size())]);
    if (w < 22 || (dev.empty() && cpu.empty())) {
      if (w < 12 || NumHandles() == 0) return Map();
      const int buf = static_cast<int>(r_.Below(NumBufs()));  // an idle buffer, usually
      const Element e = DrawElement(r_, buf, b_.trace().bufs[buf].len);
      return r_.Chance(1, 2) ? b_.CpuWrite(buf, e.off, e.len) : b_.CpuRead(buf, e.off, e.len);
    }
    if (w < 45 && !dev.empty()) return DeviceWork(dev[r_.Below(dev.size())]);
    if (w < 55 && !dev.empty()) {
      const int h = dev[r_.Below(dev.size())];
      b_.SyncForCpu(h);
      dev_owned_[h] = false;
      return;
    }
    if (w < 65 && !cpu.empty()) return CpuWork(cpu[r_.Below(cpu.size())]);
    if (w < 75 && !cpu.empty()) {
      const int h = cpu[r_.Below(cpu.size())];
      b_.SyncForDevice(h);
      dev_owned_[h] = true;
      return;
    }
    if (w < 80 && !dev.empty()) {
      const int h = dev[r_.Below(dev.size())];
      if (!b_.IsSg(h)) return RangeRoundTrip(h);
    }
    if (w < 95) {
      const std::vector<int>& from = dev.empty() ? cpu : dev;
      if (!from.empty()) return b_.Unmap(from[r_.Below(from.size())]);
    }
    const int d = static_cast<int>(r_.Below(NumDevices()));
    for (int h = 0; h < NumHandles(); ++h) {
      if (b_.IsLive(h) && MapOp(h).device == d) return;  // only idle drivers unbind
    }
    b_.Unbind(d);
  }

  Rng r_;
  GenOptions o_;
  TraceBuilder b_;
  std::vector<bool> dev_owned_;
};

}  // namespace

bool ContractClean(const Trace& trace) { return ContractFindings(trace).empty(); }

Trace CleanTrace(uint64_t seed, const GenOptions& options) {
  Trace t = CarefulDriver(seed, options).Run();
  while (true) {
    const std::vector<OracleFinding> findings = ContractFindings(t);
    if (findings.empty()) return t;
    std::set<int> ops;
    for (const OracleFinding& f : findings) ops.insert(f.op);
    DMASIM_CHECK(!t.ops.empty());  // the empty trace breaks no rule
    t = RemoveOps(t, std::vector<int>(ops.begin(), ops.end()));
  }
}

}  // namespace dmasim::props
