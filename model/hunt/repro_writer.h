// The text of a hunt repro: a `.dma` file whose header says which finding it shows and how
// it was found, and whose `expect` lines state what the finding's checker and oracle say,
// so that `dmasim replay` exits 0 on it and repro/ can take it as it is.
#ifndef DMASIM_MODEL_HUNT_REPRO_WRITER_H_
#define DMASIM_MODEL_HUNT_REPRO_WRITER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "model/hunt/finding.h"
#include "model/hunt/signature.h"
#include "model/trace/trace.h"

namespace dmasim::hunt {

// Header keys (one "# KEY: VALUE" line each, before the trace).
inline constexpr char kHeaderSignature[] = "# signature: ";
inline constexpr char kHeaderId[] = "# signature-id: ";

// `trace` (minimized, shows `key`) with expect lines for the key's checker and oracle,
// printed canonically after a header. `found` says how the input was found (one line).
// Checked: the text parses back and its expectations hold (DMASIM_CHECK).
std::string ReproText(const Trace& trace, const FindingKey& key, const Signature& sig,
                      absl::string_view found);

// `trace` with the expect lines of `key`'s checker and oracle (what they say about it).
Trace WithExpectations(const Trace& trace, const ReplayRequest& request);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_REPRO_WRITER_H_
