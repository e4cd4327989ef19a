#include "props/reference/naive_contract_agree.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/contract/contract_oracle.h"
#include "model/replay/replayer.h"
#include "props/reference/naive_contract.h"

namespace dmasim::props {
namespace {

std::string Lines(const OracleResult& r) {
  std::string out = absl::StrCat("verdict ", static_cast<int>(r.verdict), " not_listed ",
                                 r.findings_not_listed, " note '", r.note, "'\n");
  for (const OracleFinding& f : r.findings) {
    absl::StrAppend(&out, "op ", f.op, " ", f.kind, " sharing ", f.sharing, " [",
                    absl::StrJoin(f.handles, ","), "] line ", f.line, " lines ", f.lines,
                    " more ", f.more_handles, ": ", f.message, "\n");
  }
  return out;
}

}  // namespace

ContractPair ReplayBothContracts(const Trace& trace) {
  std::unique_ptr<Oracle> indexed = MakeContractOracle();
  std::unique_ptr<Oracle> naive = MakeNaiveContractOracle();
  ReplayOnce(trace, trace.platform, {indexed.get(), naive.get()});
  return {Lines(indexed->result()), Lines(naive->result())};
}

}  // namespace dmasim::props
