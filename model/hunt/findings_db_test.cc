#include "model/hunt/findings_db.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "model/hunt/repro_writer.h"
#include "model/hunt/signature.h"

namespace dmasim::hunt {
namespace {

std::string TempDir() {
  char tmpl[] = "/tmp/dmasim-db-XXXXXX";
  return mkdtemp(tmpl);
}

std::string Slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Text(const Signature& s, const std::string& body) {
  return std::string(kHeaderSignature) + s.text + "\n" + kHeaderId + s.id + "\n" + body;
}

TEST(FindingsDb, ASignatureIsWrittenOnceAndFoundAgainAfterReopening) {
  const std::string dir = TempDir();
  absl::StatusOr<FindingsDb> db = FindingsDb::Open(dir);
  ASSERT_TRUE(db.ok());
  const Signature s = MakeSignature("linux-5.15", {"linux-5.15", "contract", kFalsePositive, "eexist"}, "x");
  const DbEntry e{s.id, s.text, "a.dma"};
  EXPECT_TRUE(*db->Add(e, Text(s, "first\n")));
  EXPECT_FALSE(*db->Add(e, Text(s, "second\n")));
  EXPECT_EQ(Slurp(dir + "/a.dma"), Text(s, "first\n"));
  // Another job (another FindingsDb on the folder) racing on the same name never overwrites.
  absl::StatusOr<FindingsDb> other = FindingsDb::Open(dir);
  ASSERT_TRUE(other.ok());
  ASSERT_NE(other->Find(s.id), nullptr);
  EXPECT_EQ(other->Find(s.id)->file, "a.dma");
  const Signature t = MakeSignature("linux-5.15", {"linux-5.15", "contract", kFalsePositive, "eexist"}, "y");
  EXPECT_FALSE(*other->Add({t.id, t.text, "a.dma"}, Text(t, "third\n")));
  EXPECT_EQ(Slurp(dir + "/a.dma"), Text(s, "first\n"));
}

TEST(FindingsDb, CorruptFilesAreReportedAndLeftAlone) {
  const std::string dir = TempDir();
  std::ofstream(dir + "/junk.dma") << "dmasim 1\n";
  std::ofstream(dir + "/bad-id.dma") << kHeaderSignature << "abc\n" << kHeaderId << "0000\n";
  std::ofstream(dir + "/notes.txt") << "not a repro";
  absl::StatusOr<FindingsDb> db = FindingsDb::Open(dir);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db->size(), 0u);
  ASSERT_EQ(db->corrupt().size(), 2u);
  EXPECT_NE(db->corrupt()[0].find("bad-id.dma"), std::string::npos);
  EXPECT_EQ(Slurp(dir + "/junk.dma"), "dmasim 1\n");
}

TEST(FindingsDb, OpenFailsOnAFileOrAnUnwritableFolder) {
  const std::string dir = TempDir();
  std::ofstream(dir + "/file") << "x";
  EXPECT_FALSE(FindingsDb::Open(dir + "/file").ok());
  EXPECT_FALSE(FindingsDb::Open(dir + "/file/sub").ok());
  EXPECT_FALSE(FindingsDb::Open("").ok());
  if (geteuid() != 0) {  // root writes anywhere
    mkdir((dir + "/ro").c_str(), 0555);
    EXPECT_FALSE(FindingsDb::Open(dir + "/ro").ok());
  }
}

}  // namespace
}  // namespace dmasim::hunt
