#include "model/hunt/signature.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace dmasim::hunt {
namespace {

struct Range {
  uint64_t lo = 0, hi = 0;  // [lo, hi)
  BufKind kind = BufKind::kPage;
  auto operator<=>(const Range&) const = default;
};

uint64_t Down(uint64_t x, uint64_t a) { return x / a * a; }

// Shares bytes, a line, a granule, a page, or nothing; and whether the first lines agree.
std::string Relation(const Range& a, const Range& b, uint64_t line, uint64_t align,
                     uint64_t page) {
  auto share = [&](uint64_t unit) {
    return Down(a.lo, unit) <= Down(b.hi - 1, unit) && Down(b.lo, unit) <= Down(a.hi - 1, unit);
  };
  std::string rel;
  if (a.lo < b.hi && b.lo < a.hi) {
    rel = a.lo == b.lo ? (a.hi == b.hi ? "same" : "bytes-samestart") : "bytes";
  } else if (share(line)) {
    rel = "line";
  } else if (align > 1 && share(align)) {
    rel = "granule";
  } else if (share(page)) {
    rel = "page";
  } else {
    return "";
  }
  if (rel != "same" && Down(a.lo, line) == Down(b.lo, line)) absl::StrAppend(&rel, "-firstline");
  return rel;
}

class Shaper {
 public:
  explicit Shaper(const Trace& t) : t_(t) {}
  std::string Run(const std::vector<int>& ops);

 private:
  std::string RangeLabel(int buf, uint64_t off, uint64_t len);
  std::string Dev(int d);
  std::string Handle(int h);
  std::string Inside(int h, uint64_t off, uint64_t len) const;
  std::string OpShape(const Op& op);

