// The witness of each hazard finding in `dmasim replay`'s text and JSON (issue 12, item 1;
// model/hazard/witness.h). Only hazard oracles with findings cost anything: a search
// replay and one forced re-run per finding (at most kMaxWitnesses per platform).
#ifndef DMASIM_MODEL_VERDICT_REPORT_WITNESS_H_
#define DMASIM_MODEL_VERDICT_REPORT_WITNESS_H_

#include <string>
#include <vector>

#include "model/base/json_writer.h"
#include "model/hazard/witness.h"
#include "model/trace/trace.h"
#include "model/verdict/replay.h"

namespace dmasim {

// One witness per finding of `o` (in order) if `o` is a hazard oracle ("hazard:ARCH");
// empty for the contract oracle.
std::vector<HazardWitness> WitnessesOf(const Trace& trace, const OracleOutcome& o);

// The witness under its finding in the text report: indented lines, each ending in '\n'.
std::string WitnessText(const Trace& trace, const HazardWitness& w);
// What the tags in WitnessText mean (printed once per report that has a witness).
std::string WitnessLegend();

// The finding's "witness" field (docs/replay-json.md): key and value.
void WitnessJson(JsonWriter& json, const HazardWitness& w);

}  // namespace dmasim

#endif  // DMASIM_MODEL_VERDICT_REPORT_WITNESS_H_
