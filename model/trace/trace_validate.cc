#include "model/trace/trace_validate.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/trace/expect_syntax.h"
#include "model/trace/platform.h"
#include "model/trace/trace_lexer.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

absl::Status Invalid(const std::string& msg) { return absl::InvalidArgumentError(msg); }
absl::Status OpError(int i, const std::string& msg) {
  return Invalid(absl::StrFormat("op %d: %s", i, msg));
}
bool IsPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }
bool Pow2In(uint64_t v, uint64_t lo, uint64_t hi) { return IsPowerOfTwo(v) && v >= lo && v <= hi; }

absl::Status CheckPlatform(const Trace& t) {
  const PlatformDecl& p = t.platform;
  const ArchPolicy* arch = FindArch(p.arch);
  if (t.version != 1) return Invalid(absl::StrFormat("version %d is not 1", t.version));
  if (arch == nullptr) return Invalid(absl::StrCat("unknown arch '", p.arch, "'"));
  if (!Pow2In(p.line, 8, 4096) || !Pow2In(p.dma_align, 1, 65536) ||
      !Pow2In(p.page, 512, uint64_t{1} << 30) || p.page < p.line) {
    return Invalid("platform line/dma_align/page out of range or not powers of two");
  }
  if (!t.dma_align_given && p.dma_align != DefaultDmaAlign(p.arch, p.line)) {
    return Invalid("dma_align differs from the arch default but dma_align_given is false");
  }
  return absl::OkStatus();
}

