// The `main` of a fuzz target in builds without libFuzzer (g++, DMASIM_FUZZ=OFF): replays
// files and folders (every regular file directly inside, in name order) through
// LLVMFuzzerTestOneInput. Arguments starting with '-' (libFuzzer flags) are ignored, so a
// target runs the same command line in both builds. Exit status 0 when every input ran (a
// target aborts on a violation), 2 when an argument cannot be read.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool RunFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t ran = 0;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (!arg.empty() && arg[0] == '-') continue;
    struct stat st;
    if (stat(arg.c_str(), &st) != 0) {
      std::fprintf(stderr, "%s: cannot read\n", arg.c_str());
      return 2;
    }
    std::vector<std::string> files;
    if (S_ISDIR(st.st_mode)) {
      DIR* d = opendir(arg.c_str());
      if (d == nullptr) {
        std::fprintf(stderr, "%s: cannot read\n", arg.c_str());
        return 2;
      }
      while (dirent* e = readdir(d)) {
        const std::string path = arg + "/" + e->d_name;
        struct stat fs;
        if (e->d_name[0] != '.' && stat(path.c_str(), &fs) == 0 && S_ISREG(fs.st_mode)) {
          files.push_back(path);
        }
      }
      closedir(d);
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(arg);
    }
    for (const std::string& f : files) {
      if (!RunFile(f)) {
        std::fprintf(stderr, "%s: cannot read\n", f.c_str());
        return 2;
      }
      ++ran;
    }
  }
  std::printf("%zu inputs replayed\n", ran);
  return 0;
}
