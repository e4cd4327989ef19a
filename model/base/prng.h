// The project's deterministic PRNG (workload generator, randomized tests): splitmix64 plus our own bounded-integer
// helper. Never std:: distributions (their output differs between standard libraries), never
// time or addresses: the same seed gives the same sequence on every platform and build.
#ifndef DMASIM_MODEL_BASE_PRNG_H_
#define DMASIM_MODEL_BASE_PRNG_H_

#include <cstdint>

namespace dmasim {

// A seeded splitmix64 stream with bounded-integer helpers: the only randomness in dmasim.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  // splitmix64 (Steele, Lea, Flood 2014).
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n) for n >= 1 (0 when n == 0), by rejection: no modulo bias, and the
  // number of draws depends only on the sequence, so it is deterministic too.
  uint64_t Below(uint64_t n) {
    if (n <= 1) return 0;
    const uint64_t limit = UINT64_MAX - (UINT64_MAX % n);  // multiple of n
    uint64_t x;
    do {
      x = Next();
    } while (x >= limit);
    return x % n;
  }

  // Uniform in [lo, hi] (inclusive); lo when hi < lo.
  uint64_t Range(uint64_t lo, uint64_t hi) { return hi < lo ? lo : lo + Below(hi - lo + 1); }

  // True with probability num/den.
  bool Chance(uint64_t num, uint64_t den) { return Below(den) < num; }

 private:
  uint64_t state_;
};

}  // namespace dmasim

#endif  // DMASIM_MODEL_BASE_PRNG_H_
