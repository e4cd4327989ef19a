// Signatures: what makes two findings the same finding. A signature is the finding's era,
// oracle, class and kind plus the *shape* of the (minimized) trace: the op kinds,
// directions, attributes and wrong-call arguments, the devices' kinds, and how the memory
// ranges share bytes, lines, dma_align granules and pages; never addresses, lengths or names.
// Two repros with one signature show one bug the same way; the findings database keeps one
// file per signature.
#ifndef DMASIM_MODEL_HUNT_SIGNATURE_H_
#define DMASIM_MODEL_HUNT_SIGNATURE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/hunt/finding.h"
#include "model/trace/trace.h"

namespace dmasim::hunt {

// The shape of the ops of `trace` listed in `ops` (ascending op indices); all ops when
// `ops` is empty. Deterministic text, one line.
std::string TraceShape(const Trace& trace, const std::vector<int>& ops = {});

// The ops a finding directly involves: its op, the maps of its handles and every op on
// them. A cheap stand-in for the minimized trace when deciding whether a finding is worth
// minimizing (docs/hunt.md, "Deduplication").
std::vector<int> FindingSlice(const Trace& trace, const Finding& finding);

struct Signature {
  std::string text;  // "ERA|ORACLE|CLASS|KIND|SHAPE"
  std::string id;    // 16 hex digits: FNV-1a 64 of `text`
};

Signature MakeSignature(absl::string_view era, const FindingKey& key, absl::string_view shape);
std::string SignatureId(absl::string_view text);

// "linux-5.15.contract.false-positive.eexist.0123abcd.dma": era, oracle (':' as '-'), class,
// kind and the first 8 digits of the id.
std::string ReproFileName(absl::string_view era, const FindingKey& key, absl::string_view id);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_SIGNATURE_H_
