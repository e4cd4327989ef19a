#include "model/replay/replayer.h"

#include "model/base/check.h"
#include "model/replay/dma_layer.h"
#include "model/trace/platform.h"

namespace dmasim {

PlatformDecl PlatformWithArch(const Trace& trace, absl::string_view arch) {
  PlatformDecl p = trace.platform;
  p.arch = std::string(arch);
  if (!trace.dma_align_given) {
    p.dma_align = DefaultDmaAlign(arch, p.line);
  }
  return p;
}

void ReplayOnce(const Trace& trace, const PlatformDecl& platform,
                const std::vector<Observer*>& observers) {
  // The DMA layer decides coherence and bouncing from the platform in force, which it is
  // given beside the trace: an extra platform costs no copy of the trace. Observers read
  // the platform from env.platform, never from env.trace->platform.
  DmaLayer dma(trace, platform);
  ReplayEnv env{&trace, platform, &dma};
  for (Observer* o : observers) o->Begin(env);

  for (int i = 0; i < static_cast<int>(trace.ops.size()); ++i) {
    const Op& op = trace.ops[i];
    OpEvent e;
    e.index = i;
    e.op = &op;
    switch (op.kind) {
      case OpKind::kMap:
      case OpKind::kMapSg:
        e.mapping = &dma.Map(i);
        DMASIM_CHECK(e.mapping->op == i && e.mapping->handle == op.handle);
        break;
      case OpKind::kUnmap:
      case OpKind::kUnmapSg: {
        const Mapping& m = dma.mapping(op.handle);
        DMASIM_CHECK(m.op >= 0 && m.op < i);  // mapped by an earlier op
        e.mapping = &m;
        e.ends_mapping = m.live;
        break;
      }
      case OpKind::kMappingError:
      case OpKind::kDevWrite:
      case OpKind::kDevRead:
      case OpKind::kSyncForCpu:
      case OpKind::kSyncForDevice:
        e.mapping = &dma.mapping(op.handle);
        DMASIM_CHECK(e.mapping->op >= 0 && e.mapping->op < i);
        break;
      case OpKind::kCpuWrite:
      case OpKind::kCpuRead:
      case OpKind::kUnbind:
        break;
    }
    for (Observer* o : observers) o->OnOp(e);
    // The mapping's IOVA and swiotlb slots are released after observers saw the unmap, so
    // they can still inspect it.
    if (e.ends_mapping) dma.Unmap(op.handle);
  }
  for (Observer* o : observers) o->End();
}

}  // namespace dmasim
