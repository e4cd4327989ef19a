// The generator at scale (issue 5: "generated traces are valid per seed"; their determinism
// is tested across processes by tests/determinism_test.sh):
// every profile x every arch of the platform table x seeds 1..100 x packets {1, 4, 32}, and
// the fuzz-bytes decoder on thousands of pseudo-random byte strings. One test suite instance
// per profile, so CTest spreads the grid over the available cores.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/trace/platform.h"
#include "model/verdict/replay.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_validate.h"
#include "model/trace/trace_printer.h"
#include "model/base/prng.h"
#include "model/workload/skb_generator.h"

namespace dmasim {
namespace {

constexpr uint64_t kSeeds = 100;
constexpr int kPackets[] = {1, 4, 32};

// The grid point's parameters. The seed also varies the other knobs (completion order, ring
// depth, RX buffer shape, the E1 opening), so the grid covers them without growing.
SkbParams GridParams(const std::string& profile, const std::string& arch, uint64_t seed,
                     int packets) {
  SkbParams p;
  p.profile = profile;
  p.arch = arch;
  p.seed = seed;
  p.packets = packets;
  p.out_of_order = seed % 2 == 0;
  p.inflight = static_cast<int>(1 + seed % 8);
  p.rx_buf = seed % 5 == 0 ? static_cast<uint32_t>(64 * (1 + seed % 64)) : 0;
  p.rx_build_skb = seed % 3 != 0;
  p.first_payload = seed % 4 == 0 ? 0 : 48;
  return p;
}

std::string Where(const SkbParams& p) {
  return p.profile + " --platform " + p.arch + " --seed " + std::to_string(p.seed) +
         " --packets " + std::to_string(p.packets);
}

// Profiles whose CPU never writes next to a live device-written buffer: the hazard oracle
// must find nothing on any arch. virtio and kmalloc-small model exactly such neighbours
// (M2, E3) and are expected to show hazards on non-coherent archs.
bool MeantHazardFree(const std::string& profile) {
  return profile != "virtio" && profile != "kmalloc-small";
}

class SkbGrid : public ::testing::TestWithParam<std::string> {};

TEST_P(SkbGrid, EveryArchSeedAndSizeIsValidRoundTripsAndRepeatsByteForByte) {
  for (const ArchPolicy& a : AllArchs()) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      for (const int packets : kPackets) {
        const SkbParams p = GridParams(GetParam(), std::string(a.name), seed, packets);
        absl::StatusOr<Trace> t = GenerateSkbTrace(p);
        ASSERT_TRUE(t.ok()) << Where(p) << ": " << t.status();
        ASSERT_TRUE(ValidateTrace(*t).ok()) << Where(p) << ": " << ValidateTrace(*t);
        const std::string text = PrintTrace(*t);
        absl::StatusOr<Trace> back = ParseTrace(text, "generated");
        ASSERT_TRUE(back.ok()) << Where(p) << ": " << back.status();
        ASSERT_TRUE(*back == *t) << Where(p);
      }
    }
  }
}

// Every era model, `exact` and the contract oracle accept every grid trace.
TEST_P(SkbGrid, EveryArchSeedAndSizeReplaysThroughEveryCheckerAndTheContract) {
  ReplayRequest req;
  req.oracles = {"contract"};
  for (const ArchPolicy& a : AllArchs()) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      for (const int packets : kPackets) {
        const SkbParams p = GridParams(GetParam(), std::string(a.name), seed, packets);
        absl::StatusOr<Trace> t = GenerateSkbTrace(p);
        ASSERT_TRUE(t.ok()) << Where(p);
        absl::StatusOr<ReplayOutcome> out = Replay(*t, req);
        ASSERT_TRUE(out.ok()) << Where(p) << ": " << out.status();
        ASSERT_FALSE(out->checkers.empty());
      }
    }
  }
}

