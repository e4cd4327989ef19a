#include "model/import/dma_event.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dmasim::import {
namespace {

struct NamedKind {
  absl::string_view name;
  DmaEventKind kind;
};

constexpr NamedKind kEvents[] = {
    {"dma_map_phys", DmaEventKind::kMapPhys},
    {"dma_map_page", DmaEventKind::kMapPhys},
    {"dma_map_resource", DmaEventKind::kMapResource},
    {"dma_unmap_phys", DmaEventKind::kUnmapPhys},
    {"dma_unmap_page", DmaEventKind::kUnmapPhys},
    {"dma_unmap_resource", DmaEventKind::kUnmapResource},
    {"dma_map_sg", DmaEventKind::kMapSg},
    {"dma_map_sg_err", DmaEventKind::kMapSgErr},
    {"dma_unmap_sg", DmaEventKind::kUnmapSg},
    {"dma_sync_single_for_cpu", DmaEventKind::kSyncSingleForCpu},
    {"dma_sync_single_for_device", DmaEventKind::kSyncSingleForDevice},
    {"dma_sync_sg_for_cpu", DmaEventKind::kSyncSgForCpu},
    {"dma_sync_sg_for_device", DmaEventKind::kSyncSgForDevice},
    {"dma_alloc", DmaEventKind::kAlloc},
    {"dma_alloc_pages", DmaEventKind::kAlloc},
    {"dma_alloc_sgt", DmaEventKind::kAlloc},
    {"dma_alloc_sgt_err", DmaEventKind::kAlloc},
    {"dma_free", DmaEventKind::kFree},
    {"dma_free_pages", DmaEventKind::kFree},
    {"dma_free_sgt", DmaEventKind::kFree},
};

constexpr absl::string_view kAttrNames[] = {
    "WEAK_ORDERING", "WRITE_COMBINE",      "NO_KERNEL_MAPPING", "SKIP_CPU_SYNC",
    "FORCE_CONTIGUOUS", "ALLOC_SINGLE_PAGES", "NO_WARN",        "PRIVILEGED",
    "MMIO",          "CACHELINES_OVERLAP", "REQUIRE_COHERENT",  "CC_SHARED",
    "ALLOC_CC_SHARED",
};

// Reads the event text word by word: "DEV key=value key=value ...".
class Cursor {
 public:
  Cursor(absl::string_view body, size_t base, LineError* err)
      : s_(body), base_(base), err_(err) {}

  bool Fail(size_t at, std::string message) {
    err_->col = base_ + at + 1;
    err_->message = std::move(message);
    return false;
  }

  // The next space-separated word; false at the end of the text.
  bool Word(absl::string_view* w, size_t* at) {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
    if (i_ >= s_.size()) return false;
    *at = i_;
    size_t j = i_;
    while (j < s_.size() && s_[j] != ' ') ++j;
    *w = s_.substr(i_, j - i_);
    i_ = j;
    return true;
  }

  // "key=value" next; `value` may be empty.
  bool Key(absl::string_view key, absl::string_view* value, size_t* at) {
    absl::string_view w;
    if (!Word(&w, at)) return Fail(s_.size(), absl::StrCat("missing ", key, "="));
    if (w.size() <= key.size() || w.substr(0, key.size()) != key || w[key.size()] != '=') {
      return Fail(*at, absl::StrCat("expected ", key, "=, found '", w, "'"));
    }
    *value = w.substr(key.size() + 1);
    *at += key.size() + 1;
    return true;
  }
  bool Key(absl::string_view key, absl::string_view* value) {
    size_t at;
    return Key(key, value, &at);
  }

  // The last key may have an empty value and end the text.
  bool LastKey(absl::string_view key, absl::string_view* value, size_t* at) {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
    const std::string want = absl::StrCat(key, "=");
    if (s_.substr(i_, want.size()) != want) {
      absl::string_view w;
      size_t wat;
      if (!Word(&w, &wat)) return Fail(s_.size(), absl::StrCat("missing ", key, "="));
      return Fail(wat, absl::StrCat("expected ", key, "=, found '", w, "'"));
    }
    i_ += want.size();
    *at = i_;
    size_t j = i_;
    while (j < s_.size() && s_[j] != ' ') ++j;
    *value = s_.substr(i_, j - i_);
    i_ = j;
    return true;
  }

