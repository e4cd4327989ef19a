#include "model/trace/remove_ops.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/base/check.h"
#include "model/trace/expect_syntax.h"
#include "model/trace/trace_validate.h"

namespace dmasim {
namespace {

bool IsMap(OpKind k) { return k == OpKind::kMap || k == OpKind::kMapSg; }

// Which ops go: the requested ones, plus every op on a handle whose map goes.
std::vector<bool> OpsToRemove(const Trace& t, absl::Span<const int> ops) {
  const int n = static_cast<int>(t.ops.size());
  std::vector<bool> gone(n, false);
  for (int i : ops) {
    DMASIM_CHECK(i >= 0 && i < n);
    gone[i] = true;
  }
  std::vector<bool> handle_gone(t.handles.size(), false);
  for (int i = 0; i < n; ++i) {  // one pass: a handle's uses come after its map
    const Op& op = t.ops[i];
    if (IsMap(op.kind) && gone[i]) handle_gone[op.handle] = true;
    if (UsesHandle(op.kind) && handle_gone[op.handle]) gone[i] = true;
  }
  return gone;
}

// The expect lines with KIND@OP words renumbered by `new_index` (-1: the op is gone).
void CarryExpects(const Trace& t, const std::vector<int>& new_index, Trace* out) {
  for (size_t k = 0; k < t.expects.size(); ++k) {
    Expectation e{t.expects[k].target, {}};
    for (const std::string& w : t.expects[k].items) {
      std::optional<VerdictItem> item = ParseVerdictItem(w);
      if (IsSoloVerdictWord(w) || !item || !item->op) {
        e.items.push_back(w);
      } else if (*item->op < new_index.size() && new_index[*item->op] >= 0) {
        e.items.push_back(absl::StrCat(item->kind, "@", new_index[*item->op]));
      }
    }
    if (e.items.empty()) continue;
    out->expects.push_back(std::move(e));
    if (k < t.expect_lines.size()) out->expect_lines.push_back(t.expect_lines[k]);
    if (k < t.expect_cols.size()) out->expect_cols.push_back(t.expect_cols[k]);
  }
}

}  // namespace

Trace RemoveOps(const Trace& t, absl::Span<const int> ops) {
  const std::vector<bool> gone = OpsToRemove(t, ops);
  Trace out;
  out.version = t.version;
  out.platform = t.platform;
  out.dma_align_given = t.dma_align_given;
  out.devices = t.devices;
  out.bufs = t.bufs;
  std::vector<int> new_index(t.ops.size(), -1);
  std::vector<int> new_handle(t.handles.size(), -1);
  for (size_t i = 0; i < t.ops.size(); ++i) {
    if (gone[i]) continue;
    Op op = t.ops[i];
    new_index[i] = static_cast<int>(out.ops.size());
    if (IsMap(op.kind)) {
      new_handle[op.handle] = static_cast<int>(out.handles.size());
      HandleDecl h = t.handles[op.handle];
      h.def_op = new_index[i];
      out.handles.push_back(std::move(h));
    }
    if (op.handle >= 0) {
      DMASIM_CHECK(new_handle[op.handle] >= 0);  // its map survived (OpsToRemove)
      op.handle = new_handle[op.handle];
    }
    out.ops.push_back(std::move(op));
    if (i < t.op_lines.size()) out.op_lines.push_back(t.op_lines[i]);
  }
  CarryExpects(t, new_index, &out);
  DMASIM_CHECK(ValidateTrace(out).ok());
  return out;
}

Trace DropUnusedDecls(const Trace& t) {
  std::vector<int> new_dev(t.devices.size(), -1), new_buf(t.bufs.size(), -1);
  for (const Op& op : t.ops) {
    if (op.device >= 0) new_dev[op.device] = 0;
    if (op.buf >= 0) new_buf[op.buf] = 0;
    for (const Element& e : op.elems) new_buf[e.buf] = 0;
  }
  Trace out = t;
  out.devices.clear();
  out.bufs.clear();
  for (size_t d = 0; d < t.devices.size(); ++d) {
    if (new_dev[d] < 0) continue;
    new_dev[d] = static_cast<int>(out.devices.size());
    out.devices.push_back(t.devices[d]);
  }
  for (size_t b = 0; b < t.bufs.size(); ++b) {
    if (new_buf[b] < 0) continue;
    new_buf[b] = static_cast<int>(out.bufs.size());
    out.bufs.push_back(t.bufs[b]);
  }
  for (Op& op : out.ops) {
    if (op.device >= 0) op.device = new_dev[op.device];
    if (op.buf >= 0) op.buf = new_buf[op.buf];
    for (Element& e : op.elems) e.buf = new_buf[e.buf];
  }
  DMASIM_CHECK(ValidateTrace(out).ok());
  return out;
}

}  // namespace dmasim
