// corpus_features: what the checked-in corpora reach, for the corpus test and for growing
// a corpus. A feature is one of
//   op KIND                      an op kind in a decoded trace
//   report ERA KIND              a report kind of an era (or exact)
//   finding contract RULE        a contract finding kind
//   finding hazard KIND          a hazard finding kind (any arch)
//   class CLASS ORACLE-KIND      a classification (false-positive/missed-overlap vs
//                                contract/hazard)
// Inputs are decoded as their target does (corpus/<target>/: trace_fuzzer bytes, skb_fuzzer
// bytes, parse_fuzzer text) and replayed with every checker and both oracles.
//
//   corpus_features CORPUS_ROOT                 print every feature reached, sorted
//   corpus_features --check FILE CORPUS_ROOT    exit 1 naming each feature of FILE (one a
//                                               line, '#' comments) that is not reached
//   corpus_features --print FILE                the trace a trace_fuzzer input decodes to
//   corpus_features --grow DIR --runs N --seed S
//                                               a small feature-guided search over the
//                                               trace_fuzzer decoder, starting from DIR's
//                                               files; writes each input that reaches a new
//                                               feature to DIR (named by its hash)
#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "model/base/atomic_file.h"
#include "model/base/prng.h"
#include "model/hunt/invariants.h"
#include "model/hunt/signature.h"
#include "model/hunt/trace_decoder.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"
#include "model/workload/skb_generator.h"

namespace dmasim {
namespace {

using Bytes = std::vector<uint8_t>;

std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') out.push_back(dir + "/" + e->d_name);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

Bytes Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void FeaturesOf(const Trace& t, std::set<std::string>* f) {
  for (const Op& op : t.ops) f->insert(absl::StrCat("op ", OpKindName(op.kind)));
  absl::StatusOr<ReplayOutcome> out = Replay(t, hunt::FullRequest());
  if (!out.ok()) return;
  for (const CheckerOutcome& c : out->checkers) {
    for (const CheckerReport& r : c.reports) f->insert(absl::StrCat("report ", c.era, " ", r.kind));
  }
  for (const OracleOutcome& o : out->oracles) {
    const std::string oracle = absl::StartsWith(o.name, "hazard:") ? "hazard" : o.name;
    for (const OracleFinding& x : o.result.findings) {
      f->insert(absl::StrCat("finding ", oracle, " ", x.kind));
    }
  }
  for (const Classification& c : out->classification) {
    f->insert(absl::StrCat("class ", c.cls, " ",
                           absl::StartsWith(c.oracle, "hazard:") ? "hazard" : c.oracle));
  }
}

std::set<std::string> CorpusFeatures(const std::string& root) {
  std::set<std::string> f;
  for (const std::string& p : Files(root + "/trace_fuzzer")) {
    const Bytes b = Read(p);
    FeaturesOf(hunt::DecodeFuzzTrace(b.data(), b.size()), &f);
  }
  for (const std::string& p : Files(root + "/skb_fuzzer")) {
    const Bytes b = Read(p);
    absl::StatusOr<Trace> t = GenerateSkbTrace(DecodeSkbParams(b.data(), b.size()));
    if (t.ok()) FeaturesOf(*t, &f);
  }
  for (const std::string& p : Files(root + "/parse_fuzzer")) {
    const Bytes b = Read(p);
    absl::StatusOr<Trace> t =
        ParseTrace(std::string(b.begin(), b.end()), p);
    if (t.ok()) FeaturesOf(*t, &f);
  }
  return f;
}

int Check(const std::string& expected, const std::string& root) {
  const std::set<std::string> have = CorpusFeatures(root);
  std::ifstream in(expected);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read\n", expected.c_str());
    return 2;
  }
  int missing = 0, wanted = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    ++wanted;
    if (!have.contains(line)) {
      std::printf("not reached: %s\n", line.c_str());
      ++missing;
    }
  }
  std::printf("%d of %d expected features reached (%zu reached in all)\n", wanted - missing,
              wanted, have.size());
  return missing == 0 ? 0 : 1;
}

