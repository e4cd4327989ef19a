// The indexed contract oracle (model/contract) and the naive reference
// (naive_contract.h) side by side on one trace: one replay feeds both, and the result is
// a line per finding (every field, the message whole) for each, so a test compares two
// strings and a failure prints where they part.
#ifndef DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_AGREE_H_
#define DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_AGREE_H_

#include <string>

#include "model/trace/trace.h"

namespace dmasim::props {

// Both oracles' results on `trace` under its own platform, as printed lines.
struct ContractPair {
  std::string indexed;
  std::string naive;
};
ContractPair ReplayBothContracts(const Trace& trace);

}  // namespace dmasim::props

#endif  // DMASIM_PROPS_REFERENCE_NAIVE_CONTRACT_AGREE_H_