// The hazard oracle (the expensive part) on seeds 1 and 10 (page halves in order; fragments
// with build_skb, out of order), on the trace's own arch: it runs without error, never hits
// its state bound, and finds nothing in the profiles that put no CPU data next to
// device-written bytes (in particular rx-page-pool, whose recycled pages once showed
// cpu-write-lost on mips: rx_workload.cc says why).
TEST_P(SkbGrid, HazardOracleIsDecisiveAndQuietWhereNoCpuDataNeighboursDeviceData) {
  for (const ArchPolicy& a : AllArchs()) {
    for (const uint64_t seed : {uint64_t{1}, uint64_t{10}}) {
      for (const int packets : kPackets) {
        const SkbParams p = GridParams(GetParam(), std::string(a.name), seed, packets);
        absl::StatusOr<Trace> t = GenerateSkbTrace(p);
        ASSERT_TRUE(t.ok()) << Where(p);
        ReplayRequest req;
        req.checkers = {"linux-5.15"};
        req.oracles = {"hazard"};
        absl::StatusOr<ReplayOutcome> out = Replay(*t, req);
        ASSERT_TRUE(out.ok()) << Where(p) << ": " << out.status();
        ASSERT_EQ(out->oracles.size(), 1u);
        const OracleResult& r = out->oracles[0].result;
        EXPECT_NE(r.verdict, Verdict::kUnknown) << Where(p) << ": " << r.note;
        if (MeantHazardFree(p.profile)) {
          EXPECT_EQ(r.verdict, Verdict::kSafe)
              << Where(p) << ": " << r.findings.size() << " findings, first "
              << (r.findings.empty() ? "" : r.findings[0].kind + ": " + r.findings[0].message);
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, SkbGrid, ::testing::ValuesIn(SkbProfileNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

// Seeded splitmix64 byte strings of length 0..96, plus the empty, all-zero and all-0xff
// strings: the kind of input the future skb fuzz target feeds the decoder.
std::vector<std::vector<uint8_t>> FuzzInputs(int n) {
  Rng rng(0x5eed);
  std::vector<std::vector<uint8_t>> inputs = {{}, std::vector<uint8_t>(96, 0),
                                              std::vector<uint8_t>(96, 0xff)};
  for (int i = 0; i < n; ++i) {
    std::vector<uint8_t> b(static_cast<size_t>(rng.Below(97)));
    for (uint8_t& x : b) x = static_cast<uint8_t>(rng.Next() >> 56);
    inputs.push_back(std::move(b));
  }
  return inputs;
}

// Any byte string decodes (a pure function, both entry points alike) to parameters the
// generator accepts, and the trace is valid and round-trips through the text format.
TEST(SkbFuzzBytes, AnyBytesDecodeToAValidRoundTrippingTrace) {
  const std::vector<std::vector<uint8_t>> inputs = FuzzInputs(1500);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::vector<uint8_t>& b = inputs[i];
    const SkbParams p = DecodeSkbParams(absl::MakeConstSpan(b));
    const SkbParams q = DecodeSkbParams(b.data(), b.size());
    ASSERT_EQ(p.profile, q.profile);
    ASSERT_EQ(p.seed, q.seed);
    ASSERT_LE(p.packets, 256);
    absl::StatusOr<Trace> t = GenerateSkbTrace(p);
    ASSERT_TRUE(t.ok()) << "input " << i << ": " << t.status();
    ASSERT_TRUE(ValidateTrace(*t).ok()) << "input " << i;
    absl::StatusOr<Trace> back = ParseTrace(PrintTrace(*t), "fuzz");
    ASSERT_TRUE(back.ok()) << "input " << i << ": " << back.status();
    ASSERT_TRUE(*back == *t) << "input " << i;
  }
}

// Decoded traces replay through every checker and the contract, every 25th also through
// the hazard oracle on its own arch, without error.
TEST(SkbFuzzBytes, DecodedTracesReplayWithoutError) {
  const std::vector<std::vector<uint8_t>> inputs = FuzzInputs(300);
  for (size_t i = 0; i < inputs.size(); ++i) {
    absl::StatusOr<Trace> t = GenerateSkbTrace(DecodeSkbParams(absl::MakeConstSpan(inputs[i])));
    ASSERT_TRUE(t.ok()) << "input " << i << ": " << t.status();
    ReplayRequest req;
    req.oracles = {"contract"};
    if (i % 25 == 0) req.oracles.push_back("hazard");
    absl::StatusOr<ReplayOutcome> out = Replay(*t, req);
    ASSERT_TRUE(out.ok()) << "input " << i << ": " << out.status();
  }
}

}  // namespace
}  // namespace dmasim
