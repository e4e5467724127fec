#!/bin/sh
# Characterization benchmark (docs/characterization.md#benchmark): one cell, dense with 1 and 2
# workers and sparse with 2 workers, back to back, against the engine's raw cost per simulation of
# the same cell size (rtmchar_bench_engine). Prints the machine state before and after, since the
# build machine is shared and ratios are only comparable within one run.
#   bench/bench_charz.sh [BUILD_DIR] [CELL]      (defaults: build/release fa_cmos)
set -eu
build=${1:-build/release}
cell=${2:-fa_cmos}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "machine before: $(uptime)"
"$build/rtmchar_bench_engine" --count 20 --adder-count 20 --batch-runs 2 --memory-sims 0 2>&1 |
  grep -E 'simulations \(|ms/sim' || echo "(rtmchar_bench_engine printed no ms/sim line)"

run() {  # label, jobs, extra cell flags...
  label=$1
  jobs=$2
  shift 2
  "$build/rtmchar" --no-cache -j"$jobs" cell "$cell" --tech 32nm "$@" -o "$out/$label" >"$out/$label.log" 2>&1
  sims=$(sed -n 's/^  \([0-9]*\) simulations.* in \([0-9.]*\) s$/\1/p' "$out/$label.log")
  wall=$(sed -n 's/^  \([0-9]*\) simulations.* in \([0-9.]*\) s$/\2/p' "$out/$label.log")
  echo "$label: $sims simulations, $wall s wall, $(echo "$wall $sims" | awk '{printf "%.1f", 1000 * $1 / $2}') ms/simulation"
  grep '^  sparse:' "$out/$label.log" || true
}
run dense-j1 1
run dense-j2 2
run sparse-j2 2 --sparse
echo "machine after: $(uptime)"
