#!/usr/bin/env bash
# `dmasim replay --fail-on CLASS` exit statuses, the CI gate: 1 when a finding of that class
# exists, 0 otherwise, 2 for a bad class.
# usage: cli_fail_on_test.sh DMASIM REPO_ROOT
set -u
dmasim=$1
root=$2
e1=$root/docs/examples/e1-reduced.dma     # FP vs hazard, missed by 5.9, safe everywhere
m3=$root/repro/missed-overlap/m3-iio-minalign.dma  # hazard on arm64 (device-write-lost)
fail=0

expect_status() {
  local want=$1
  shift
  "$dmasim" replay "$@" >/dev/null 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: dmasim replay $* exited $got, expected $want"
    fail=1
  fi
}

expect_status 0 "$e1"
expect_status 1 --fail-on false-positive --checker linux-5.15 "$e1"
expect_status 0 --fail-on false-positive --checker linux-5.9 "$e1"
expect_status 1 --fail-on missed-overlap --checker linux-5.9 --oracle contract "$e1"
expect_status 0 --fail-on missed-overlap --checker exact --oracle contract "$e1"
expect_status 0 --fail-on hazard --platform all "$e1"
expect_status 0 --fail-on hazard --oracle contract "$e1"   # contract findings are not hazards
expect_status 1 --fail-on hazard --oracle hazard "$m3"
expect_status 0 --fail-on hazard --oracle hazard --platform coherent "$m3"
expect_status 2 --fail-on everything "$e1"
# Repeated flags add up, whichever spelling: --fail-on and --fail_on are one flag.
expect_status 1 --fail-on false-positive --fail-on hazard --checker linux-5.15 "$e1"
expect_status 1 --fail_on hazard --fail-on false-positive --checker linux-5.15 "$e1"
expect_status 2 --json --table "$e1"
expect_status 2 --profile dpaa2-tx "$e1"    # a gen flag on replay

[ "$fail" -eq 0 ] && echo "fail-on gates: all exit statuses as expected"
exit "$fail"