// Names are valid and unique across devices, buffers and handles; buffers are non-empty
// and do not wrap.
absl::Status CheckDeclarations(const Trace& t) {
  if (t.devices.size() > kMaxDecls || t.bufs.size() > kMaxDecls ||
      t.expects.size() > kMaxDecls || t.ops.size() > kMaxOps) {
    return Invalid("more declarations or ops than the parser's caps");
  }
  absl::flat_hash_set<absl::string_view> names;  // membership only, never iterated
  auto declare = [&](absl::string_view name) -> absl::Status {
    if (!IsValidName(name)) return Invalid(absl::StrCat("invalid name '", name, "'"));
    if (!names.insert(name).second) return Invalid(absl::StrCat("duplicate name '", name, "'"));
    return absl::OkStatus();
  };
  for (const DeviceDecl& d : t.devices) {
    if (absl::Status s = declare(d.name); !s.ok()) return s;
    if (d.force_bounce && !d.swiotlb) return Invalid("force_bounce without swiotlb");
    if (d.max_seg == 0) return Invalid(absl::StrCat("device '", d.name, "' has max_seg 0"));
    if (d.seg_boundary == 0 || (d.seg_boundary & (d.seg_boundary + 1)) != 0) {
      return Invalid(absl::StrCat("device '", d.name, "' has a seg_boundary that is no 2^k - 1"));
    }
  }
  for (const BufDecl& b : t.bufs) {
    if (absl::Status s = declare(b.name); !s.ok()) return s;
    if (b.len == 0 || b.at > ~uint64_t{0} - b.len) {
      return Invalid(absl::StrCat("buffer '", b.name, "' is empty or wraps"));
    }
  }
  for (const HandleDecl& h : t.handles) {
    if (absl::Status s = declare(h.name); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// The fields of `op` that its kind gives meaning to (trace.h); every other field default.
// An op is well formed iff it equals its projection.
Op Meaningful(const Op& op) {
  Op m;
  m.kind = op.kind;
  switch (op.kind) {
    case OpKind::kCpuWrite:
    case OpKind::kCpuRead:
      m.buf = op.buf, m.off = op.off, m.len = op.len;
      break;
    case OpKind::kMap:
    case OpKind::kMapSg:
      m.handle = op.handle, m.device = op.device, m.elems = op.elems, m.dir = op.dir;
      m.attrs = op.attrs;
      if (op.kind == OpKind::kMapSg) m.sg_list = op.sg_list;
      break;
    case OpKind::kMappingError:
      m.handle = op.handle;
      break;
    case OpKind::kDevWrite:
    case OpKind::kDevRead:
      m.handle = op.handle, m.off = op.off, m.len = op.len;
      break;
    case OpKind::kSyncForCpu:
    case OpKind::kSyncForDevice:
      m.handle = op.handle, m.has_range = op.has_range, m.override_dir = op.override_dir;
      if (op.has_range) m.off = op.off, m.len = op.len;
      m.nents = op.nents;
      break;
    case OpKind::kUnmap:
    case OpKind::kUnmapSg:
      m.handle = op.handle, m.override_dir = op.override_dir;
      m.override_attrs = op.override_attrs;
      if (op.kind == OpKind::kUnmap) m.size = op.size;
      if (op.kind == OpKind::kUnmapSg) m.nents = op.nents;
      break;
    case OpKind::kUnbind:
      m.device = op.device;
      break;
  }
  return m;
}

absl::Status CheckCpuRange(const Trace& t, int i, int buf, uint64_t off, uint64_t len) {
  if (buf < 0 || buf >= static_cast<int>(t.bufs.size())) {
    return OpError(i, "buffer index out of range");
  }
  const uint64_t blen = t.bufs[buf].len;
  if (off > blen || len > blen - off) return OpError(i, "range outside its buffer");
  return absl::OkStatus();
}

absl::Status CheckMap(const Trace& t, int i, const Op& op) {
  if (op.device < 0 || op.device >= static_cast<int>(t.devices.size())) {
    return OpError(i, "device index out of range");
  }
  if (op.handle < 0 || op.handle >= static_cast<int>(t.handles.size()) ||
      t.handles[op.handle].def_op != i ||
      t.handles[op.handle].sg != (op.kind == OpKind::kMapSg)) {
    return OpError(i, "map does not define its handle");
  }
  const size_t n = op.elems.size();
  if (n == 0 || (op.kind == OpKind::kMap && n != 1) || n > kMaxSgElements) {
    return OpError(i, "wrong number of elements");
  }
  for (const Element& e : op.elems) {
    if (absl::Status s = CheckCpuRange(t, i, e.buf, e.off, e.len); !s.ok()) return s;
  }
  if ((op.attrs & ~kAllAttrs) != 0) return OpError(i, "unknown attribute bits");
  if (!op.sg_list.empty() && !IsValidName(op.sg_list)) return OpError(i, "invalid sgl= name");
  return absl::OkStatus();
}

// Ops on an existing handle: defined earlier; sync ranges only on single handles, nents=
// only on sg handles; ranges do not wrap.
absl::Status CheckHandleOp(const Trace& t, int i, const Op& op) {
  if (op.handle < 0 || op.handle >= static_cast<int>(t.handles.size()) ||
      t.handles[op.handle].def_op >= i) {
    return OpError(i, "handle used before its map");
  }
  const bool sg = t.handles[op.handle].sg;
  const bool sync = op.kind == OpKind::kSyncForCpu || op.kind == OpKind::kSyncForDevice;
  if (sync && op.has_range && sg) return OpError(i, "a sync range on an sg handle");
  if (sync && op.nents && !sg) return OpError(i, "nents= on a single handle's sync");
  if (op.off > ~uint64_t{0} - op.len) return OpError(i, "range wraps the address space");
  constexpr uint32_t kMaxNents = (uint32_t{1} << 31) - 1;
  if (op.nents && *op.nents > kMaxNents) return OpError(i, "nents out of range");
  if (op.override_attrs && (*op.override_attrs & ~kAllAttrs) != 0) {
    return OpError(i, "unknown attribute bits");
  }
  return absl::OkStatus();
}

absl::Status CheckOps(const Trace& t) {
  for (size_t h = 0; h < t.handles.size(); ++h) {
    const int d = t.handles[h].def_op;
    if (d < 0 || d >= static_cast<int>(t.ops.size()) || t.ops[d].handle != static_cast<int>(h)) {
      return Invalid(absl::StrFormat("handle '%s' is not defined by a map op", t.handles[h].name));
    }
  }
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    const Op& op = t.ops[i];
    if (!(Meaningful(op) == op)) return OpError(i, "a field its kind does not use is set");
    absl::Status s;
    switch (op.kind) {
      case OpKind::kCpuWrite:
      case OpKind::kCpuRead:
        s = CheckCpuRange(t, i, op.buf, op.off, op.len);
        break;
      case OpKind::kMap:
      case OpKind::kMapSg:
        s = CheckMap(t, i, op);
        break;
      case OpKind::kUnbind:
        if (op.device < 0 || op.device >= static_cast<int>(t.devices.size())) {
          s = OpError(i, "device index out of range");
        }
        break;
      default:
        s = CheckHandleOp(t, i, op);
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckExpects(const Trace& t) {
  for (const Expectation& e : t.expects) {
    if (!IsExpectTarget(e.target)) return Invalid(absl::StrCat("bad expect target '", e.target, "'"));
    if (e.items.empty()) return Invalid("expect without verdict words");
    for (const std::string& w : e.items) {
      if (!IsVerdictWord(w, e.items.size())) return Invalid(absl::StrCat("bad verdict word '", w, "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateTrace(const Trace& t) {
  if (absl::Status s = CheckPlatform(t); !s.ok()) return s;
  if (absl::Status s = CheckDeclarations(t); !s.ok()) return s;
  if (absl::Status s = CheckOps(t); !s.ok()) return s;
  if (absl::Status s = CheckExpects(t); !s.ok()) return s;
  if (!t.op_lines.empty() && t.op_lines.size() != t.ops.size()) {
    return Invalid("op_lines does not match ops");
  }
  if ((!t.expect_lines.empty() && t.expect_lines.size() != t.expects.size()) ||
      (!t.expect_cols.empty() && t.expect_cols.size() != t.expects.size())) {
    return Invalid("expect_lines/expect_cols do not match expects");
  }
  return absl::OkStatus();
}

}  // namespace dmasim
