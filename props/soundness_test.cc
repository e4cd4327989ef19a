// Soundness of the contract (issue 11): a trace that breaks no contract rule has no data
// hazard on any platform.
#include "gtest/gtest.h"
#include "model/replay/replayer.h"
#include "model/trace/platform.h"
#include "props/support/arbitrary.h"
#include "props/support/narrowing.h"
#include "props/support/oracles.h"
#include "rapidcheck/gtest.h"

namespace dmasim::props {
namespace {

// Clean traces inside the narrowings (each one documented where it is defined).
rc::Gen<Trace> GenSoundnessTrace() {
  GenOptions o;
  // Narrowing 0: dma_align >= line on non-coherent archs. Rule 3 puts ARCH_DMA_MINALIGN on
  // the platform ("so that kmalloc buffers never share a line"); a platform with a smaller
  // dma_align breaks it, and then granule-clean layouts share cache lines.
  o.dma_align_covers_line = true;
  // Narrowing 2 (repro/props/soundness-skip-cpu-sync-first-map.dma): skip_cpu_sync only as
  // rule 11 uses it (narrowing.h).
  // Narrowing 4: CPU writes synced for the device before the unmap (narrowing.h).
  return rc::gen::map(GenCleanTrace(o), [](const Trace& t) {
    return WithCpuWritesSyncedBeforeUnmap(WithSkipCpuSyncAsRule11(t));
  });
}

RC_GTEST_PROP(Soundness, CleanTraceHasNoDataHazardOnAnyPlatform, ()) {
  const Trace t = *GenSoundnessTrace();
  for (const ArchPolicy& a : AllArchs()) {
    // The contract's granule is the platform's dma_align, which follows the arch when the
    // trace does not give it (x86: 1): the trace must be clean where it runs.
    const PlatformDecl p = PlatformWithArch(t, a.name);
    if (p.dma_align != t.platform.dma_align && !ContractFindingsOn(t, p).empty()) continue;
    const SoundnessExcuses excuses(t, a.name);
    if (excuses.SkipArch()) continue;  // narrowing 1
    const OracleResult r = HazardResult(t, a.name);
    RC_LOG() << "hazard:" << a.name << "\n" << Summary(r.findings);
    for (const OracleFinding& f : r.findings) {
      if (excuses.Reason(f) != 0) continue;
      RC_FAIL("hazard on " + std::string(a.name) + ": " + f.message);
    }
  }
}

}  // namespace
}  // namespace dmasim::props
