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
//   unmap m0
//   sync_for_cpu m0        # hazard: "swiotlb copy-back destroys 1 byte(s) ..."
// Workaround: the two properties drop syncs of a handle after its unmap.
Trace WithoutSyncsAfterUnmap(const Trace& trace);

// Bug "dma-debug-phy-sync-type" (model/dma_debug): from linux-6.18 the era models name map
// entries "phy" but give them the same type as the sync reference, so a single sync finds
// its entry by a perfect fit. The reference (dma-debug.md §12, measured on 7.3.4) has the
// sync reference typed "single" against "phy" entries: no fit is perfect, and with two
// live entries of the device containing the synced range the sync reports "device driver
// tries to sync DMA memory it has not allocated" (a false report the kernel really
// prints). Found by the era model tests (EraModel.*): two identical mappings of one
// buffer on one device, then a sync of one of them; linux-7.0 says nothing.
// Workaround: era_model_test.cc turns the naive reference's sync_type_quirk off.

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_SUPPORT_KNOWN_BUGS_H_
