// The `.dma` parser, op statements: map, map_sg, cpu_*, dev_*, mapping_error, sync_*,
// unmap, unmap_sg, unbind. Grammar and every error: docs/trace-format.md.

#include "absl/strings/match.h"
#include "model/trace/internal/parser.h"

namespace dmasim {
namespace parser_internal {

namespace {
constexpr uint64_t kMaxNents = (uint64_t{1} << 31) - 1;  // dma_unmap_sg takes an int
}  // namespace

// Parses BUF [OFF LEN] at token *i (advancing it) into `e`; the range must lie in the buffer.
absl::Status Parser::ElementAt(size_t* i, Element* e) {
  const size_t buf_tok = *i;
  if (absl::Status s = Need(*i, "buffer"); !s.ok()) return s;
  if (tok(*i) == ",") return ErrorAtToken(*i, "missing buffer before ','");
  if (absl::Status s = Lookup(*i, NameRef::kBuf, &e->buf); !s.ok()) return s;
  ++*i;
  const BufDecl& b = trace_.bufs[e->buf];
  e->off = 0;
  e->len = b.len;
  // Whatever follows the buffer name, other than ',', a direction, an attribute or sgl=,
  // must be the offset (so "a zero 8" says "not a number" rather than "unexpected word").
  if (*i < size() && tok(*i) != "," && !ParseDirection(tok(*i)) && !ParseAttr(tok(*i)) &&
      !absl::StartsWith(tok(*i), "sgl=")) {
    if (absl::Status s = Number(*i, "offset", &e->off); !s.ok()) return s;
    if (absl::Status s = Number(*i + 1, "length", &e->len); !s.ok()) return s;
    *i += 2;
  }
  return InsideBuffer(buf_tok, e->buf, e->off, e->len);
}

// Parses attribute words at *i (advancing it) into `attrs`.
absl::Status Parser::AttrWords(size_t* i, uint32_t* attrs) {
  while (*i < size()) {
    std::optional<uint32_t> a = ParseAttr(tok(*i));
    if (!a) break;
    if (*attrs & *a) return ErrorAtToken(*i, absl::StrCat("attribute '", Shown(tok(*i)), "' given twice"));
    *attrs |= *a;
    ++*i;
  }
  return absl::OkStatus();
}

absl::Status Parser::DirectionAt(size_t i, Direction* dir) {
  if (absl::Status s = Need(i, "direction (to_device, from_device, bidirectional)"); !s.ok()) {
    return s;
  }
  std::optional<Direction> d = ParseDirection(tok(i));
  if (!d) {
    return ErrorAtToken(i, absl::StrCat("expected a direction (to_device, from_device, "
                                        "bidirectional), got '", Shown(tok(i)), "'"));
  }
  *dir = *d;
  return absl::OkStatus();
}

// NAME = map DEV BUF [OFF LEN] DIR [ATTR...]
// NAME = map_sg DEV DIR [ATTR...] BUF [OFF LEN] {, BUF [OFF LEN]} [ATTR...] [sgl=LIST [ATTR...]]
absl::Status Parser::MapStmt() {
  if (absl::Status s = Need(2, "'map' or 'map_sg'"); !s.ok()) return s;
  Op op;
  if (tok(2) == "map") {
    op.kind = OpKind::kMap;
  } else if (tok(2) == "map_sg") {
    op.kind = OpKind::kMapSg;
  } else {
    return ErrorAtToken(2, absl::StrCat("expected 'map' or 'map_sg' after '=', got '", Shown(tok(2)), "'"));
  }
  if (absl::Status s = Lookup(3, NameRef::kDevice, &op.device); !s.ok()) return s;
  size_t i = 4;
  if (op.kind == OpKind::kMap) {
    Element e;
    if (absl::Status s = ElementAt(&i, &e); !s.ok()) return s;
    op.elems.push_back(e);
    if (absl::Status s = DirectionAt(i++, &op.dir); !s.ok()) return s;
    if (absl::Status s = AttrWords(&i, &op.attrs); !s.ok()) return s;
  } else {
    if (absl::Status s = DirectionAt(i++, &op.dir); !s.ok()) return s;
    if (absl::Status s = AttrWords(&i, &op.attrs); !s.ok()) return s;
    while (true) {
      if (op.elems.size() >= kMaxSgElements) {
        return ErrorAtToken(i, absl::StrFormat("too many sg elements (the limit is %u)",
                                               kMaxSgElements));
      }
      Element e;
      if (absl::Status s = ElementAt(&i, &e); !s.ok()) return s;
      op.elems.push_back(e);
      if (i < size() && tok(i) == ",") {
        ++i;
        continue;
      }
      break;
    }
    if (absl::Status s = AttrWords(&i, &op.attrs); !s.ok()) return s;
    if (i < size() && absl::StartsWith(tok(i), "sgl=")) {
      op.sg_list = std::string(tok(i).substr(4));
      if (absl::Status s = ValidName(i, op.sg_list); !s.ok()) return s;
      ++i;
      if (absl::Status s = AttrWords(&i, &op.attrs); !s.ok()) return s;
    }
  }
  if (i < size() && absl::StartsWith(tok(i), "sgl=")) {
    return ErrorAtToken(i, op.kind == OpKind::kMap ? "sgl= is only for map_sg"
                                                   : "sgl= given twice");
  }
  if (absl::Status s = NoMore(i); !s.ok()) return s;
  const int handle = static_cast<int>(trace_.handles.size());
  if (absl::Status s = Declare(0, NameRef::kHandle, handle); !s.ok()) return s;
  op.handle = handle;
  trace_.handles.push_back(HandleDecl{std::string(tok(0)),
                                      static_cast<int>(trace_.ops.size()),
                                      op.kind == OpKind::kMapSg});
  return AddOp(std::move(op));
}

// cpu_write|cpu_read BUF [OFF LEN]
absl::Status Parser::CpuStmt() {
  Op op;
  op.kind = tok(0) == "cpu_write" ? OpKind::kCpuWrite : OpKind::kCpuRead;
  size_t i = 1;
  Element e;
  if (absl::Status s = ElementAt(&i, &e); !s.ok()) return s;
  op.buf = e.buf;
  op.off = e.off;
  op.len = e.len;
  if (absl::Status s = NoMore(i); !s.ok()) return s;
  return AddOp(std::move(op));
}

// mapping_error H
absl::Status Parser::MappingErrorStmt() {
  Op op;
  op.kind = OpKind::kMappingError;
  if (absl::Status s = Lookup(1, NameRef::kHandle, &op.handle); !s.ok()) return s;
  if (absl::Status s = NoMore(2); !s.ok()) return s;
  return AddOp(std::move(op));
}

// Parses OFF LEN at tokens i, i+1 (a device-side range relative to a mapping): any values
// whose end does not wrap.
absl::Status Parser::MappingRange(size_t i, uint64_t* off, uint64_t* len) {
  if (absl::Status s = Number(i, "offset", off); !s.ok()) return s;
  if (absl::Status s = Number(i + 1, "length", len); !s.ok()) return s;
  if (*off > ~uint64_t{0} - *len) return ErrorAtToken(i, "range wraps the address space");
  return absl::OkStatus();
}

// dev_write|dev_read H [OFF LEN]
absl::Status Parser::DevStmt() {
  Op op;
  op.kind = tok(0) == "dev_write" ? OpKind::kDevWrite : OpKind::kDevRead;
  if (absl::Status s = Lookup(1, NameRef::kHandle, &op.handle); !s.ok()) return s;
  size_t i = 2;
  if (i < size()) {
    if (absl::Status s = MappingRange(i, &op.off, &op.len); !s.ok()) return s;
    i += 2;
  } else {
    op.off = 0;
    op.len = MappedBytes(trace_.ops[trace_.handles[op.handle].def_op]);
  }
  if (absl::Status s = NoMore(i); !s.ok()) return s;
  return AddOp(std::move(op));
}

// sync_for_cpu|sync_for_device H [OFF LEN] [DIR] [nents=N]
absl::Status Parser::SyncStmt() {
  Op op;
  op.kind = tok(0) == "sync_for_cpu" ? OpKind::kSyncForCpu : OpKind::kSyncForDevice;
  if (absl::Status s = Lookup(1, NameRef::kHandle, &op.handle); !s.ok()) return s;
  const bool sg = trace_.handles[op.handle].sg;
  size_t i = 2;
  if (i < size() && ParseNumber(tok(i)).has_value()) {
    if (sg) {
      return ErrorAtToken(i, "a sync range is only valid on a single mapping (sg lists sync "
                             "whole)");
    }
    if (absl::Status s = MappingRange(i, &op.off, &op.len); !s.ok()) return s;
    op.has_range = true;
    i += 2;
  }
  if (i < size() && ParseDirection(tok(i))) {
    Direction d;
    if (absl::Status s = DirectionAt(i++, &d); !s.ok()) return s;
    op.override_dir = d;
  }
  if (i < size() && absl::StartsWith(tok(i), "nents=")) {
    if (!sg) return ErrorAtToken(i, "nents= is only valid on an sg mapping");
    uint64_t n = 0;
    if (absl::Status s = NumberText(i, tok(i).substr(6), "nents", &n); !s.ok()) return s;
    if (n > kMaxNents) return ErrorAtToken(i, "nents is out of range");
    op.nents = static_cast<uint32_t>(n);
    ++i;
  }
  if (absl::Status s = NoMore(i); !s.ok()) return s;
  return AddOp(std::move(op));
}

// unmap H [size=N] [dir=D|D] [attrs=A+B|none]
// unmap_sg H [nents=N] [dir=D|D] [attrs=A+B|none]
absl::Status Parser::UnmapStmt() {
  Op op;
  op.kind = tok(0) == "unmap" ? OpKind::kUnmap : OpKind::kUnmapSg;
  if (absl::Status s = Lookup(1, NameRef::kHandle, &op.handle); !s.ok()) return s;
  for (size_t i = 2; i < size(); ++i) {
    absl::string_view t = tok(i);
    size_t eq = t.find('=');
    absl::string_view key = eq == absl::string_view::npos ? absl::string_view("dir")
                                                          : t.substr(0, eq);
    absl::string_view val = eq == absl::string_view::npos ? t : t.substr(eq + 1);
    auto twice = [&]() { return ErrorAtToken(i, absl::StrCat(key, " given twice")); };
    if (key == "dir") {
      if (op.override_dir) return twice();
      std::optional<Direction> d = ParseDirection(val);
      if (!d) return ErrorAtToken(i, absl::StrCat("expected a direction, got '", Shown(val), "'"));
      op.override_dir = *d;
    } else if (key == "size" && op.kind == OpKind::kUnmap) {
      if (op.size) return twice();
      uint64_t v = 0;
      if (absl::Status s = NumberText(i, val, "size", &v); !s.ok()) return s;
      op.size = v;
    } else if (key == "nents" && op.kind == OpKind::kUnmapSg) {
      if (op.nents) return twice();
      uint64_t v = 0;
      if (absl::Status s = NumberText(i, val, "nents", &v); !s.ok()) return s;
      if (v > kMaxNents) return ErrorAtToken(i, "nents is out of range");
      op.nents = static_cast<uint32_t>(v);
    } else if (key == "attrs") {
      if (op.override_attrs) return twice();
      uint32_t attrs = 0;
      if (val != "none") {
        for (absl::string_view w : absl::StrSplit(val, '+')) {
          std::optional<uint32_t> a = ParseAttr(w);
          if (!a) return ErrorAtToken(i, absl::StrCat("unknown attribute '", Shown(w), "'"));
          attrs |= *a;
        }
      }
      op.override_attrs = attrs;
    } else {
      return ErrorAtToken(i, absl::StrCat("unexpected word '", Shown(t), "' (", tok(0), " takes ",
                                          op.kind == OpKind::kUnmap ? "size=" : "nents=",
                                          ", dir=, attrs=)"));
    }
  }
  return AddOp(std::move(op));
}

// unbind DEV
absl::Status Parser::UnbindStmt() {
  Op op;
  op.kind = OpKind::kUnbind;
  if (absl::Status s = Lookup(1, NameRef::kDevice, &op.device); !s.ok()) return s;
  if (absl::Status s = NoMore(2); !s.ok()) return s;
  return AddOp(std::move(op));
}

}  // namespace parser_internal
}  // namespace dmasim
