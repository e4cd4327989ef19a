// The trace files a `dmasim replay` argument list names: a file as given, a directory as
// every *.dma file below it, sorted by path.
//
// A directory walk never stops short and never skips silently: every entry it cannot use
// (a subdirectory it cannot read, a *.dma entry that is a dangling symlink, a FIFO or
// anything else but a regular file) comes back as an error naming it, in its sorted
// place, and the walk goes on with the rest. Symlinks to directories are not followed (no
// loops); *.dma symlinks to files are.
#ifndef DMASIM_CLI_TRACE_PATHS_H_
#define DMASIM_CLI_TRACE_PATHS_H_

#include <string>
#include <vector>

namespace dmasim {

// One entry of the expansion: a path to replay, or (error not empty) one that failed.
struct TracePath {
  std::string path;
  std::string error;  // "PATH: what is wrong", or empty
};

std::vector<TracePath> ExpandPaths(const std::vector<std::string>& args);

}  // namespace dmasim

#endif  // DMASIM_CLI_TRACE_PATHS_H_
