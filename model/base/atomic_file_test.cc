#include "model/base/atomic_file.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace dmasim {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(WriteFileAtomically, ReplacesARegularFileWhole) {
  const std::string path = testing::TempDir() + "/atomic_file_test.txt";
  ASSERT_TRUE(WriteFileAtomically(path, "first version, longer").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "second").ok());
  EXPECT_EQ(Slurp(path), "second");
  std::remove(path.c_str());
}

// /dev/null must stay a device: renaming a temp file over it would turn it into a regular
// file for every process on the machine.
TEST(WriteFileAtomically, WritesADeviceInPlace) {
  ASSERT_TRUE(WriteFileAtomically("/dev/null", "discarded").ok());
  struct stat st;
  ASSERT_EQ(stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(WriteFileAtomically, RefusesADirectory) {
  EXPECT_FALSE(WriteFileAtomically(testing::TempDir(), "x").ok());
}

}  // namespace
}  // namespace dmasim
