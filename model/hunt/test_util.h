// Shared helpers of the hunt tests: parse a trace that must be valid.
#ifndef DMASIM_MODEL_HUNT_TEST_UTIL_H_
#define DMASIM_MODEL_HUNT_TEST_UTIL_H_

#include <cstdlib>
#include <cstdio>
#include <string>

#include "model/trace/trace_parser.h"

namespace dmasim::hunt::test {

inline Trace MustParse(const std::string& text) {
  absl::StatusOr<Trace> t = ParseTrace(text, "test");
  if (!t.ok()) {
    std::fprintf(stderr, "%s\n", std::string(t.status().message()).c_str());
    std::abort();
  }
  return *t;
}

// E2's shape: one region mapped for two coherent devices, plus noise ops. linux-5.15
// reports EEXIST at op 2 (the second map); the contract finds no sharing: a false positive.
inline constexpr char kTwoDevices[] = R"(dmasim 1
platform arch=coherent line=64
device a coherent
device b coherent
buf x at=0x40000 len=256
buf y at=0x80000 len=64
cpu_write y 0 64
m0 = map a x 0 256 from_device
m1 = map b x 0 256 from_device
mapping_error m0
mapping_error m1
cpu_read y 0 64
dev_write m1 0 64
sync_for_cpu m0
unmap m0
unmap m1
)";

}  // namespace dmasim::hunt::test

#endif  // DMASIM_MODEL_HUNT_TEST_UTIL_H_
