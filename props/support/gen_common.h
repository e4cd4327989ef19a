// Pieces shared by the RandomTrace and CleanTrace generators (trace_gen.h): the platform,
// the devices and the crowded buffer layout, drawn from one Rng.
#ifndef DMASIM_PROPS_SUPPORT_GEN_COMMON_H_
#define DMASIM_PROPS_SUPPORT_GEN_COMMON_H_

#include <cstdint>
#include <vector>

#include "model/base/prng.h"
#include "model/trace/trace.h"
#include "model/trace/trace_builder.h"
#include "props/support/trace_gen.h"

namespace dmasim::props::internal {

struct PlatformChoice {
  PlatformDecl platform;
  bool dma_align_given = false;
};

PlatformChoice DrawPlatform(Rng& r, const GenOptions& o);
// A builder on a drawn platform.
TraceBuilder NewBuilder(Rng& r, const GenOptions& o);

// 1..3 devices.
void DrawDevices(Rng& r, const GenOptions& o, TraceBuilder& b);

// 1..5 buffers crowded into a window of a few lines (sometimes aliases, sometimes one
// spanning pages), placed at a random page-aligned base.
void DrawBuffers(Rng& r, const GenOptions& o, TraceBuilder& b);

// A sub-range [off, off + len) of a buffer of `len` bytes: the whole buffer, a random
// range, or (rarely) an empty one.
Element DrawElement(Rng& r, int buf, uint64_t buf_len);

uint32_t DrawAttrs(Rng& r, const GenOptions& o);
Direction DrawDirection(Rng& r);

}  // namespace dmasim::props::internal

#endif  // DMASIM_PROPS_SUPPORT_GEN_COMMON_H_