  bool End() {
    absl::string_view w;
    size_t at;
    if (Word(&w, &at)) return Fail(at, absl::StrCat("unexpected text '", w, "'"));
    return true;
  }

  // Peeks whether the next word is exactly `w` (and consumes it then).
  bool Take(absl::string_view w) {
    size_t k = i_;
    while (k < s_.size() && s_[k] == ' ') ++k;
    if (s_.substr(k, w.size()) != w) return false;
    if (k + w.size() < s_.size() && s_[k + w.size()] != ' ') return false;
    i_ = k + w.size();
    return true;
  }

  size_t pos() const { return i_; }

 private:
  absl::string_view s_;
  size_t base_;
  LineError* err_;
  size_t i_ = 0;
};

bool Hex(Cursor& c, absl::string_view key, uint64_t* v) {
  absl::string_view val;
  size_t at;
  if (!c.Key(key, &val, &at)) return false;
  if (val.empty() || val.size() > 16 || !absl::SimpleHexAtoi(val, v) || val[0] == '+' ||
      val[0] == '-' || (val.size() > 1 && (val[1] == 'x' || val[1] == 'X'))) {
    return c.Fail(at, absl::StrCat(key, ": '", val, "' is not a hex number of at most 64 bits"));
  }
  return true;
}

bool Dec(Cursor& c, absl::string_view key, uint64_t* v) {
  absl::string_view val;
  size_t at;
  if (!c.Key(key, &val, &at)) return false;
  if (val.empty() || val[0] == '+' || val[0] == '-' || !absl::SimpleAtoi(val, v)) {
    return c.Fail(at, absl::StrCat(key, ": '", val, "' is not a decimal number of at most 64 bits"));
  }
  return true;
}

bool Dir(Cursor& c, std::optional<Direction>* dir) {
  absl::string_view val;
  size_t at;
  if (!c.Key("dir", &val, &at)) return false;
  if (val == "BIDIRECTIONAL") {
    *dir = Direction::kBidirectional;
  } else if (val == "TO_DEVICE") {
    *dir = Direction::kToDevice;
  } else if (val == "FROM_DEVICE") {
    *dir = Direction::kFromDevice;
  } else if (val == "NONE") {
    *dir = std::nullopt;
  } else {
    return c.Fail(at, absl::StrCat("dir: unknown direction '", val,
                                   "' (BIDIRECTIONAL, TO_DEVICE, FROM_DEVICE or NONE)"));
  }
  return true;
}

// {0x..,0x..} with elements of at most 64 bits (`bits32`: 32 bits, the length arrays).
bool Array(Cursor& c, absl::string_view key, bool bits32, std::vector<uint64_t>* out) {
  absl::string_view val;
  size_t at;
  if (!c.Key(key, &val, &at)) return false;
  if (val.size() < 2 || val.front() != '{' || val.back() != '}') {
    return c.Fail(at, absl::StrCat(key, ": expected an array {0x..,0x..}"));
  }
  out->clear();
  const absl::string_view inner = val.substr(1, val.size() - 2);
  if (inner.empty()) return true;
  size_t off = 1;
  for (absl::string_view x : absl::StrSplit(inner, ',')) {
    uint64_t v = 0;
    const bool ok = x.size() > 2 && x.size() <= (bits32 ? 10u : 18u) && x[0] == '0' &&
                    x[1] == 'x' && x[2] != '+' && x[2] != '-' &&
                    absl::SimpleHexAtoi(x.substr(2), &v);
    if (!ok) {
      return c.Fail(at + off, absl::StrCat(key, ": element '", x, "' is not 0x followed by at "
                                           "most ", bits32 ? 8 : 16, " hex digits"));
    }
    out->push_back(v);
    off += x.size() + 1;
  }
  return true;
}

bool Attrs(Cursor& c, TracedAttrs* a) {
  absl::string_view val;
  size_t at;
  if (!c.LastKey("attrs", &val, &at)) return false;
  a->text = val;
  a->named = 0;
  a->unnamed_bits = false;
  if (val.empty()) return true;
  size_t off = 0;
  for (absl::string_view name : absl::StrSplit(val, '|')) {
    bool found = false;
    for (size_t i = 0; i < std::size(kAttrNames); ++i) {
      if (name == kAttrNames[i]) {
        a->named |= 1u << i;
        found = true;
      }
    }
    uint64_t bits;
    if (!found && name.size() > 2 && name[0] == '0' && name[1] == 'x' &&
        absl::SimpleHexAtoi(name.substr(2), &bits)) {
      a->unnamed_bits = true;  // trace_print_flags_seq prints leftover bits last, as 0x..
      found = true;
    }
    if (!found) return c.Fail(at + off, absl::StrCat("attrs: unknown attribute '", name, "'"));
    off += name.size() + 1;
  }
  return true;
}

// "%d/%d" of map_sg's nents= and ents=: traced count / total.
bool Count(Cursor& c, absl::string_view key, int* traced, int* total) {
  absl::string_view val;
  size_t at;
  if (!c.Key(key, &val, &at)) return false;
  std::pair<absl::string_view, absl::string_view> p = absl::StrSplit(val, absl::MaxSplits('/', 1));
  if (!absl::SimpleAtoi(p.first, traced) || !absl::SimpleAtoi(p.second, total) ||
      *traced < 0 || *total < 0) {
    return c.Fail(at, absl::StrCat(key, ": expected TRACED/TOTAL, found '", val, "'"));
  }
  if (*traced != std::min(*total, kTraceMaxEntries)) {
    return c.Fail(at, absl::StrCat(key, ": ", *traced, " traced of ", *total,
                                   " (the tracepoint traces min(total, 128))"));
  }
  return true;
}

bool Skip(Cursor& c, absl::string_view key) {
  absl::string_view val;
  return c.Key(key, &val);
}

bool ParseMapSg(Cursor& c, DmaEvent* e) {
  int nt = 0, et = 0;
  if (!Dir(c, &e->dir) || !Count(c, "nents", &nt, &e->nents_total) ||
      !Count(c, "ents", &et, &e->ents_total)) {
    return false;
  }
  e->truncated = c.Take("[TRUNCATED]");
  const bool should = e->nents_total > kTraceMaxEntries || e->ents_total > kTraceMaxEntries;
  if (e->truncated != should) {
    return c.Fail(c.pos(), should ? "missing [TRUNCATED] for a list of more than 128 entries"
                                  : "[TRUNCATED] on a list of at most 128 entries");
  }
  const size_t at = c.pos();
  if (!Array(c, "dma_addrs", false, &e->dma_addrs) || !Array(c, "sizes", true, &e->sizes) ||
      !Array(c, "phys_addrs", false, &e->phys_addrs) || !Attrs(c, &e->attrs)) {
    return false;
  }
  if (e->dma_addrs.size() != static_cast<size_t>(et) || e->sizes.size() != e->dma_addrs.size() ||
      e->phys_addrs.size() != static_cast<size_t>(nt)) {
    return c.Fail(at, absl::StrCat("array lengths (", e->dma_addrs.size(), " dma_addrs, ",
                                   e->sizes.size(), " sizes, ", e->phys_addrs.size(),
                                   " phys_addrs) do not match nents=", nt, " ents=", et));
  }
  if (e->ents_total == 0) return c.Fail(at, "a dma_map_sg of 0 mapped entries");
  return true;
}

bool ParseBody(Cursor& c, DmaEvent* e) {
  switch (e->kind) {
    case DmaEventKind::kMapPhys:
    case DmaEventKind::kMapResource:
      return Dir(c, &e->dir) && Hex(c, "dma_addr", &e->dma_addr) && Dec(c, "size", &e->size) &&
             Hex(c, "phys_addr", &e->phys_addr) && Attrs(c, &e->attrs);
    case DmaEventKind::kUnmapPhys:
    case DmaEventKind::kUnmapResource:
      return Dir(c, &e->dir) && Hex(c, "dma_addr", &e->dma_addr) && Dec(c, "size", &e->size) &&
             Attrs(c, &e->attrs);
    case DmaEventKind::kMapSg:
      return ParseMapSg(c, e);
    case DmaEventKind::kMapSgErr: {
      absl::string_view val;
      size_t at;
      if (!Dir(c, &e->dir) || !Array(c, "dma_addrs", false, &e->phys_addrs)) return false;
      if (!c.Key("err", &val, &at)) return false;
      if (!absl::SimpleAtoi(val, &e->err)) return c.Fail(at, absl::StrCat("err: '", val, "' is not a number"));
      return Attrs(c, &e->attrs);
    }
    case DmaEventKind::kUnmapSg:
      return Dir(c, &e->dir) && Array(c, "phys_addrs", false, &e->phys_addrs) &&
             Attrs(c, &e->attrs);
    case DmaEventKind::kSyncSingleForCpu:
    case DmaEventKind::kSyncSingleForDevice:
      return Dir(c, &e->dir) && Hex(c, "dma_addr", &e->dma_addr) && Dec(c, "size", &e->size);
    case DmaEventKind::kSyncSgForCpu:
    case DmaEventKind::kSyncSgForDevice: {
      const size_t at = c.pos();
      if (!Dir(c, &e->dir) || !Array(c, "dma_addrs", false, &e->dma_addrs) ||
          !Array(c, "sizes", true, &e->sizes)) {
        return false;
      }
      if (e->dma_addrs.size() != e->sizes.size()) {
        return c.Fail(at, "dma_addrs and sizes differ in length");
      }
      return true;
    }
    case DmaEventKind::kAlloc:
    case DmaEventKind::kFree: {
      if (!Dir(c, &e->dir) || !Hex(c, "dma_addr", &e->dma_addr) || !Dec(c, "size", &e->size)) {
        return false;
      }
      const bool sgt = e->name == "dma_alloc_sgt" || e->name == "dma_free_sgt";
      if (sgt ? !Array(c, "phys_addrs", false, &e->phys_addrs) : !Skip(c, "virt_addr")) {
        return false;
      }
      if (e->name == "dma_free_sgt") return true;
      if (e->kind == DmaEventKind::kAlloc && !Skip(c, "flags")) return false;
      return Attrs(c, &e->attrs);
    }
  }
  return false;
}

}  // namespace

