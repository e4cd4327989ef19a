// DMASIM_CHECK: an invariant assertion that stays on in every build type (TigerBeetle
// style). A failed check is a bug in dmasim, never a reaction to bad input: inputs are
// validated first and get a clear error instead.
#ifndef DMASIM_MODEL_BASE_CHECK_H_
#define DMASIM_MODEL_BASE_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define DMASIM_CHECK(cond)                                                        \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, \
                   #cond);                                                        \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

#endif  // DMASIM_MODEL_BASE_CHECK_H_
