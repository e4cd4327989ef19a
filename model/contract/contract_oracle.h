// The contract oracle: the documented streaming-DMA rules (reference dma-debug.md §6),
// platform-independent, as findings with stable rule ids (model/contract/rules.h).
//
// Each check reads like the rule it implements. The other live mappings a rule involves are
// looked up in indexes (by granule span, sg list, device: internal/oracle.h), so a map or a
// CPU access costs O(log n) in the live mappings plus its real neighbours; the plain-loop
// version it replaced is props/reference/naive_contract.h, and the two are tested to agree
// finding for finding and byte for byte. The `exact` checker (exact_checker.h) is the
// efficient algorithm for the sharing rules and is tested against this oracle on random
// traces.
//
// Findings, in op order; within one op in a fixed order (memory kind, sg-remap, sharing
// within sg, sharing by granule ascending; for a CPU access, one finding per rule in rule
// order; for other ops, per handle ascending). Each finding names the mapping it is about
// first. A finding about many mappings at one op (sharing, ownership, sg-remap) names the
// oldest kMaxNamedPartners and counts the rest (more_handles); sharing findings are one per
// run of granules shared with the same mappings, at most kMaxSharingFindingsPerOp per op
// (internal/shared_runs.h). Findings raised at the end of the trace (leak-at-end, an
// unchecked mapping never used) carry the index of the last op.
// docs/oracles.md, "Contract oracle", gives every rule and decision.
#ifndef DMASIM_MODEL_CONTRACT_CONTRACT_ORACLE_H_
#define DMASIM_MODEL_CONTRACT_CONTRACT_ORACLE_H_

#include <memory>

#include "model/replay/observer.h"

namespace dmasim {

std::unique_ptr<Oracle> MakeContractOracle();

}  // namespace dmasim

#endif  // DMASIM_MODEL_CONTRACT_CONTRACT_ORACLE_H_
