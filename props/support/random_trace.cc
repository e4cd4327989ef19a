// RandomTrace (trace_gen.h): any valid trace, wrong calls included.
#include <algorithm>
#include <vector>

#include "model/trace/trace_builder.h"
#include "props/support/gen_common.h"
#include "props/support/trace_gen.h"

namespace dmasim::props {
namespace {

using internal::DrawAttrs;
using internal::DrawDirection;
using internal::DrawElement;

class RandomDriver {
 public:
  RandomDriver(uint64_t seed, const GenOptions& o)
      : r_(seed), o_(o), b_(internal::NewBuilder(r_, o)) {}

  Trace Run() {
    internal::DrawDevices(r_, o_, b_);
    internal::DrawBuffers(r_, o_, b_);
    if (o_.max_ops >= 10 && r_.Chance(1, 8)) Burst();
    const int n = static_cast<int>(r_.Below(o_.max_ops + 1));
    for (int i = 0; i < n; ++i) Step();
    if (r_.Chance(2, 3)) {  // tidy drivers unmap what they mapped
      for (int h = 0; h < static_cast<int>(b_.trace().handles.size()); ++h) {
        if (b_.IsLive(h)) b_.Unmap(h);
      }
    }
    return b_.Take();
  }

 private:
  int NumHandles() const { return static_cast<int>(b_.trace().handles.size()); }
  int NumBufs() const { return static_cast<int>(b_.trace().bufs.size()); }
  int NumDevices() const { return static_cast<int>(b_.trace().devices.size()); }

  // A handle, live ones preferred.
  int PickHandle() {
    std::vector<int> live;
    for (int h = 0; h < NumHandles(); ++h) {
      if (b_.IsLive(h)) live.push_back(h);
    }
    if (!live.empty() && !r_.Chance(1, 6)) return live[r_.Below(live.size())];
    return static_cast<int>(r_.Below(NumHandles()));
  }

  Element AnyElement() {
    const int buf = static_cast<int>(r_.Below(NumBufs()));
    return DrawElement(r_, buf, b_.trace().bufs[buf].len);
  }

  void MapOne(bool sg) {
    const int dev = static_cast<int>(r_.Below(NumDevices()));
    const Direction dir = DrawDirection(r_);
    const uint32_t attrs = DrawAttrs(r_, o_);
    int h;
    if (sg) {
      std::vector<Element> elems{AnyElement()};
      const int more = static_cast<int>(r_.Below(4));
      for (int k = 0; k < more; ++k) elems.push_back(AnyElement());
      h = b_.MapSg(dev, elems, dir, attrs, r_.Chance(1, 8) ? "sgl" : "");
    } else if (r_.Chance(1, 4) && NumHandles() > 0) {
      // The same region again (another device, or the same one): rule 11 and best fit.
      const Op& m = b_.trace().ops[b_.trace().handles[r_.Below(NumHandles())].def_op];
      h = b_.Map(dev, m.elems[0], dir, attrs);
    } else {
      h = b_.Map(dev, AnyElement(), dir, attrs);
    }
    if (!sg && r_.Chance(2, 3)) b_.MappingError(h);
  }

  // 8..12 maps starting in one line, none unmapped yet: the 3-bit counter saturates and the
  // overflow WARN fires (and a second time, if a model forgot the WARN_ONCE).
  void Burst() {
    const int buf = static_cast<int>(r_.Below(NumBufs()));
    const uint64_t len = b_.trace().bufs[buf].len;
    const int n = 8 + static_cast<int>(r_.Below(5));
    for (int k = 0; k < n; ++k) {
      const int dev = static_cast<int>(r_.Below(NumDevices()));
      const Direction dir = r_.Chance(1, 2) ? Direction::kFromDevice : Direction::kBidirectional;
      const uint64_t off = r_.Chance(1, 2) ? 0 : r_.Below(std::min<uint64_t>(len, 8));
      const int h = b_.Map(dev, Element{buf, off, r_.Below(len - off + 1)}, dir,
                           DrawAttrs(r_, o_));
      if (r_.Chance(1, 2)) b_.MappingError(h);
    }
  }

  void CpuAccess(bool write) {
    const int buf = static_cast<int>(r_.Below(NumBufs()));
    const Element e = DrawElement(r_, buf, b_.trace().bufs[buf].len);
    if (write) {
      b_.CpuWrite(buf, e.off, e.len);
    } else {
      b_.CpuRead(buf, e.off, e.len);
    }
  }

  void DevAccess(int h, bool write) {
    const uint64_t bytes = b_.Bytes(h);
    const uint64_t line = b_.trace().platform.line;
    if (r_.Chance(1, 2)) {
      write ? b_.DevWriteAll(h) : b_.DevReadAll(h);
      return;
    }
    const uint64_t off = r_.Below(bytes + 1);
    const uint64_t len = r_.Below(bytes - off + 1 + (r_.Chance(1, 6) ? line : 0));
    write ? b_.DevWrite(h, off, len) : b_.DevRead(h, off, len);
  }

  void Sync(int h, bool for_cpu) {
    std::optional<Direction> dir;
    if (r_.Chance(1, 10)) dir = DrawDirection(r_);
    if (!b_.IsSg(h) && r_.Chance(1, 3)) {
      const uint64_t bytes = b_.Bytes(h);
      const uint64_t off = r_.Below(bytes + 1);
      const uint64_t len = r_.Below(bytes - off + 1 + (r_.Chance(1, 8) ? 64 : 0));
      for_cpu ? b_.SyncForCpuRange(h, off, len, dir) : b_.SyncForDeviceRange(h, off, len, dir);
      return;
    }
    SyncArgs args;
    args.dir = dir;
    if (b_.IsSg(h) && r_.Chance(1, 8)) args.nents = static_cast<uint32_t>(r_.Below(5));
    for_cpu ? b_.SyncForCpu(h, args) : b_.SyncForDevice(h, args);
  }

  void WrongUnmap(int h) {
    UnmapArgs a;
    const bool single_call = r_.Chance(1, 2);
    if (r_.Chance(1, 2)) a.dir = DrawDirection(r_);
    if (r_.Chance(1, 4)) a.attrs = DrawAttrs(r_, o_);
    if (single_call) {
      if (r_.Chance(1, 2)) a.size = r_.Below(b_.Bytes(h) + 65);
      b_.UnmapSingle(h, a);
    } else {
      if (r_.Chance(1, 2)) a.nents = static_cast<uint32_t>(r_.Below(5));
      b_.UnmapSg(h, a);
    }
  }

  void Step() {
    const uint64_t w = r_.Below(NumHandles() == 0 ? 25 : 100);
    if (w < 14) return MapOne(false);
    if (w < 20) return MapOne(true);
    if (w < 25) return CpuAccess(r_.Chance(1, 2));
    const int h = PickHandle();
    if (w < 31) return b_.MappingError(h);
    if (w < 41) return DevAccess(h, true);
    if (w < 50) return DevAccess(h, false);
    if (w < 57) return Sync(h, true);
    if (w < 64) return Sync(h, false);
    if (w < 77) return b_.Unmap(h);
    if (w < 81) return WrongUnmap(h);
    if (w < 91) return CpuAccess(true);
    if (w < 97) return CpuAccess(false);
    b_.Unbind(static_cast<int>(r_.Below(NumDevices())));
  }

  Rng r_;
  GenOptions o_;
  TraceBuilder b_;
};

}  // namespace

Trace RandomTrace(uint64_t seed, const GenOptions& options) {
  return RandomDriver(seed, options).Run();
}

}  // namespace dmasim::props
