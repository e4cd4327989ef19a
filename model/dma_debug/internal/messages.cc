#include "model/dma_debug/internal/messages.h"

#include "absl/strings/str_format.h"

namespace dmasim::dma_debug {
namespace {

using ull = unsigned long long;

ull U(uint64_t v) { return static_cast<ull>(v); }

// A stand-in for a hashed kernel pointer: 16 hex digits, no 0x (what %p prints on 64-bit).
std::string Ptr(uint64_t p) { return absl::StrFormat("%016x", U(p)); }

std::string DirSyncText(absl::string_view what, uint64_t dev_addr, uint64_t size,
                        Direction mapped, Direction synced) {
  return absl::StrFormat(
      "device driver syncs %s [device address=0x%016x] [size=%u bytes] [mapped with %s] "
      "[synced with %s]",
      what, U(dev_addr), U(size), KernelDirectionName(mapped), KernelDirectionName(synced));
}

}  // namespace

std::string EexistMessage() {
  return "cacheline tracking EEXIST, overlapping mappings aren't supported";
}

std::string EnomemMessage() { return "cacheline tracking ENOMEM, dma-debug disabled"; }

std::string OutOfMemoryMessage() { return "debugging out of memory - disabling"; }

std::string OverlapOverflowMessage(uint64_t cln) {
  return absl::StrFormat("exceeded 7 overlapping mappings of cacheline 0x%016x", U(cln));
}

std::string FreeInvalidAddressMessage() {
  return "device driver tries to free an invalid DMA memory address";
}

std::string FreeNotAllocatedMessage(uint64_t dev_addr, uint64_t size) {
  return absl::StrFormat(
      "device driver tries to free DMA memory it has not allocated [device address=0x%016x] "
      "[size=%u bytes]",
      U(dev_addr), U(size));
}

std::string FreeDifferentSizeMessage(uint64_t dev_addr, uint64_t map_size, uint64_t unmap_size) {
  return absl::StrFormat(
      "device driver frees DMA memory with different size [device address=0x%016x] "
      "[map size=%u bytes] [unmap size=%u bytes]",
      U(dev_addr), U(map_size), U(unmap_size));
}

std::string FreeWrongFunctionMessage(uint64_t dev_addr, uint64_t size, absl::string_view mapped_as,
                                     absl::string_view unmapped_as) {
  return absl::StrFormat(
      "device driver frees DMA memory with wrong function [device address=0x%016x] "
      "[size=%u bytes] [mapped as %s] [unmapped as %s]",
      U(dev_addr), U(size), mapped_as, unmapped_as);
}

std::string FreeSgEntryCountMessage(int map_count, int unmap_count) {
  return absl::StrFormat(
      "device driver frees DMA sg list with different entry count [map count=%d] "
      "[unmap count=%d]",
      map_count, unmap_count);
}

std::string FreeDifferentDirectionMessage(uint64_t dev_addr, uint64_t size, Direction mapped,
                                          Direction unmapped) {
  return absl::StrFormat(
      "device driver frees DMA memory with different direction [device address=0x%016x] "
      "[size=%u bytes] [mapped with %s] [unmapped with %s]",
      U(dev_addr), U(size), KernelDirectionName(mapped), KernelDirectionName(unmapped));
}

std::string MapErrorNotCheckedMessage(uint64_t dev_addr, uint64_t size,
                                      absl::string_view mapped_as) {
  // No space before the first '[': the kernel's string pieces join that way.
  return absl::StrFormat(
      "device driver failed to check map error[device address=0x%016x] [size=%u bytes] "
      "[mapped as %s]",
      U(dev_addr), U(size), mapped_as);
}

std::string FreeDifferentAttributesMessage(uint64_t dev_addr, uint64_t size,
                                           uint64_t mapped_attrs, uint64_t unmapped_attrs) {
  return absl::StrFormat(
      "device driver frees DMA memory with different attributes [device address=0x%016x] "
      "[size=%u bytes] [mapped with 0x%x] [unmapped with 0x%x]",
      U(dev_addr), U(size), U(mapped_attrs), U(unmapped_attrs));
}

std::string SyncNotAllocatedMessage(uint64_t dev_addr, uint64_t size) {
  return absl::StrFormat(
      "device driver tries to sync DMA memory it has not allocated [device address=0x%016x] "
      "[size=%u bytes]",
      U(dev_addr), U(size));
}

std::string SyncOutsideRangeMessage(uint64_t entry_addr, uint64_t entry_size, uint64_t ref_size) {
  return absl::StrFormat(
      "device driver syncs DMA memory outside allocated range [device address=0x%016x] "
      "[allocation size=%u bytes] [sync offset+size=%u]",
      U(entry_addr), U(entry_size), U(ref_size));
}

std::string SyncDifferentDirectionMessage(uint64_t dev_addr, uint64_t size, Direction mapped,
                                          Direction synced) {
  return DirSyncText("DMA memory with different direction", dev_addr, size, mapped, synced);
}

std::string SyncReadOnlyForCpuMessage(uint64_t dev_addr, uint64_t size, Direction mapped,
                                      Direction synced) {
  return DirSyncText("device read-only DMA memory for cpu", dev_addr, size, mapped, synced);
}

std::string SyncWriteOnlyToDeviceMessage(uint64_t dev_addr, uint64_t size, Direction mapped,
                                         Direction synced) {
  return DirSyncText("device write-only DMA memory to device", dev_addr, size, mapped, synced);
}

std::string SyncSgEntryCountMessage(int map_count, int sync_count) {
  return absl::StrFormat(
      "device driver syncs DMA sg list with different entry count [map count=%d] "
      "[sync count=%d]",
      map_count, sync_count);
}

std::string MapFromStackMessage(uint64_t ptr, bool vmapped_stack) {
  return absl::StrFormat("device driver maps memory from stack [%saddr=%s]",
                         vmapped_stack ? "probable " : "", Ptr(ptr));
}

std::string MapFromRodataMessage(uint64_t ptr, uint64_t len) {
  return absl::StrFormat("device driver maps memory from kernel text or rodata [addr=%s] [len=%u]",
                         Ptr(ptr), U(len));
}

std::string MapFromInvalidAreaMessage(uint64_t ptr, uint64_t len) {
  return absl::StrFormat("device driver maps memory from invalid area [addr=%s] [len=%u]",
                         Ptr(ptr), U(len));
}

std::string MapFromVmallocMessage(uint64_t ptr, uint64_t len) {
  return absl::StrFormat("device driver maps memory from vmalloc area [addr=%s] [len=%u]",
                         Ptr(ptr), U(len));
}

std::string SgSegmentTooLongMessage(uint32_t len, uint32_t max) {
  return absl::StrFormat(
      "mapping sg segment longer than device claims to support [len=%u] [max=%u]", len, max);
}

std::string SgSegmentBoundaryMessage(uint64_t start, uint64_t end, uint64_t boundary) {
  return absl::StrFormat(
      "mapping sg segment across boundary [start=0x%016x] [end=0x%016x] [boundary=0x%016x]",
      U(start), U(end), U(boundary));
}

std::string PendingAtUnbindMessage(int count, uint64_t dev_addr, uint64_t size, Direction dir,
                                   absl::string_view type_name) {
  return absl::StrFormat(
      "device driver has pending DMA allocations while released from device [count=%d]\n"
      "One of leaked entries details: [device address=0x%016x] [size=%u bytes] "
      "[mapped with %s] [mapped as %s]",
      count, U(dev_addr), U(size), KernelDirectionName(dir), type_name);
}

uint64_t KernelAttrBits(uint32_t attrs) {
  uint64_t k = 0;
  if (attrs & kAttrSkipCpuSync) k |= uint64_t{1} << 5;       // DMA_ATTR_SKIP_CPU_SYNC
  if (attrs & kAttrClean) k |= uint64_t{1} << 11;            // ..._IGNORE_CACHELINES
  if (attrs & kAttrRequireCoherent) k |= uint64_t{1} << 12;  // DMA_ATTR_REQUIRE_COHERENT
  return k;
}

}  // namespace dmasim::dma_debug