uint32_t FormatAttrs(const TracedAttrs& a) {
  uint32_t f = 0;
  if (a.named & kKaSkipCpuSync) f |= kAttrSkipCpuSync;
  if (a.named & kKaCachelinesOverlap) f |= kAttrClean;
  if (a.named & kKaRequireCoherent) f |= kAttrRequireCoherent;
  return f;
}

bool HasInexpressibleAttrs(const TracedAttrs& a) {
  constexpr uint32_t kExpressible = kKaSkipCpuSync | kKaCachelinesOverlap | kKaRequireCoherent;
  return a.unnamed_bits || (a.named & ~kExpressible) != 0;
}

bool IsDmaEvent(absl::string_view event, DmaEventKind* kind) {
  for (const NamedKind& k : kEvents) {
    if (k.name == event) {
      *kind = k.kind;
      return true;
    }
  }
  return false;
}

bool ParseDmaEvent(DmaEventKind kind, absl::string_view event, absl::string_view body,
                   size_t body_col, DmaEvent* out, LineError* err) {
  *out = DmaEvent{};
  out->kind = kind;
  out->name = event;
  Cursor c(body, body_col, err);
  absl::string_view dev;
  size_t at;
  if (!c.Word(&dev, &at) || dev.substr(0, 4) == "dir=") return c.Fail(0, "missing device name");
  out->device = std::string(dev);
  if (!ParseBody(c, out)) return false;
  return c.End();
}

}  // namespace dmasim::import
