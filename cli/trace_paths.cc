#include "cli/trace_paths.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace dmasim {
namespace {

namespace fs = std::filesystem;

TracePath Failed(const fs::path& p, const std::string& what, const std::error_code& ec) {
  return {p.string(), p.string() + ": " + what + (ec ? ": " + ec.message() : "")};
}

// Every *.dma entry below `root`, and an error for each entry that cannot be used. An
// explicit stack, not recursion: depth is bounded by the path length only.
std::vector<TracePath> Walk(const fs::path& root) {
  std::vector<TracePath> out;
  std::vector<fs::path> dirs = {root};
  while (!dirs.empty()) {
    const fs::path dir = std::move(dirs.back());
    dirs.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      std::error_code sec;
      const fs::file_status own = it->symlink_status(sec);
      if (sec) {
        out.push_back(Failed(p, "cannot read", sec));
        continue;
      }
      if (fs::is_directory(own)) {
        dirs.push_back(p);
        continue;
      }
      if (p.extension() != ".dma") continue;
      const fs::file_status target = it->status(sec);  // follows a symlink
      if (sec) {
        out.push_back(Failed(p, "cannot read", sec));  // e.g. a dangling symlink
      } else if (!fs::is_regular_file(target)) {
        out.push_back(Failed(p, "not a regular file", {}));  // a FIFO would block the read
      } else {
        out.push_back({p.string(), ""});
      }
    }
    if (ec) out.push_back(Failed(dir, "cannot read directory", ec));
  }
  std::sort(out.begin(), out.end(),
            [](const TracePath& a, const TracePath& b) { return a.path < b.path; });
  return out;
}

}  // namespace

std::vector<TracePath> ExpandPaths(const std::vector<std::string>& args) {
  std::vector<TracePath> out;
  for (const std::string& a : args) {
    std::error_code ec;
    if (a != "-" && fs::is_directory(a, ec)) {
      std::vector<TracePath> found = Walk(a);
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back({a, ""});  // a file (or stdin): its reader reports what is wrong with it
    }
  }
  return out;
}

}  // namespace dmasim
