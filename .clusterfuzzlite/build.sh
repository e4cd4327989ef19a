#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz entry point: the project's own fuzz/build.sh reads $CC, $CXX,
# $CFLAGS, $CXXFLAGS, $LIB_FUZZING_ENGINE, $OUT and $SRC as the builder sets them.
"$SRC/dmasim/fuzz/build.sh"
