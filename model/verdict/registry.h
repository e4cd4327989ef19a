// Which checkers and oracles exist, by name. The CLI, the fuzz targets and the property tests
// build observers only through here.
//
// Checker ids: every dma-debug era id ("linux-5.15"), any kernel version string that resolves
// to an era ("linux-6.1" -> "linux-5.15"), and "exact". Oracle names: "contract" and
// "hazard" (one instance per arch).
#ifndef DMASIM_MODEL_VERDICT_REGISTRY_H_
#define DMASIM_MODEL_VERDICT_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/replay/observer.h"
#include "model/trace/platform.h"

namespace dmasim {

// A checker id as the user gave it and the model that runs for it.
struct CheckerInfo {
  std::string id;   // as given
  std::string era;  // canonical id of the model that runs ("exact" for exact), with
                    // "-debug_sg" when the id turns CONFIG_DMA_API_DEBUG_SG on
};

// Resolves a checker id or kernel version. Error (InvalidArgument) for unknown ids.
absl::StatusOr<CheckerInfo> ResolveChecker(absl::string_view id);
absl::StatusOr<std::unique_ptr<Checker>> NewChecker(absl::string_view id,
                                                     const CheckerOptions& options);
// Every checker that exists, in a fixed order (eras oldest first, then "exact").
std::vector<std::string> AllCheckerIds();

std::unique_ptr<Oracle> NewContractOracle();
// `platform` is the platform the pass runs under (its arch names the cache policy).
std::unique_ptr<Oracle> NewHazardOracle(const PlatformDecl& platform);


}  // namespace dmasim

#endif  // DMASIM_MODEL_VERDICT_REGISTRY_H_
