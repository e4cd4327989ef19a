#include "model/hunt/trace_decoder.h"

#include <set>
#include <vector>

#include "gtest/gtest.h"
#include "model/base/prng.h"
#include "model/trace/trace_printer.h"
#include "model/trace/trace_validate.h"

namespace dmasim::hunt {
namespace {

std::vector<uint8_t> RandomBytes(Rng& rng, size_t max) {
  std::vector<uint8_t> b(rng.Below(max + 1));
  for (uint8_t& x : b) x = static_cast<uint8_t>(rng.Next());
  return b;
}

TEST(TraceDecoder, EmptyInputDecodesToAValidTrace) {
  const Trace t = DecodeFuzzTrace(nullptr, 0);
  EXPECT_TRUE(ValidateTrace(t).ok());
  EXPECT_EQ(t.devices.size(), 2u);  // a zero byte: two devices
  EXPECT_EQ(t.bufs.size(), 1u);
  EXPECT_TRUE(t.ops.empty());
}

TEST(TraceDecoder, EveryByteStringDecodesToAValidDeterministicTrace) {
  Rng rng(7);
  for (int k = 0; k < 20000; ++k) {
    const std::vector<uint8_t> b = RandomBytes(rng, 200);
    const Trace t = DecodeFuzzTrace(b.data(), b.size());
    ASSERT_TRUE(ValidateTrace(t).ok()) << k;
    ASSERT_LE(t.ops.size(), 48u);
    ASSERT_EQ(PrintTrace(t), PrintTrace(DecodeFuzzTrace(b.data(), b.size())));
  }
}

TEST(TraceDecoder, ReachesEveryOpKindArchAndWrongCall) {
  Rng rng(11);
  std::set<OpKind> kinds;
  std::set<std::string> archs;
  int size_other = 0, dir_other = 0, nents_other = 0, attrs_other = 0, shared_line = 0;
  for (int k = 0; k < 5000; ++k) {
    const std::vector<uint8_t> b = RandomBytes(rng, 120);
    const Trace t = DecodeFuzzTrace(b.data(), b.size());
    archs.insert(t.platform.arch);
    for (const Op& op : t.ops) {
      kinds.insert(op.kind);
      size_other += op.size.has_value();
      dir_other += op.override_dir.has_value();
      nents_other += op.nents.has_value();
      attrs_other += op.override_attrs.has_value();
    }
    // Two buffers whose line ranges meet without being the same buffer.
    for (size_t a = 0; a < t.bufs.size(); ++a) {
      for (size_t c = a + 1; c < t.bufs.size(); ++c) {
        const uint64_t L = t.platform.line;
        const BufDecl& x = t.bufs[a];
        const BufDecl& y = t.bufs[c];
        if (x.at / L <= (y.at + y.len - 1) / L && y.at / L <= (x.at + x.len - 1) / L) {
          ++shared_line;
        }
      }
    }
  }
  EXPECT_EQ(kinds.size(), 12u);
  EXPECT_EQ(archs.size(), 10u);
  EXPECT_GT(size_other, 0);
  EXPECT_GT(dir_other, 0);
  EXPECT_GT(nents_other, 0);
  EXPECT_GT(attrs_other, 0);
  EXPECT_GT(shared_line, 500);  // the decoder steers toward shared lines
}

// The shapes of issue 16 are in the fuzzer's reach: a buffer far from the others in the
// top line of the address space, and an unmap_sg walking far past the list it mapped.
TEST(TraceDecoder, ReachesTheTopOfTheAddressSpaceAndHugeNents) {
  Rng rng(13);
  int top_and_low = 0, huge_nents = 0;
  for (int k = 0; k < 5000; ++k) {
    const std::vector<uint8_t> b = RandomBytes(rng, 120);
    const Trace t = DecodeFuzzTrace(b.data(), b.size());
    bool top = false, low = false;
    for (const BufDecl& x : t.bufs) {
      ASSERT_LE(x.len, ~uint64_t{0} - x.at);  // never past the address space's last byte
      (x.at >= kDecoderTop ? top : low) = true;
    }
    top_and_low += top && low;
    for (const Op& op : t.ops) {
      huge_nents += op.kind == OpKind::kUnmapSg && op.nents.value_or(0) >= 0x7fffffff;
    }
  }
  EXPECT_GT(top_and_low, 50);
  EXPECT_GT(huge_nents, 10);
}

TEST(TraceDecoder, ArchOptionRestrictsThePlatform) {
  Rng rng(3);
  DecoderOptions o;
  o.archs = {"riscv"};
  for (int k = 0; k < 200; ++k) {
    const std::vector<uint8_t> b = RandomBytes(rng, 40);
    EXPECT_EQ(DecodeFuzzTrace(b.data(), b.size(), o).platform.arch, "riscv");
  }
}

}  // namespace
}  // namespace dmasim::hunt
