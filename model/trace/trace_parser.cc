// The `.dma` parser: the driver and the declaration statements (platform, device, buf,
// expect). Op statements are in trace_parser_ops.cc. Grammar and errors: docs/trace-format.md.

#include "model/trace/trace_parser.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <iostream>

#include "model/trace/expect_syntax.h"
#include "model/trace/platform.h"
#include "model/trace/trace_validate.h"
#include "model/base/check.h"
#include "absl/strings/match.h"
#include "model/trace/internal/parser.h"

namespace dmasim {
namespace parser_internal {

// platform arch=A line=N dma_align=N page=N prefetch=yes|no bounce_kmalloc=yes|no
absl::Status Parser::PlatformStmt() {
  if (platform_seen_) return ErrorAtToken(0, "duplicate platform statement");
  if (!trace_.ops.empty()) return ErrorAtToken(0, "the platform statement must precede every op");
  platform_seen_ = true;
  PlatformDecl& p = trace_.platform;
  std::set<std::string> keys_seen;
  for (size_t i = 1; i < size(); ++i) {
    absl::string_view t = tok(i);
    size_t eq = t.find('=');
    if (eq == absl::string_view::npos) {
      return ErrorAtToken(i, absl::StrCat("expected key=value, got '", Shown(t), "'"));
    }
    absl::string_view key = t.substr(0, eq), val = t.substr(eq + 1);
    if (!keys_seen.insert(std::string(key)).second) {
      return ErrorAtToken(i, absl::StrCat(Shown(key), "= given twice"));
    }
    auto yes_no = [&](bool* out) -> absl::Status {
      if (val == "yes") *out = true;
      else if (val == "no") *out = false;
      else return ErrorAtToken(i, absl::StrCat(key, " must be yes or no, not '", Shown(val), "'"));
      return absl::OkStatus();
    };
    auto pow2 = [&](uint64_t lo, uint64_t hi, uint32_t* out) -> absl::Status {
      uint64_t v = 0;
      if (absl::Status s = NumberText(i, val, key, &v); !s.ok()) return s;
      if (!IsPowerOfTwo(v)) {
        return ErrorAtToken(i, absl::StrFormat("%s=%u is not a power of two", key, v));
      }
      if (v < lo || v > hi) {
        return ErrorAtToken(i, absl::StrFormat("%s=%u is out of range [%u, %u]", key, v, lo, hi));
      }
      *out = static_cast<uint32_t>(v);
      return absl::OkStatus();
    };
    absl::Status s;
    if (key == "arch") {
      if (FindArch(val) == nullptr) {
        std::string known;
        for (const ArchPolicy& a : AllArchs()) absl::StrAppend(&known, known.empty() ? "" : " ", a.name);
        return ErrorAtToken(i, absl::StrCat("unknown arch '", Shown(val), "' (known: ", known, ")"));
      }
      p.arch = std::string(val);
    } else if (key == "line") {
      s = pow2(8, 4096, &p.line);
    } else if (key == "dma_align") {
      s = pow2(1, 65536, &p.dma_align);
      trace_.dma_align_given = true;
    } else if (key == "page") {
      s = pow2(512, uint64_t{1} << 30, &p.page);
    } else if (key == "prefetch") {
      s = yes_no(&p.prefetch);
    } else if (key == "bounce_kmalloc") {
      s = yes_no(&p.bounce_kmalloc);
    } else {
      return ErrorAtToken(i, absl::StrCat("unknown platform key '", Shown(key), "'"));
    }
    if (!s.ok()) return s;
  }
  if (!trace_.dma_align_given) {
    p.dma_align = DefaultDmaAlign(p.arch, p.line);
  }
  if (p.page < p.line) {
    return ErrorAtToken(0, absl::StrFormat("page=%u is smaller than line=%u", p.page, p.line));
  }
  return absl::OkStatus();
}

// device NAME [coherent|noncoherent] [iommu] [swiotlb] [force_bounce] [max_seg=N]
//             [seg_boundary=MASK]
absl::Status Parser::DeviceStmt() {
  if (absl::Status s = Need(1, "device name"); !s.ok()) return s;
  if (absl::Status s = CheckDeclCount(trace_.devices.size()); !s.ok()) return s;
  DeviceDecl d;
  d.name = std::string(tok(1));
  bool coherence_given = false;
  bool swiotlb_given = false;  // the flag itself (force_bounce implies swiotlb, not twice)
  bool max_seg_given = false, boundary_given = false;
  for (size_t i = 2; i < size(); ++i) {
    absl::string_view t = tok(i);
    if (absl::StartsWith(t, "max_seg=") || absl::StartsWith(t, "seg_boundary=")) {
      if (absl::Status s = DeviceLimit(i, &d, &max_seg_given, &boundary_given); !s.ok()) {
        return s;
      }
    } else if (t == "coherent" || t == "noncoherent") {
      if (coherence_given) return ErrorAtToken(i, "coherence given twice");
      coherence_given = true;
      d.coherent = (t == "coherent");
    } else if (t == "iommu" || t == "swiotlb" || t == "force_bounce") {
      bool& flag = t == "iommu" ? d.iommu : t == "swiotlb" ? swiotlb_given : d.force_bounce;
      if (flag) return ErrorAtToken(i, absl::StrCat(t, " given twice"));
      flag = true;
    } else {
      return ErrorAtToken(i, absl::StrCat("unknown device flag '", Shown(t),
                                          "' (coherent, noncoherent, iommu, swiotlb, force_bounce, "
                                          "max_seg=N, seg_boundary=MASK)"));
    }
  }
  d.swiotlb = swiotlb_given || d.force_bounce;
  if (absl::Status s = Declare(1, NameRef::kDevice, static_cast<int>(trace_.devices.size()));
      !s.ok()) {
    return s;
  }
  trace_.devices.push_back(std::move(d));
  return absl::OkStatus();
}

// max_seg=N (dma_set_max_seg_size: 1 .. 2^32 - 1) or seg_boundary=MASK
// (dma_set_seg_boundary: 2^k - 1, k >= 1) on a device statement.
absl::Status Parser::DeviceLimit(size_t i, DeviceDecl* d, bool* max_seg_given,
                                 bool* boundary_given) {
  absl::string_view t = tok(i);
  const size_t eq = t.find('=');
  absl::string_view key = t.substr(0, eq), val = t.substr(eq + 1);
  bool* given = key == "max_seg" ? max_seg_given : boundary_given;
  if (*given) return ErrorAtToken(i, absl::StrCat(key, "= given twice"));
  *given = true;
  uint64_t v = 0;
  if (absl::Status s = NumberText(i, val, key, &v); !s.ok()) return s;
  if (key == "max_seg") {
    if (v == 0 || v > 0xffffffffu) {
      return ErrorAtToken(i, absl::StrFormat("max_seg=%u is out of range [1, 4294967295]", v));
    }
    d->max_seg = static_cast<uint32_t>(v);
  } else {
    if (v == 0 || (v & (v + 1)) != 0) {
      return ErrorAtToken(i, absl::StrFormat("seg_boundary=0x%x is not a mask 2^k - 1 (k >= 1)", v));
    }
    d->seg_boundary = v;
  }
  return absl::OkStatus();
}

// buf NAME at=ADDR len=N [kind=K]
absl::Status Parser::BufStmt() {
  if (absl::Status s = Need(1, "buffer name"); !s.ok()) return s;
  if (absl::Status s = CheckDeclCount(trace_.bufs.size()); !s.ok()) return s;
  BufDecl b;
  b.name = std::string(tok(1));
  bool have_at = false, have_len = false, have_kind = false;
  for (size_t i = 2; i < size(); ++i) {
    absl::string_view t = tok(i);
    size_t eq = t.find('=');
    if (eq == absl::string_view::npos) {
      return ErrorAtToken(i, absl::StrCat("expected key=value, got '", Shown(t), "'"));
    }
    absl::string_view key = t.substr(0, eq), val = t.substr(eq + 1);
    bool* seen = key == "at" ? &have_at : key == "len" ? &have_len : key == "kind" ? &have_kind
                                                                                    : nullptr;
    if (seen == nullptr) return ErrorAtToken(i, absl::StrCat("unknown buffer key '", Shown(key), "'"));
    if (*seen) return ErrorAtToken(i, absl::StrCat(Shown(key), "= given twice"));
    *seen = true;
    if (key == "kind") {
      std::optional<BufKind> k = ParseBufKind(val);
      if (!k) {
        return ErrorAtToken(i, absl::StrCat("unknown buffer kind '", Shown(val),
                                            "' (page, kmalloc, stack, vmalloc, rodata)"));
      }
      b.kind = *k;
    } else {
      uint64_t v = 0;
      if (absl::Status s = NumberText(i, val, key, &v); !s.ok()) return s;
      (key == "at" ? b.at : b.len) = v;
    }
  }
  if (!have_at) return ErrorAt(EndCol(), "missing at=ADDR");
  if (!have_len) return ErrorAt(EndCol(), "missing len=N");
  if (b.len == 0) return ErrorAtToken(1, "a buffer needs len >= 1");
  if (b.at > ~uint64_t{0} - b.len) {
    return ErrorAtToken(1, absl::StrFormat("buffer '%s' wraps the address space (at=0x%x len=%u)",
                                           Shown(b.name), b.at, b.len));
  }
  if (absl::Status s = Declare(1, NameRef::kBuf, static_cast<int>(trace_.bufs.size())); !s.ok()) {
    return s;
  }
  trace_.bufs.push_back(std::move(b));
  return absl::OkStatus();
}

// expect TARGET ITEM... (extension; see docs/trace-format.md)
absl::Status Parser::ExpectStmt() {
  if (absl::Status s = Need(1, "expect target"); !s.ok()) return s;
  if (absl::Status s = CheckDeclCount(trace_.expects.size()); !s.ok()) return s;
  Expectation e;
  absl::string_view target = tok(1);
  if (!IsExpectTarget(target)) {
    return ErrorAtToken(1, absl::StartsWith(target, "hazard:")
                              ? absl::StrCat("unknown arch in expect target '", Shown(target), "'")
                              : absl::StrCat("invalid expect target '", Shown(target),
                                             "' (a checker id, contract, or hazard:ARCH)"));
  }
  e.target = std::string(target);
  if (absl::Status s = Need(2, "expected verdict (none, safe, unknown, or KIND[@OP] words)");
      !s.ok()) {
    return s;
  }
  for (size_t i = 2; i < size(); ++i) {
    absl::string_view w = tok(i);
    if (IsSoloVerdictWord(w) && size() != 3) {
      return ErrorAtToken(i, absl::StrCat("'", Shown(w), "' must be the only verdict word"));
    }
    const size_t at = w.find('@');
    if (!IsSoloVerdictWord(w) && !ParseVerdictItem(w.substr(0, at))) {
      return ErrorAtToken(i, absl::StrCat("invalid expected kind '", Shown(w), "'"));
    }
    if (!IsSoloVerdictWord(w) && at != absl::string_view::npos) {
      uint64_t op = 0;
      if (absl::Status s = NumberText(i, w.substr(at + 1), "op index", &op); !s.ok()) return s;
      if (op >= kMaxOps) return ErrorAtToken(i, "op index out of range");
    }
    e.items.push_back(std::string(w));
  }
  trace_.expects.push_back(std::move(e));
  trace_.expect_lines.push_back(st_->line);
  trace_.expect_cols.push_back(st_->tokens[1].col);
  return absl::OkStatus();
}

absl::StatusOr<Trace> Parser::Parse(absl::string_view text) {
  // Statement by statement: the first error ends the parse, whatever follows it.
  StatementLexer lexer(text, filename_);
  Statement st;
  while (true) {
    absl::StatusOr<bool> more = lexer.Next(&st);
    if (!more.ok()) return more.status();
    if (!*more) break;
    st_ = &st;
    absl::Status s = first_ ? Version() : Dispatch();
    if (!s.ok()) return s;
    first_ = false;
  }
  if (first_) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s:1:1: empty trace: the first statement must be 'dmasim 1'", filename_));
  }
  // What the parser accepts is exactly what ValidateTrace states (one definition of valid).
  DMASIM_CHECK(ValidateTrace(trace_).ok());
  return std::move(trace_);
}

}  // namespace parser_internal