void Mutate(Rng& rng, const std::vector<Bytes>& corpus, Bytes* b) {
  const size_t n = b->size();
  switch (rng.Below(5)) {
    case 0:
      if (n > 0) (*b)[rng.Below(n)] = static_cast<uint8_t>(rng.Next());
      break;
    case 1:
      b->insert(b->begin() + static_cast<ptrdiff_t>(rng.Below(n + 1)), static_cast<uint8_t>(rng.Next()));
      break;
    case 2:
      if (n > 1) b->erase(b->begin() + static_cast<ptrdiff_t>(rng.Below(n)));
      break;
    case 3: {
      if (n < 2) break;
      const size_t from = rng.Below(n), len = 1 + rng.Below(std::min<size_t>(16, n - from));
      const Bytes chunk(b->begin() + static_cast<ptrdiff_t>(from), b->begin() + static_cast<ptrdiff_t>(from + len));
      b->insert(b->begin() + static_cast<ptrdiff_t>(rng.Below(n + 1)), chunk.begin(), chunk.end());
      break;
    }
    case 4: {
      const Bytes& o = corpus[rng.Below(corpus.size())];
      b->resize(rng.Below(n + 1));
      b->insert(b->end(), o.begin() + static_cast<ptrdiff_t>(rng.Below(o.size() + 1)), o.end());
      break;
    }
  }
  if (b->size() > 256) b->resize(256);
}

int Grow(const std::string& dir, int64_t runs, uint64_t seed) {
  std::vector<Bytes> corpus;
  std::set<std::string> have;
  for (const std::string& p : Files(dir)) {
    corpus.push_back(Read(p));
    FeaturesOf(hunt::DecodeFuzzTrace(corpus.back().data(), corpus.back().size()), &have);
  }
  if (corpus.empty()) corpus.push_back({});
  Rng rng(seed);
  int added = 0;
  for (int64_t k = 0; k < runs; ++k) {
    Bytes b = corpus[rng.Below(corpus.size())];
    for (uint64_t m = 1 + rng.Below(4); m-- > 0;) Mutate(rng, corpus, &b);
    std::set<std::string> f;
    FeaturesOf(hunt::DecodeFuzzTrace(b.data(), b.size()), &f);
    bool fresh = false;
    for (const std::string& x : f) fresh = have.insert(x).second || fresh;
    if (!fresh) continue;
    corpus.push_back(b);
    const std::string name = hunt::SignatureId(std::string(b.begin(), b.end()));
    if (!WriteFileAtomically(dir + "/" + name, std::string(b.begin(), b.end())).ok()) return 2;
    ++added;
  }
  std::printf("%d inputs added, %zu features\n", added, have.size());
  return 0;
}

}  // namespace
}  // namespace dmasim

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 3 && a[0] == "--check") return dmasim::Check(a[1], a[2]);
  if (a.size() == 6 && a[0] == "--grow" && a[2] == "--runs" && a[4] == "--seed") {
    return dmasim::Grow(a[1], std::atoll(a[3].c_str()), std::strtoull(a[5].c_str(), nullptr, 10));
  }
  if (a.size() == 2 && a[0] == "--print") {  // the trace a trace_fuzzer input decodes to
    const dmasim::Bytes b = dmasim::Read(a[1]);
    std::fputs(dmasim::PrintTrace(dmasim::hunt::DecodeFuzzTrace(b.data(), b.size())).c_str(), stdout);
    return 0;
  }
  if (a.size() == 1) {
    for (const std::string& f : dmasim::CorpusFeatures(a[0])) std::printf("%s\n", f.c_str());
    return 0;
  }
  std::fprintf(stderr,
               "usage: corpus_features CORPUS_ROOT | --check FILE CORPUS_ROOT | --grow DIR "
               "--runs N --seed S\n");
  return 2;
}
