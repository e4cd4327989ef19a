// Internal to the trace parser: the Parser class shared by trace_parser.cc (declarations,
// driver) and trace_parser_ops.cc (op statements). Not a public API.
#ifndef DMASIM_MODEL_TRACE_INTERNAL_PARSER_H_
#define DMASIM_MODEL_TRACE_INTERNAL_PARSER_H_

#include <cctype>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "model/trace/trace.h"
#include "model/trace/trace_lexer.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace parser_internal {

inline bool IsPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

// How an error message quotes input: whole when short, else its first kShownBytes bytes
// and the length, so that a 65,000-digit number or a 64 KiB word does not come back whole.
inline constexpr size_t kShownBytes = 40;
inline std::string Shown(absl::string_view text) {
  if (text.size() <= kShownBytes + 8) return std::string(text);
  return absl::StrCat(text.substr(0, kShownBytes), "...[", text.size(), " bytes]");
}

// What a name refers to. One namespace for devices, buffers and handles.
struct NameRef {
  enum Kind { kDevice, kBuf, kHandle } kind;
  int index;
};

inline absl::string_view NameKindWord(NameRef::Kind k) {
  switch (k) {
    case NameRef::kDevice: return "device";
    case NameRef::kBuf: return "buffer";
    case NameRef::kHandle: return "mapping handle";
  }
  return "?";
}

// Parses one `.dma` text statement by statement into a Trace (one instance per text).
class Parser {
 public:
  explicit Parser(absl::string_view filename) : filename_(filename) {}

  absl::StatusOr<Trace> Parse(absl::string_view text);

 private:
  // ---- errors and token access ----
  absl::Status ErrorAt(int col, const std::string& msg) const {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s:%d:%d: %s", filename_, st_->line, col, msg));
  }
  absl::Status ErrorAtToken(size_t i, const std::string& msg) const {
    return ErrorAt(i < st_->tokens.size() ? st_->tokens[i].col : EndCol(), msg);
  }
  int EndCol() const {
    const Token& t = st_->tokens.back();
    return t.col + static_cast<int>(t.text.size());
  }
  size_t size() const { return st_->tokens.size(); }
  absl::string_view tok(size_t i) const { return st_->tokens[i].text; }

  absl::Status Need(size_t i, absl::string_view what) const {
    if (i < size()) return absl::OkStatus();
    return ErrorAt(EndCol(), absl::StrCat("missing ", what));
  }
  absl::Status NoMore(size_t i) const {
    if (i >= size()) return absl::OkStatus();
    return ErrorAtToken(i, absl::StrCat("unexpected word '", Shown(tok(i)), "'"));
  }

  absl::Status Number(size_t i, absl::string_view what, uint64_t* out) const {
    if (absl::Status s = Need(i, what); !s.ok()) return s;
    return NumberText(i, tok(i), what, out);
  }
  // `text` may be the value part of a key=value token at token i.
  absl::Status NumberText(size_t i, absl::string_view text, absl::string_view what,
                          uint64_t* out) const {
    bool overflow = false;
    std::optional<uint64_t> v = ParseNumber(text, &overflow);
    if (overflow) {
      return ErrorAtToken(i, absl::StrCat(what, " '", Shown(text), "' is out of range (64 bits)"));
    }
    if (!v) return ErrorAtToken(i, absl::StrCat(what, ": '", Shown(text), "' is not a number"));
    *out = *v;
    return absl::OkStatus();
  }

  absl::Status Lookup(size_t i, NameRef::Kind want, int* index) const {
    if (absl::Status s = Need(i, NameKindWord(want)); !s.ok()) return s;
    auto it = names_.find(tok(i));
    if (it == names_.end()) {
      return ErrorAtToken(i, absl::StrCat("undeclared ", NameKindWord(want), " '", Shown(tok(i)), "'"));
    }
    if (it->second.kind != want) {
      return ErrorAtToken(i, absl::StrCat("'", tok(i), "' is a ", NameKindWord(it->second.kind),
                                          ", not a ", NameKindWord(want)));
    }
    *index = it->second.index;
    return absl::OkStatus();
  }

  // Checks that `name` (at token i) is a valid name (IsValidName), saying which rule fails.
  absl::Status ValidName(size_t i, absl::string_view name) const {
    if (IsValidName(name)) return absl::OkStatus();
    if (ParseDirection(name) || ParseAttr(name) || name == "dmasim") {
      return ErrorAtToken(i, absl::StrCat("'", Shown(name), "' is a keyword and cannot be a name"));
    }
    return ErrorAtToken(i, absl::StrCat("invalid name '", Shown(name),
                                        "': use letters, digits, '_', '.', '-' (at most ",
                                        kMaxNameBytes, " bytes, starting with a letter)"));
  }