absl::StatusOr<Trace> ParseTrace(absl::string_view text, absl::string_view filename) {
  parser_internal::Parser parser(filename);
  return parser.Parse(text);
}

namespace {

// Reads at most kMaxTraceBytes + 1 bytes (enough to reject an oversized input) in chunks, so
// that a small file costs little and an endless stdin stops at the cap.
absl::Status ReadCapped(std::istream& in, absl::string_view name, std::string* text) {
  constexpr size_t kChunk = 1 << 16;
  while (text->size() <= kMaxTraceBytes) {
    const size_t old = text->size();
    const size_t want = std::min(kChunk, kMaxTraceBytes + 1 - old);
    text->resize(old + want);
    in.read(text->data() + old, static_cast<std::streamsize>(want));
    text->resize(old + static_cast<size_t>(in.gcount()));
    if (in.bad()) return absl::DataLossError(absl::StrCat(name, ": read error"));
    if (!in) break;  // end of input
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Trace> ParseTraceFile(const std::string& path) {
  const std::string name = TraceName(path);
  std::string text;
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return absl::NotFoundError(absl::StrCat(path, ": cannot open file"));
  }
  if (absl::Status s = ReadCapped(path == "-" ? std::cin : file, name, &text); !s.ok()) return s;
  return ParseTrace(text, name);
}

}  // namespace dmasim
