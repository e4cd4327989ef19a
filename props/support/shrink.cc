#include "props/support/shrink.h"

#include <algorithm>
#include <numeric>

#include "model/trace/remove_ops.h"
#include "model/trace/trace_validate.h"

namespace dmasim::props {
namespace {

using TracePtr = std::shared_ptr<const Trace>;

// The candidate, if it is valid and differs from the trace being shrunk.
std::optional<Trace> Checked(const Trace& from, Trace c) {
  if (c == from || !ValidateTrace(c).ok()) return std::nullopt;
  return c;
}

class Edits {
 public:
  explicit Edits(const Trace& t) : t_(std::make_shared<const Trace>(t)) {}

  const Trace& trace() const { return *t_; }
  // An edit of the whole trace.
  void Add(std::function<void(Trace&)> edit) {
    out_.push_back([t = t_, edit = std::move(edit)]() -> std::optional<Trace> {
      Trace c = *t;
      edit(c);
      return Checked(*t, std::move(c));
    });
  }
  // An edit of one op.
  void EditOp(size_t i, std::function<void(Op&)> edit) {
    Add([i, edit = std::move(edit)](Trace& c) { edit(c.ops[i]); });
  }
  // A candidate computed from the trace by `f` (RemoveOps, DropUnusedDecls).
  void Derive(std::function<Trace(const Trace&)> f) {
    out_.push_back([t = t_, f = std::move(f)]() { return Checked(*t, f(*t)); });
  }
  std::vector<ShrinkEdit> Take() { return std::move(out_); }

 private:
  TracePtr t_;
  std::vector<ShrinkEdit> out_;
};

void RemovalEdits(Edits& out) {
  const int n = static_cast<int>(out.trace().ops.size());
  for (int chunk = n; chunk >= 1; chunk /= 2) {
    for (int start = 0; start < n; start += chunk) {
      std::vector<int> gone(std::min(chunk, n - start));
      std::iota(gone.begin(), gone.end(), start);
      out.Derive([gone](const Trace& t) { return RemoveOps(t, gone); });
    }
    if (chunk == 1) break;
  }
}

uint64_t Halve(uint64_t x) { return x / 2; }

void ElementEdits(const Trace& t, size_t i, Edits& out) {
  const Op& op = t.ops[i];
  for (size_t e = 0; op.elems.size() > 1 && e < op.elems.size(); ++e) {
    out.EditOp(i, [e](Op& o) { o.elems.erase(o.elems.begin() + e); });
  }
  for (size_t e = 0; e < op.elems.size(); ++e) {
    const Element& el = op.elems[e];
    if (el.off != 0) {
      out.EditOp(i, [e](Op& o) { o.elems[e].off = 0; });
      out.EditOp(i, [e](Op& o) { o.elems[e].off = Halve(o.elems[e].off); });
    }
    if (el.len != 0) out.EditOp(i, [e](Op& o) { o.elems[e].len = Halve(o.elems[e].len); });
  }
}

void OpEdits(Edits& out) {
  const Trace& t = out.trace();
  for (size_t i = 0; i < t.ops.size(); ++i) {
    const Op& op = t.ops[i];
    for (uint32_t bit = 1; bit <= kAllAttrs; bit <<= 1) {
      if (op.attrs & bit) out.EditOp(i, [bit](Op& o) { o.attrs &= ~bit; });
    }
    if (op.override_dir) out.EditOp(i, [](Op& o) { o.override_dir.reset(); });
    if (op.size) out.EditOp(i, [](Op& o) { o.size.reset(); });
    if (op.nents) out.EditOp(i, [](Op& o) { o.nents.reset(); });
    if (op.override_attrs) out.EditOp(i, [](Op& o) { o.override_attrs.reset(); });
    if (!op.sg_list.empty()) out.EditOp(i, [](Op& o) { o.sg_list.clear(); });
    if (op.has_range) {
      out.EditOp(i, [](Op& o) {
        o.has_range = false;
        o.off = 0;
        o.len = 0;
      });
    }
    ElementEdits(t, i, out);
    if (op.off != 0) {
      out.EditOp(i, [](Op& o) { o.off = 0; });
      out.EditOp(i, [](Op& o) { o.off = Halve(o.off); });
    }
    if (op.len != 0) out.EditOp(i, [](Op& o) { o.len = Halve(o.len); });
  }
}

void DeclEdits(Edits& out) {
  const Trace& t = out.trace();
  const uint64_t line = t.platform.line;
  uint64_t lowest = ~uint64_t{0};
  for (const BufDecl& b : t.bufs) lowest = std::min(lowest, b.at);
  for (size_t k = 0; k < t.bufs.size(); ++k) {
    const BufDecl& b = t.bufs[k];
    auto edit = [&](std::function<void(BufDecl&)> f) {
      out.Add([k, f = std::move(f)](Trace& c) { f(c.bufs[k]); });
    };
    if (b.at % line != 0) edit([line](BufDecl& d) { d.at -= d.at % line; });
    if (b.at > lowest) edit([lowest](BufDecl& d) { d.at = lowest + (d.at - lowest) / 2; });
    if (b.len > 1) edit([](BufDecl& d) { d.len = (d.len + 1) / 2; });
    if (b.kind != BufKind::kPage) edit([](BufDecl& d) { d.kind = BufKind::kPage; });
  }
  for (size_t k = 0; k < t.devices.size(); ++k) {
    const DeviceDecl& d = t.devices[k];
    auto edit = [&](std::function<void(DeviceDecl&)> f) {
      out.Add([k, f = std::move(f)](Trace& c) { f(c.devices[k]); });
    };
    if (d.iommu) edit([](DeviceDecl& x) { x.iommu = false; });
    if (d.force_bounce) edit([](DeviceDecl& x) { x.force_bounce = false; });
    if (d.swiotlb && !d.force_bounce) edit([](DeviceDecl& x) { x.swiotlb = false; });
    if (!d.coherent) edit([](DeviceDecl& x) { x.coherent = true; });
  }
  if (t.platform.bounce_kmalloc) out.Add([](Trace& c) { c.platform.bounce_kmalloc = false; });
}

}  // namespace

std::vector<ShrinkEdit> ShrinkEdits(const Trace& trace) {
  Edits out(trace);
  RemovalEdits(out);
  out.Derive([](const Trace& t) { return DropUnusedDecls(t); });
  OpEdits(out);
  DeclEdits(out);
  return out.Take();
}

std::vector<Trace> ShrinkCandidates(const Trace& trace) {
  std::vector<Trace> out;
  for (const ShrinkEdit& e : ShrinkEdits(trace)) {
    if (std::optional<Trace> c = e()) out.push_back(*std::move(c));
  }
  return out;
}

}  // namespace dmasim::props
