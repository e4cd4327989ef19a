// props_contract_agree FILE|DIR...: replays every trace given (a directory: every *.dma
// below it) through the indexed contract oracle and the naive reference and prints the
// first difference; exit 1 if any trace differs, 2 if a file cannot be read. Files that do
// not parse (tests/malformed, say) are counted and skipped: they reach no oracle.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "model/trace/trace_parser.h"
#include "props/reference/naive_contract_agree.h"

namespace {

void Collect(const std::string& arg, std::vector<std::string>* files) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(arg)) {
    files->push_back(arg);
    return;
  }
  for (const auto& e : fs::recursive_directory_iterator(arg)) {
    if (e.is_regular_file() && e.path().extension() == ".dma") files->push_back(e.path());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) Collect(argv[i], &files);
  int compared = 0, unparsed = 0, differ = 0;
  for (const std::string& f : files) {
    absl::StatusOr<dmasim::Trace> t = dmasim::ParseTraceFile(f);
    if (!t.ok()) {
      ++unparsed;
      continue;
    }
    ++compared;
    const dmasim::props::ContractPair p = dmasim::props::ReplayBothContracts(*t);
    if (p.indexed != p.naive) {
      ++differ;
      size_t k = 0;
      while (k < p.indexed.size() && k < p.naive.size() && p.indexed[k] == p.naive[k]) ++k;
      const size_t from = p.indexed.rfind('\n', k) == std::string::npos ? 0 : p.indexed.rfind('\n', k) + 1;
      std::printf("%s: the oracles differ:\n  indexed: %s\n  naive:   %s\n", f.c_str(),
                  p.indexed.substr(from, p.indexed.find('\n', k) - from).c_str(),
                  p.naive.substr(from, p.naive.find('\n', k) - from).c_str());
    }
  }
  std::printf("%d traces compared, %d differ, %d did not parse\n", compared, differ, unparsed);
  if (compared == 0) return 2;
  return differ == 0 ? 0 : 1;
}