  const Trace& t_;
  std::map<Range, int> ranges_;
  std::map<int, int> devs_, handles_;
  std::string dev_kinds_;
};

std::string Shaper::RangeLabel(int buf, uint64_t off, uint64_t len) {
  const BufDecl& b = t_.bufs[buf];
  const Range r{b.at + off, b.at + off + len, b.kind};
  auto [it, fresh] = ranges_.emplace(r, static_cast<int>(ranges_.size()));
  return absl::StrCat("r", it->second);
}

std::string Shaper::Dev(int d) {
  auto [it, fresh] = devs_.emplace(d, static_cast<int>(devs_.size()));
  if (fresh) {
    const DeviceDecl& dev = t_.devices[d];
    absl::StrAppend(&dev_kinds_, " d", it->second, ":", dev.coherent ? "coh" : "noncoh",
                    dev.iommu ? "+iommu" : "", dev.swiotlb ? "+swiotlb" : "",
                    dev.force_bounce ? "+force" : "");
  }
  return absl::StrCat("d", it->second);
}

std::string Shaper::Handle(int h) {
  auto [it, fresh] = handles_.emplace(h, static_cast<int>(handles_.size()));
  return absl::StrCat(t_.handles[h].sg ? "s" : "m", it->second);
}

uint64_t MappedLen(const Trace& t, int h) { return MappedBytes(t.ops[t.handles[h].def_op]); }

std::string Shaper::Inside(int h, uint64_t off, uint64_t len) const {
  return off + len <= MappedLen(t_, h) ? "in" : "past";
}

std::string Shaper::OpShape(const Op& op) {
  std::string s(OpKindName(op.kind));
  switch (op.kind) {
    case OpKind::kCpuWrite:
    case OpKind::kCpuRead:
      absl::StrAppend(&s, " ", RangeLabel(op.buf, op.off, op.len));
      break;
    case OpKind::kMap:
    case OpKind::kMapSg: {
      absl::StrAppend(&s, " ", Handle(op.handle), " ", Dev(op.device), " ",
                      DirectionName(op.dir));
      for (absl::string_view a : AttrNames(op.attrs)) absl::StrAppend(&s, "+", a);
      for (size_t k = 0; k < op.elems.size(); ++k) {
        absl::StrAppend(&s, k == 0 ? " " : ",",
                        RangeLabel(op.elems[k].buf, op.elems[k].off, op.elems[k].len));
      }
      if (!op.sg_list.empty()) absl::StrAppend(&s, " sgl");
      break;
    }
    case OpKind::kDevWrite:
    case OpKind::kDevRead:
      absl::StrAppend(&s, " ", Handle(op.handle), " ", Inside(op.handle, op.off, op.len));
      break;
    case OpKind::kUnbind:
      absl::StrAppend(&s, " ", Dev(op.device));
      break;
    default:
      absl::StrAppend(&s, " ", Handle(op.handle));
      if (op.has_range) absl::StrAppend(&s, " range-", Inside(op.handle, op.off, op.len));
      break;
  }
  const Op& def = op.handle >= 0 && op.kind != OpKind::kMap && op.kind != OpKind::kMapSg
                      ? t_.ops[t_.handles[op.handle].def_op]
                      : op;
  if (op.override_dir) {
    absl::StrAppend(&s, *op.override_dir == def.dir ? " dir=same" : " dir=other");
  }
  if (op.size) {
    absl::StrAppend(&s, *op.size == MappedBytes(def) ? " size=same" : " size=other");
  }
  if (op.nents) {
    absl::StrAppend(&s, *op.nents == def.elems.size() ? " nents=same" : " nents=other");
  }
  if (op.override_attrs) {
    absl::StrAppend(&s, *op.override_attrs == def.attrs ? " attrs=same" : " attrs=other");
  }
  return s;
}

std::string Shaper::Run(const std::vector<int>& ops) {
  std::vector<std::string> parts;
  auto one = [&](int k) { parts.push_back(OpShape(t_.ops[k])); };
  if (ops.empty()) {
    for (size_t k = 0; k < t_.ops.size(); ++k) one(static_cast<int>(k));
  } else {
    for (int k : ops) one(k);
  }
  const PlatformDecl& p = t_.platform;
  std::string out = absl::StrCat(
      "align", p.dma_align < p.line ? "<" : p.dma_align == p.line ? "=" : ">", "line",
      p.prefetch ? "" : " noprefetch", p.bounce_kmalloc ? " bounce-kmalloc" : "", ";",
      dev_kinds_, ";");
  // Range labels in order of first use, with their buffer kind when it is not page. (Edge
  // alignment is left out: the relations say what sharing there is, and number shrinking
  // may then move edges to line boundaries.)
  std::vector<Range> by_label(ranges_.size());
  for (const auto& [r, label] : ranges_) by_label[label] = r;
  for (size_t k = 0; k < by_label.size(); ++k) {
    const Range& r = by_label[k];
    if (r.kind != BufKind::kPage) absl::StrAppend(&out, " r", k, ":", BufKindName(r.kind));
  }
  absl::StrAppend(&out, ";");
  for (size_t a = 0; a < by_label.size(); ++a) {
    for (size_t b = a + 1; b < by_label.size(); ++b) {
      const std::string rel = Relation(by_label[a], by_label[b], p.line, p.dma_align, p.page);
      if (!rel.empty()) absl::StrAppend(&out, " r", a, "~r", b, "=", rel);
    }
  }
  absl::StrAppend(&out, ";");
  for (const std::string& s : parts) absl::StrAppend(&out, " ", s, ";");
  return out;
}

}  // namespace

std::string TraceShape(const Trace& trace, const std::vector<int>& ops) {
  return Shaper(trace).Run(ops);
}

std::vector<int> FindingSlice(const Trace& trace, const Finding& finding) {
  std::set<int> ops;
  if (finding.op >= 0 && finding.op < static_cast<int>(trace.ops.size())) ops.insert(finding.op);
  std::set<int> handles(finding.handles.begin(), finding.handles.end());
  for (size_t k = 0; k < trace.ops.size(); ++k) {
    if (handles.contains(trace.ops[k].handle)) ops.insert(static_cast<int>(k));
  }
  return {ops.begin(), ops.end()};
}

std::string SignatureId(absl::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return absl::StrFormat("%016x", h);
}

Signature MakeSignature(absl::string_view era, const FindingKey& key, absl::string_view shape) {
  Signature s;
  s.text = absl::StrCat(era, "|", key.oracle, "|", key.cls, "|", key.kind, "|", shape);
  s.id = SignatureId(s.text);
  return s;
}

std::string ReproFileName(absl::string_view era, const FindingKey& key, absl::string_view id) {
  return absl::StrCat(era, ".", absl::StrReplaceAll(key.oracle, {{":", "-"}}), ".", key.cls, ".",
                      key.kind, ".", id.substr(0, 8), ".dma");
}

}  // namespace dmasim::hunt
