#include "props/support/known_bugs.h"

#include <vector>

#include "model/trace/remove_ops.h"

namespace dmasim::props {

Trace WithoutSyncsAfterUnmap(const Trace& t) {
  std::vector<bool> unmapped(t.handles.size(), false);
  std::vector<int> gone;
  for (int i = 0; i < static_cast<int>(t.ops.size()); ++i) {
    const Op& op = t.ops[i];
    const bool sync = op.kind == OpKind::kSyncForCpu || op.kind == OpKind::kSyncForDevice;
    if (sync && unmapped[op.handle]) gone.push_back(i);
    if (op.kind == OpKind::kUnmap || op.kind == OpKind::kUnmapSg) unmapped[op.handle] = true;
  }
  return gone.empty() ? t : RemoveOps(t, gone);
}

}  // namespace dmasim::props
