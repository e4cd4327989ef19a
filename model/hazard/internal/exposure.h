// IOMMU sub-page exposure (hazard oracle): an IOMMU maps whole pages (platform `page`), so
// a device behind one can reach every byte of every page a mapping touches, not only the
// mapped bytes. Bytes of *other* buffers on those pages are exposed to the device: the
// sub-page vulnerability class (a security finding, `exposure`). Bytes of the mapping's own
// buffers outside its elements are not counted (the driver owns them). For a bounced element
// the IOMMU maps the slot's pages, which hold no declared buffer.
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_EXPOSURE_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_EXPOSURE_H_

#include <cstdint>
#include <vector>

#include "model/replay/dma_layer.h"
#include "model/trace/trace.h"

namespace dmasim::hazard {

// One other buffer a mapping exposes.
struct Exposure {
  int buf = -1;
  uint64_t first = 0;  // lowest exposed physical byte of the buffer
  uint64_t bytes = 0;  // how many of its bytes are reachable
};

// Exposed buffers in buffer-index order. `page` >= 1.
std::vector<Exposure> FindExposures(const Trace& trace, const Mapping& m, uint64_t page);

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_EXPOSURE_H_
