// Bugs in model/ that properties found and that are reported, not fixed here (issue 11:
// "report it and narrow the property with a comment naming the bug"). Each has a name the
// narrowed properties cite, what is wrong, and the workaround the properties use until the
// model is fixed. props/README.md lists them too.
#ifndef DMASIM_PROPS_SUPPORT_KNOWN_BUGS_H_
#define DMASIM_PROPS_SUPPORT_KNOWN_BUGS_H_

#include "model/trace/trace.h"

namespace dmasim::props {

// Bug "hazard-sync-after-unmap-copies-freed-slot" (model/hazard, HazardOracle::OnOp,
// kSyncForCpu / kSyncForDevice): a sync of a bounced mapping after its unmap copies the
// freed swiotlb slot back to the buffer (sync_for_cpu) or the buffer into the slot
// (sync_for_device). The kernel's swiotlb_bounce() copies nothing for a freed slot
// (orig_addr is INVALID_PHYS_ADDR) and, for a slot another mapping took since, copies to
// and from *that* mapping's buffer. The oracle's copy then reports hazards through the
// buffer's lines, and their presence depends on whether another buffer's mapping reused
// the slot. Found by Laws.BouncedMappingNeverHazardsThroughLineSharing and
// Laws.VerdictsDoNotDependOnOpOrderAmongIndependentBuffers. Smallest trace:
//   platform arch=mips line=64 page=4096 prefetch=yes
//   device d1 noncoherent force_bounce
//   buf b1 at=0x10000f1 len=1
//   m0 = map d1 b1 0 1 from_device
//   mapping_error m0
//   unmap m0
//   sync_for_cpu m0   # op 3: "sync_for_cpu of m0: swiotlb copy-back destroys 1 byte(s) at
//                     #  0x10000f1 holding the device write via m0" (the kernel copies nothing)
// Fix (HazardOracle::OnOp): pass `copy` only while the mapping is live (m.live), and, to be
// exact, copy to/from the buffer of the mapping that holds the slot now, if any.
// Workaround: the two properties drop syncs of a handle after its unmap.
Trace WithoutSyncsAfterUnmap(const Trace& trace);

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_KNOWN_BUGS_H_
