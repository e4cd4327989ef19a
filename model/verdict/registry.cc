#include "model/verdict/registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/contract/contract_oracle.h"
#include "model/contract/exact_checker.h"
#include "model/dma_debug/dma_debug_checker.h"
#include "model/dma_debug/era.h"
#include "model/hazard/hazard_oracle.h"

namespace dmasim {

std::vector<std::string> AllCheckerIds() {
  std::vector<std::string> ids;
  for (EraId e : AllEras()) ids.push_back(std::string(EraName(e)));
  ids.push_back("exact");
  return ids;
}

absl::StatusOr<CheckerInfo> ResolveChecker(absl::string_view id) {
  if (id == "exact") return CheckerInfo{"exact", "exact"};
  if (std::optional<ResolvedEra> r = ResolveVersion(id)) {
    // A kernel config in the id ("-debug_sg") is part of the model that runs.
    return CheckerInfo{std::string(id),
                       absl::StrCat(EraName(r->era), r->debug_sg ? "-debug_sg" : "")};
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown checker '", id, "' (known: ", absl::StrJoin(AllCheckerIds(), ", "),
                   "; any linux-X.Y[.Z][-rcN] from 3.14 on, or a `uname -r` string, resolves to its era; "
                   "-debug_sg after a version from 4.18 to 6.x adds CONFIG_DMA_API_DEBUG_SG)"));
}

absl::StatusOr<std::unique_ptr<Checker>> NewChecker(absl::string_view id,
                                                    const CheckerOptions& options) {
  absl::StatusOr<CheckerInfo> info = ResolveChecker(id);
  if (!info.ok()) return info.status();
  if (info->era == "exact") return MakeExactChecker(options);
  return MakeDmaDebugChecker(*ResolveVersion(id), options);
}

std::unique_ptr<Oracle> NewContractOracle() { return MakeContractOracle(); }

std::unique_ptr<Oracle> NewHazardOracle(const PlatformDecl& platform) {
  return MakeHazardOracle(platform);
}

}  // namespace dmasim
