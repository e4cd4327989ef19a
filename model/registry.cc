#include "model/registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#ifdef DMASIM_HAVE_DMA_DEBUG
#include "model/dma_debug/dma_debug_checker.h"
#include "model/dma_debug/era.h"
#endif
#ifdef DMASIM_HAVE_CONTRACT
#include "model/contract/contract_oracle.h"
#include "model/contract/exact_checker.h"
#endif
#ifdef DMASIM_HAVE_HAZARD
#include "model/hazard/hazard_oracle.h"
#endif

namespace dmasim {

std::vector<std::string> AllCheckerIds() {
  std::vector<std::string> ids;
#ifdef DMASIM_HAVE_DMA_DEBUG
  for (EraId e : AllEras()) ids.push_back(std::string(EraName(e)));
#endif
#ifdef DMASIM_HAVE_CONTRACT
  ids.push_back("exact");
#endif
  return ids;
}

absl::StatusOr<CheckerInfo> ResolveChecker(absl::string_view id) {
#ifdef DMASIM_HAVE_CONTRACT
  if (id == "exact") return CheckerInfo{"exact", "exact"};
#endif
#ifdef DMASIM_HAVE_DMA_DEBUG
  if (std::optional<EraId> e = ResolveEra(id)) {
    return CheckerInfo{std::string(id), std::string(EraName(*e))};
  }
#endif
  return absl::InvalidArgumentError(
      absl::StrCat("unknown checker '", id, "' (known: ", absl::StrJoin(AllCheckerIds(), ", "),
                   "; any linux-X.Y[.Z][-rcN] from 3.14 on, or a `uname -r` string, resolves to its era)"));
}

absl::StatusOr<std::unique_ptr<Checker>> NewChecker(absl::string_view id,
                                                    const CheckerOptions& options) {
  absl::StatusOr<CheckerInfo> info = ResolveChecker(id);
  if (!info.ok()) return info.status();
#ifdef DMASIM_HAVE_CONTRACT
  if (info->era == "exact") return MakeExactChecker(options);
#endif
#ifdef DMASIM_HAVE_DMA_DEBUG
  return MakeDmaDebugChecker(*ResolveVersion(id), options);
#else
  return absl::UnimplementedError("no dma-debug era models in this build");
#endif
}

bool HaveContractOracle() {
#ifdef DMASIM_HAVE_CONTRACT
  return true;
#else
  return false;
#endif
}

bool HaveHazardOracle() {
#ifdef DMASIM_HAVE_HAZARD
  return true;
#else
  return false;
#endif
}

std::unique_ptr<Oracle> NewContractOracle() {
#ifdef DMASIM_HAVE_CONTRACT
  return MakeContractOracle();
#else
  return nullptr;
#endif
}

std::unique_ptr<Oracle> NewHazardOracle(const PlatformDecl& platform) {
#ifdef DMASIM_HAVE_HAZARD
  return MakeHazardOracle(platform);
#else
  (void)platform;
  return nullptr;
#endif
}

}  // namespace dmasim
