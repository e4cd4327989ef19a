// The indexed contract oracle agrees with the naive reference, finding for finding and byte
// for byte, on random traces (the props generators; any trace, clean traces, skb workloads).
// The traces of repro/, tests/ and the NIC-like family are checked by props_contract_agree
// (naive_contract_agree_main.cc), which CTest runs over them.
#include "gtest/gtest.h"
#include "model/trace/trace_builder.h"
#include "props/reference/naive_contract_agree.h"
#include "props/support/arbitrary.h"
#include "rapidcheck/gtest.h"

namespace dmasim::props {
namespace {

RC_GTEST_PROP(NaiveContract, IndexedOracleAgreesOnRandomTraces, ()) {
  const Trace t = *GenMixedTrace();
  const ContractPair p = ReplayBothContracts(t);
  RC_ASSERT(p.indexed == p.naive);
}

RC_GTEST_PROP(NaiveContract, IndexedOracleAgreesOnAnyTrace, ()) {
  const Trace t = *GenAnyTrace();
  const ContractPair p = ReplayBothContracts(t);
  RC_ASSERT(p.indexed == p.naive);
}

// A hand-made case the index must get right: a mapping as wide as the address space's last
// granules next to a one-granule one, and a CPU write that meets both (the widest width
// class and the narrowest in one query), with an unbind in between.
TEST(NaiveContract, IndexedOracleAgreesOnWideAndNarrowNeighbours) {
  PlatformDecl p;
  p.arch = "arm64";
  p.line = 64;
  p.dma_align = 128;
  TraceBuilder b(p);
  const int d = b.Device("d", false);
  const int big = b.Buf("big", 0x10000, 0x100000);
  const int small = b.Buf("small", 0x10040, 0x20);
  const int wide = b.Map(d, Element{big, 0, 0x100000}, Direction::kFromDevice);
  b.MappingError(wide);
  const int narrow = b.Map(d, Element{small, 0, 0x20}, Direction::kFromDevice);
  b.MappingError(narrow);
  b.CpuWrite(small, 0, 8);
  b.Unbind(d);
  b.CpuWrite(big, 0x80000, 8);
  b.Unmap(narrow);
  b.Unbind(d);
  const Trace t = b.Take();
  const ContractPair pair = ReplayBothContracts(t);
  EXPECT_EQ(pair.indexed, pair.naive);
  EXPECT_NE(pair.indexed.find("sharing"), std::string::npos) << pair.indexed;
  EXPECT_NE(pair.indexed.find("leak-at-unbind"), std::string::npos) << pair.indexed;
}

}  // namespace
}  // namespace dmasim::props
