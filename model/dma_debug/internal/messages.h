// The exact texts dma-debug prints, one function per message kind, and the stable report
// kinds that name them.
//
// Every text is what follows the "DMA-API: <driver> <device>: " prefix (kernels before ~4.19
// printed "<driver> <device>: DMA-API: " instead; the text after it is the same), without
// the trailing newline. Odd spacing is the kernel's: "failed to check map error[device".
// Hex numbers use the kernel's formats (0x%016llx); `%p` pointers are hashed by the kernel,
// so any deterministic hex stands in for them. Texts were checked against kernel/dma/debug.c
// of Debian's linux-source-6.1 (6.1.192) and, for the 2026-only ones, a 2026 copy; all of
// them against the err_printk formats of 7.3.4 (reference dma-debug.md §12), and the sg
// segment ones against 5.10.223 and 6.12.95 too.
#ifndef DMASIM_MODEL_DMA_DEBUG_INTERNAL_MESSAGES_H_
#define DMASIM_MODEL_DMA_DEBUG_INTERNAL_MESSAGES_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "model/dma_debug/report_kinds.h"
#include "model/trace/trace.h"

namespace dmasim::dma_debug {

// add_dma_entry.
std::string EexistMessage();
std::string EnomemMessage();
// dma_entry_alloc with an empty pool (pr_err; dma-debug disables itself).
std::string OutOfMemoryMessage();
// WARN_ONCE in active_cacheline_inc_overlap; `cln` is the cache line *number* (%pa of it).
std::string OverlapOverflowMessage(uint64_t cln);

// check_unmap.
std::string FreeInvalidAddressMessage();
std::string FreeNotAllocatedMessage(uint64_t dev_addr, uint64_t size);
std::string FreeDifferentSizeMessage(uint64_t dev_addr, uint64_t map_size, uint64_t unmap_size);
std::string FreeWrongFunctionMessage(uint64_t dev_addr, uint64_t size, absl::string_view mapped_as,
                                     absl::string_view unmapped_as);
std::string FreeSgEntryCountMessage(int map_count, int unmap_count);
std::string FreeDifferentDirectionMessage(uint64_t dev_addr, uint64_t size, Direction mapped,
                                          Direction unmapped);
std::string MapErrorNotCheckedMessage(uint64_t dev_addr, uint64_t size,
                                      absl::string_view mapped_as);
// 2026; attrs are the kernel's DMA_ATTR_* bit values.
std::string FreeDifferentAttributesMessage(uint64_t dev_addr, uint64_t size,
                                           uint64_t mapped_attrs, uint64_t unmapped_attrs);

// check_sync. `size` is the entry's size for the direction messages (kernel quirk).
std::string SyncNotAllocatedMessage(uint64_t dev_addr, uint64_t size);
std::string SyncOutsideRangeMessage(uint64_t entry_addr, uint64_t entry_size, uint64_t ref_size);
std::string SyncDifferentDirectionMessage(uint64_t dev_addr, uint64_t size, Direction mapped,
                                          Direction synced);
std::string SyncReadOnlyForCpuMessage(uint64_t dev_addr, uint64_t size, Direction mapped,
                                      Direction synced);
std::string SyncWriteOnlyToDeviceMessage(uint64_t dev_addr, uint64_t size, Direction mapped,
                                         Direction synced);
std::string SyncSgEntryCountMessage(int map_count, int sync_count);

// Map-time checks. `ptr` stands in for a hashed %p.
std::string MapFromStackMessage(uint64_t ptr, bool vmapped_stack);
std::string MapFromRodataMessage(uint64_t ptr, uint64_t len);
std::string MapFromInvalidAreaMessage(uint64_t ptr, uint64_t len);
std::string MapFromVmallocMessage(uint64_t ptr, uint64_t len);

// check_sg_segment (err_printk with no entry: no "Mapped at"). `len` and `max` are
// unsigned int in the kernel (%u); start, end and boundary are u64.
std::string SgSegmentTooLongMessage(uint32_t len, uint32_t max);
std::string SgSegmentBoundaryMessage(uint64_t start, uint64_t end, uint64_t boundary);

// Bus notifier at driver unbind (two lines, joined by '\n').
std::string PendingAtUnbindMessage(int count, uint64_t dev_addr, uint64_t size, Direction dir,
                                   absl::string_view type_name);

// The kernel's DMA_ATTR_* value for our attribute bits (for the 2026 attrs message).
uint64_t KernelAttrBits(uint32_t attrs);

}  // namespace dmasim::dma_debug

#endif  // DMASIM_MODEL_DMA_DEBUG_INTERNAL_MESSAGES_H_
