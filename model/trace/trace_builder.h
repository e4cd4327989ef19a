// TraceBuilder: the one API that drivers use to build a trace in code, statement by
// statement. The workload generator, the fuzz decoders and the property generators all go
// through it, so every trace they produce is valid by construction.
//
// Every statement of the `.dma` format has a method, including each wrong call a driver can
// make: an unmap with another size, direction or attributes, an unmap_sg with other nents,
// the wrong unmap function for the handle, a double unmap (call Unmap again), a sync outside
// the mapping (any range that does not wrap), a missing mapping_error (never call it), an
// unbind with live mappings. What the format cannot express (a CPU range outside its buffer,
// an op on a handle that has no map yet, an sg range sync, a 0-length buffer) is a bug in the
// driver and stops the process (DMASIM_CHECK): drivers clamp their inputs first.
//
// Names: devices, buffers and handles get unique names. A name passed in is used as given
// (it must be valid and unused); an empty name picks `<prefix><N>` with the first free N.
// Handles are named m<N> (map) and s<N> (map_sg) unless a name is given.
//
// Take() runs ValidateTrace (a structural check in O(size), no print/parse round trip) and
// returns the trace.
#ifndef DMASIM_MODEL_TRACE_TRACE_BUILDER_H_
#define DMASIM_MODEL_TRACE_TRACE_BUILDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/strings/string_view.h"
#include "model/trace/trace.h"

namespace dmasim {

// The optional arguments of a sync call; unset means "as mapped".
struct SyncArgs {
  std::optional<Direction> dir;    // dma_sync_*(..., dir): another direction is a finding
  std::optional<uint32_t> nents;   // sg handles only: the nents passed to dma_sync_sg_*
};

// The optional arguments of an unmap call; unset means "as mapped".
struct UnmapArgs {
  std::optional<uint64_t> size;    // UnmapSingle only: dma_unmap_single(..., size, ...)
  std::optional<uint32_t> nents;   // UnmapSg only: dma_unmap_sg(..., nents, ...)
  std::optional<Direction> dir;
  std::optional<uint32_t> attrs;   // the attrs passed to the unmap call
};

// Builds a valid Trace call by call (see the file comment).
class TraceBuilder {
 public:
  // `dma_align_given` false: the platform's dma_align must be its arch's default (as when a
  // trace omits dma_align=); it then follows the arch when a replay changes platforms.
  explicit TraceBuilder(const PlatformDecl& platform, bool dma_align_given = true);

  // ---- declarations (may come at any time before first use) ----
  int Device(const DeviceDecl& device);  // an empty name picks d<N>
  int Device(absl::string_view name, bool coherent);
  // The buffer [at, at + len) of `kind`. `len` >= 1 and the range must not wrap.
  int Buf(absl::string_view name, uint64_t at, uint64_t len, BufKind kind = BufKind::kPage);
  // Like Buf with an empty name: picks `<prefix><N>`.
  int BufNamed(absl::string_view prefix, uint64_t at, uint64_t len, BufKind kind);
  void Expect(absl::string_view target, std::vector<std::string> items);

  // ---- CPU accesses: [off, off + len) inside the buffer ----
  void CpuWrite(int buf, uint64_t off, uint64_t len);
  void CpuRead(int buf, uint64_t off, uint64_t len);
  void CpuWriteAll(int buf) { CpuWrite(buf, 0, trace_.bufs[buf].len); }
  void CpuReadAll(int buf) { CpuRead(buf, 0, trace_.bufs[buf].len); }

  // ---- mapping: returns the new handle ----
  int Map(int dev, const Element& e, Direction dir, uint32_t attrs = 0,
          absl::string_view name = "");
  int MapSg(int dev, const std::vector<Element>& elems, Direction dir, uint32_t attrs = 0,
            absl::string_view sg_list = "", absl::string_view name = "");
  void MappingError(int h);

  // ---- device accesses: any range relative to the mapping that does not wrap ----
  void DevWrite(int h, uint64_t off, uint64_t len);
  void DevRead(int h, uint64_t off, uint64_t len);
  void DevWriteAll(int h) { DevWrite(h, 0, Bytes(h)); }
  void DevReadAll(int h) { DevRead(h, 0, Bytes(h)); }

  // ---- syncs: the whole mapping, or (single handles) a range at handle + off ----
  void SyncForCpu(int h, const SyncArgs& args = {});
  void SyncForDevice(int h, const SyncArgs& args = {});
  void SyncForCpuRange(int h, uint64_t off, uint64_t len, std::optional<Direction> dir = {});
  void SyncForDeviceRange(int h, uint64_t off, uint64_t len, std::optional<Direction> dir = {});

  // ---- unmaps ----
  void Unmap(int h);                                // the right function, as mapped
  void UnmapSingle(int h, const UnmapArgs& args);   // dma_unmap_single on any handle
  void UnmapSg(int h, const UnmapArgs& args);       // dma_unmap_sg on any handle
  void Unbind(int dev);

  // ---- queries ----
  uint64_t Bytes(int h) const;           // total mapped bytes of handle h
  bool IsSg(int h) const { return trace_.handles[h].sg; }
  bool IsLive(int h) const;              // mapped and not yet unmapped
  int num_ops() const { return static_cast<int>(trace_.ops.size()); }
  const Trace& trace() const { return trace_; }
  // The finished trace (checked with ValidateTrace; a failure is a bug in the builder).
  Trace Take();

 private:
  void AddOp(Op op);
  void HandleOp(OpKind kind, int h);
  void RangeSync(OpKind kind, int h, uint64_t off, uint64_t len, std::optional<Direction> dir);
  void WholeSync(OpKind kind, int h, const SyncArgs& args);
  int AddBuf(std::string name, uint64_t at, uint64_t len, BufKind kind);
  int AddMap(int dev, const std::vector<Element>& elems, Direction dir, uint32_t attrs,
             absl::string_view sg_list, absl::string_view name, bool sg);
  int NewHandle(bool sg, absl::string_view name);
  std::string PickName(absl::string_view name, absl::string_view prefix);
  void CheckHandle(int h) const;

  Trace trace_;
  absl::btree_set<std::string> names_;           // every name in use
  absl::btree_map<std::string, int> next_index_;  // per prefix: the next N to try
  std::vector<bool> live_;                        // by handle
};

}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_TRACE_BUILDER_H_
