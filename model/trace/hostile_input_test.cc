// The parser on hostile inputs (issue 16): it stops at the first error without lexing the
// rest, and quotes long words cut.
#include <string>

#include "gtest/gtest.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

std::string ErrorOf(const std::string& text) {
  absl::StatusOr<Trace> t = ParseTrace(text, "t.dma");
  EXPECT_FALSE(t.ok());
  return t.ok() ? "" : std::string(t.status().message());
}

// Statement by statement: the error on line 2 is the one reported, although line 3 holds
// a byte the lexer rejects (lexing everything first reported line 3).
TEST(HostileInput, TheFirstErrorEndsTheParse) {
  EXPECT_EQ(ErrorOf("dmasim 1\nfoo\n\x01\n"), "t.dma:2:1: unknown statement 'foo'");
  EXPECT_EQ(ErrorOf("dmasim 1\nfoo\n" + std::string(70000, 'x') + "\n"),
            "t.dma:2:1: unknown statement 'foo'");
}

TEST(HostileInput, LongWordsAreQuotedCut) {
  const std::string digits(65000, '9');
  const std::string e = ErrorOf("dmasim 1\nbuf a at=0 len=" + digits + "\n");
  EXPECT_EQ(e, "t.dma:2:12: len '" + std::string(40, '9') +
                   "...[65000 bytes]' is out of range (64 bits)");
  EXPECT_LT(ErrorOf("dmasim 1\n" + std::string(60000, 'q') + "\n").size(), 120u);
  EXPECT_LT(ErrorOf("dmasim 1\ncpu_write " + std::string(60000, 'b') + "\n").size(), 120u);
  // Short words stay whole.
  EXPECT_EQ(ErrorOf("dmasim 1\nbuf a at=0 len=zero\n"), "t.dma:2:12: len: 'zero' is not a number");
}

// The top of the address space: a buffer may end at 2^64 - 1, not at 2^64.
TEST(HostileInput, BufferEndsBelowTwoToThe64) {
  EXPECT_TRUE(ParseTrace("dmasim 1\nbuf a at=0xffffffffffffffc0 len=63\n", "t.dma").ok());
  EXPECT_FALSE(ParseTrace("dmasim 1\nbuf a at=0xffffffffffffffc0 len=64\n", "t.dma").ok());
}

}  // namespace
}  // namespace dmasim