  absl::Status Declare(size_t i, NameRef::Kind kind, int index) {
    absl::string_view name = tok(i);
    if (absl::Status s = ValidName(i, name); !s.ok()) return s;
    auto [it, inserted] = names_.try_emplace(std::string(name), NameRef{kind, index});
    if (!inserted) {
      return ErrorAtToken(i, absl::StrCat("duplicate name '", name, "' (already a ",
                                          NameKindWord(it->second.kind), ")"));
    }
    return absl::OkStatus();
  }

  // Range [off, off+len) inside buffer `buf`: the CPU-side rule.
  absl::Status InsideBuffer(size_t col_token, int buf, uint64_t off, uint64_t len) const {
    const BufDecl& b = trace_.bufs[buf];
    if (off > b.len || len > b.len - off) {
      return ErrorAtToken(col_token,
                          absl::StrFormat("range [%u, +%u) is outside buffer '%s' (length %u)",
                                          off, len, b.name, b.len));
    }
    return absl::OkStatus();
  }

  // ---- statements ----
  absl::Status Version() {
    if (tok(0) != "dmasim") {
      return ErrorAtToken(0, "missing version line: the first statement must be 'dmasim 1'");
    }
    uint64_t v = 0;
    if (absl::Status s = Number(1, "format version", &v); !s.ok()) return s;
    if (v != 1) {
      return ErrorAtToken(1, absl::StrFormat(
                                 "unsupported format version %u (this dmasim reads version 1)", v));
    }
    return NoMore(2);
  }

  absl::Status Dispatch() {
    absl::string_view w = tok(0);
    if (w == "dmasim") return ErrorAtToken(0, "duplicate version line");
    if (w == "platform") return PlatformStmt();
    if (w == "device") return DeviceStmt();
    if (w == "buf") return BufStmt();
    if (w == "expect") return ExpectStmt();
    if (size() >= 2 && tok(1) == "=") return MapStmt();
    if (w == "cpu_write" || w == "cpu_read") return CpuStmt();
    if (w == "mapping_error") return MappingErrorStmt();
    if (w == "dev_write" || w == "dev_read") return DevStmt();
    if (w == "sync_for_cpu" || w == "sync_for_device") return SyncStmt();
    if (w == "unmap" || w == "unmap_sg") return UnmapStmt();
    if (w == "unbind") return UnbindStmt();
    return ErrorAtToken(0, absl::StrCat("unknown statement '", Shown(w), "'"));
  }

  absl::Status PlatformStmt();
  absl::Status DeviceStmt();
  absl::Status DeviceLimit(size_t i, DeviceDecl* d, bool* max_seg_given, bool* boundary_given);
  absl::Status BufStmt();
  absl::Status ExpectStmt();
  absl::Status MapStmt();
  absl::Status CpuStmt();
  absl::Status MappingErrorStmt();
  absl::Status DevStmt();
  absl::Status SyncStmt();
  absl::Status UnmapStmt();
  absl::Status UnbindStmt();

  // Shared pieces of op statements (trace_parser_ops.cc).
  absl::Status ElementAt(size_t* i, Element* e);
  absl::Status AttrWords(size_t* i, uint32_t* attrs);
  absl::Status DirectionAt(size_t i, Direction* dir);
  absl::Status MappingRange(size_t i, uint64_t* off, uint64_t* len);

  absl::Status AddOp(Op op) {
    if (trace_.ops.size() >= kMaxOps) {
      return ErrorAtToken(0, absl::StrFormat("too many ops (the limit is %u)", kMaxOps));
    }
    trace_.ops.push_back(std::move(op));
    trace_.op_lines.push_back(st_->line);
    return absl::OkStatus();
  }
  absl::Status CheckDeclCount(size_t n) const {
    if (n < kMaxDecls) return absl::OkStatus();
    return ErrorAtToken(0, absl::StrFormat("too many declarations (the limit is %u)", kMaxDecls));
  }

  const std::string filename_;
  const Statement* st_ = nullptr;
  bool first_ = true;
  bool platform_seen_ = false;
  Trace trace_;
  absl::flat_hash_map<std::string, NameRef> names_;  // lookups only, never iterated
};

}  // namespace parser_internal
}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_INTERNAL_PARSER_H_
