// The contract oracle: the documented streaming-DMA rules (reference dma-debug.md §6),
// platform-independent, as findings with stable rule ids (model/contract/rules.h).
//
// It is meant to be simple and obviously right, not fast: every check is a direct loop over
// mappings, elements and granules, written to read like the rule it implements. The `exact`
// checker (exact_checker.h) is the efficient algorithm for the sharing rules and is tested
// against this oracle on random traces.
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
