#!/usr/bin/env bash
# Builds the fuzz targets the way OSS-Fuzz / ClusterFuzzLite (and AFL++ or honggfuzz through
# their libFuzzer-compatible drivers) build them. Honours the OSS-Fuzz variables:
#   CC, CXX, CFLAGS, CXXFLAGS   the compilers and flags (sanitizers, fuzzer-no-link coverage)
#   LIB_FUZZING_ENGINE          how a target links its engine (-fsanitize=fuzzer, or a driver
#                               library such as AFL++'s libAFLDriver.a)
#   OUT                         where the targets, their .dict/.options and
#                               <target>_seed_corpus.zip files go
#   SRC                         the source root; the project is $SRC/dmasim when that exists,
#                               else the folder this script sits in
#   WORK                        scratch space for the CMake build (default: $OUT/../dmasim-work)
# Builds only the three targets (and the model/ libraries they link), not the test suite,
# with exactly the given flags (build type None: CMake adds no -O of its own).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="$here"
if [ -n "${SRC:-}" ] && [ -f "$SRC/dmasim/fuzz/build.sh" ]; then src="$SRC/dmasim"; fi
: "${OUT:?OUT must name the output folder}"
: "${CXX:=clang++}" "${CC:=clang}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
work="${WORK:-$OUT/../dmasim-work}"
mkdir -p "$OUT" "$work"
targets=(trace_fuzzer skb_fuzzer parse_fuzzer)

generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$src" -B "$work/build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="${CFLAGS:-}" -DCMAKE_CXX_FLAGS="${CXXFLAGS:-}" \
  -DDMASIM_FUZZ=ON -DDMASIM_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -DDMASIM_BENCH=OFF >/dev/null
cmake --build "$work/build" --target "${targets[@]}" -j "${DMASIM_BUILD_JOBS:-2}"

for t in "${targets[@]}"; do
  cp "$work/build/fuzz/$t" "$OUT/$t"
  cp "$src/fuzz/$t.dict" "$src/fuzz/$t.options" "$OUT/"
  # The seed corpus, flat, as ClusterFuzz wants it (python3's zipfile: no extra package).
  (cd "$src/corpus/$t" && python3 -m zipfile -c "$OUT/${t}_seed_corpus.zip" $(ls))
done
echo "fuzz/build.sh: ${targets[*]} in $OUT"
