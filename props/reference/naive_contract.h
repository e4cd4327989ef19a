// The naive contract oracle: the contract oracle as a plain loop over every live mapping for
// every rule (what model/contract was before it was indexed), kept as the reference that the
// indexed oracle must agree with, finding for finding and byte for byte
// (naive_contract_test.cc: every trace of repro/ and tests/, NIC-like traces, random traces).
// Slow on purpose: O(live mappings) per map and CPU access.
#ifndef DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_H_
#define DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_H_

#include <memory>

#include "model/replay/observer.h"

namespace dmasim::props {

std::unique_ptr<Oracle> MakeNaiveContractOracle();

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_H_
