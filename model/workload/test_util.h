// Test helpers for model/workload: generate a profile's trace with the test defaults.
#ifndef DMASIM_MODEL_WORKLOAD_TEST_UTIL_H_
#define DMASIM_MODEL_WORKLOAD_TEST_UTIL_H_

#include <string>

#include "gtest/gtest.h"
#include "model/workload/skb_generator.h"

namespace dmasim::workload_test {

// The trace of `profile` (a test failure, and an empty trace, if generation fails).
inline Trace Gen(const std::string& profile, uint64_t seed = 1, const std::string& arch = "arm64",
                 int packets = 8) {
  SkbParams p;
  p.profile = profile;
  p.seed = seed;
  p.arch = arch;
  p.packets = packets;
  absl::StatusOr<Trace> t = GenerateSkbTrace(p);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : Trace{};
}

}  // namespace dmasim::workload_test

#endif  // DMASIM_MODEL_WORKLOAD_TEST_UTIL_H_
