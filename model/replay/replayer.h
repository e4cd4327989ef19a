// The one replayer: runs a trace's ops, in order, through the DMA layer and every observer.
//
// One pass uses one platform. Checkers and the contract oracle run on the trace's own
// platform; the hazard oracle may run once more per extra arch (`--platform`), each pass with
// its own DMA layer, because coherence and bouncing depend on the arch.
#ifndef DMASIM_MODEL_REPLAY_REPLAYER_H_
#define DMASIM_MODEL_REPLAY_REPLAYER_H_

#include <vector>

#include "model/replay/observer.h"
#include "model/trace/trace.h"

namespace dmasim {

// The trace's platform with its arch replaced by `arch` (dma_align follows the new arch's
// default unless the trace wrote dma_align= explicitly).
PlatformDecl PlatformWithArch(const Trace& trace, absl::string_view arch);

// Replays `trace` once under `platform`, feeding `observers` in the given order.
// Precondition: `trace` is valid (as the parser or a generator guarantees).
void ReplayOnce(const Trace& trace, const PlatformDecl& platform,
                const std::vector<Observer*>& observers);

}  // namespace dmasim

#endif  // DMASIM_MODEL_REPLAY_REPLAYER_H_
