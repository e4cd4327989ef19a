#include "model/hunt/plain_search.h"

#include <algorithm>
#include <chrono>

#include "absl/container/flat_hash_set.h"
#include "model/base/prng.h"

namespace dmasim::hunt {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Fresh(Rng& rng) {
  Bytes b(4 + rng.Below(96));
  for (uint8_t& x : b) x = static_cast<uint8_t>(rng.Next());
  return b;
}

void MutateOnce(Rng& rng, const std::vector<Bytes>& corpus, Bytes* b) {
  const size_t n = b->size();
  switch (rng.Below(8)) {
    case 0:
      if (n > 0) (*b)[rng.Below(n)] ^= static_cast<uint8_t>(1u << rng.Below(8));
      break;
    case 1:
    case 2:
      if (n > 0) (*b)[rng.Below(n)] = static_cast<uint8_t>(rng.Next());
      break;
    case 3:
      b->insert(b->begin() + static_cast<ptrdiff_t>(rng.Below(n + 1)),
                static_cast<uint8_t>(rng.Next()));
      break;
    case 4:
      if (n > 1) b->erase(b->begin() + static_cast<ptrdiff_t>(rng.Below(n)));
      break;
    case 5: {  // copy a chunk elsewhere (repeats ops)
      if (n < 2) break;
      const size_t from = rng.Below(n), len = 1 + rng.Below(std::min<size_t>(16, n - from));
      const Bytes chunk(b->begin() + static_cast<ptrdiff_t>(from),
                        b->begin() + static_cast<ptrdiff_t>(from + len));
      b->insert(b->begin() + static_cast<ptrdiff_t>(rng.Below(n + 1)), chunk.begin(), chunk.end());
      break;
    }
    case 6: {  // splice: our head, another entry's tail
      if (corpus.empty()) break;
      const Bytes& o = corpus[rng.Below(corpus.size())];
      const size_t cut = rng.Below(n + 1), from = rng.Below(o.size() + 1);
      b->resize(cut);
      b->insert(b->end(), o.begin() + static_cast<ptrdiff_t>(from), o.end());
      break;
    }
    case 7:
      if (n > 0) (*b)[rng.Below(n)] = static_cast<uint8_t>(rng.Below(16));
      break;
  }
  if (b->size() > kPlainMaxInput) b->resize(kPlainMaxInput);
}

}  // namespace

size_t PlainSearch(HuntSession* session, const PlainSearchOptions& options) {
  Rng rng(options.seed);
  std::vector<Bytes> corpus;
  absl::flat_hash_set<uint64_t> seen;  // membership only: its order never reaches output
  std::vector<uint64_t> features;
  const auto start = std::chrono::steady_clock::now();
  auto run = [&](const Bytes& input) {
    features.clear();
    session->RunInput(input.data(), input.size(), &features);
    bool fresh = false;
    for (uint64_t f : features) fresh = seen.insert(f).second || fresh;
    if (fresh && corpus.size() < kPlainMaxCorpus) corpus.push_back(input);
    session->stats().corpus = static_cast<int64_t>(corpus.size());
    session->stats().features = static_cast<int64_t>(seen.size());
  };
  auto done = [&](int64_t execs) {
    if (options.stop != nullptr && options.stop->load()) return true;
    if (options.runs > 0 && execs >= options.runs) return true;
    if (options.seconds > 0 && (execs & 15) == 0) {
      const std::chrono::duration<double> el = std::chrono::steady_clock::now() - start;
      if (el.count() >= options.seconds) return true;
    }
    return false;
  };
  int64_t execs = 0;
  for (const Bytes& s : options.seeds) {
    if (done(execs)) return corpus.size();
    run(s);
    ++execs;
  }
  while (!done(execs)) {
    Bytes input;
    if (corpus.empty() || rng.Chance(1, 8)) {
      input = Fresh(rng);
    } else {
      input = corpus[rng.Below(corpus.size())];
      const uint64_t rounds = 1 + rng.Below(4);
      for (uint64_t k = 0; k < rounds; ++k) MutateOnce(rng, corpus, &input);
    }
    run(input);
    ++execs;
    if (options.report && execs % options.report_every == 0) options.report(*session);
  }
  if (options.report) options.report(*session);
  return corpus.size();
}

}  // namespace dmasim::hunt
