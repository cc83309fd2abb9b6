#!/bin/sh
# Fuzzes one harness, as a meson test (suite 'fuzz-run', see meson.build):
#
#   run-fuzzer.sh HARNESS EXECUTABLE SOURCE_DIR BUILD_DIR RUNS [LIBFUZZER OPTION…]
#
# By default the run is deterministic, for CI: seed $FUZZ_SEED (default
# 1), RUNS inputs, starting from the seeds and the regressions in a new,
# empty corpus, so the same code always tries the same inputs.  With
# FUZZ_SECONDS set (build-aux/fuzz-long.sh does), it fuzzes that long
# with a random seed and keeps its corpus in BUILD_DIR/corpus/ instead.
#
# Any finding (crash, sanitizer report, leak, an input slower than the
# timeout, more than 2 GB of memory) fails the test and is kept in
# BUILD_DIR/findings/.
set -eu

harness=$1
exe=$2
src=$3
build=$4
runs=$5
shift 5

findings=$build/findings
mkdir -p "$findings"

if [ -n "${FUZZ_SECONDS:-}" ]; then
  corpus=$build/corpus/$harness
  mkdir -p "$corpus"
  set -- -max_total_time="$FUZZ_SECONDS" -timeout=10 "$@"
else
  corpus=$(mktemp -d "${TMPDIR:-/tmp}/truceline-fuzz-$harness.XXXXXX")
  trap 'rm -rf "$corpus"' EXIT
  # A generous timeout: a loaded machine must not turn a slow input into
  # a finding.
  set -- -seed="${FUZZ_SEED:-1}" -runs="$runs" -timeout=60 "$@"
fi

set -- "$@" "$corpus" "$src/corpus/$harness"
if [ -d "$src/regressions/$harness" ]; then
  set -- "$@" "$src/regressions/$harness"
fi

status=0
"$exe" -rss_limit_mb=2048 -malloc_limit_mb=2048 \
  -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
  -artifact_prefix="$findings/$harness-" "$@" || status=$?

if [ "$status" -ne 0 ]; then
  echo "fuzz-$harness found a problem; the input is in $findings/." >&2
  echo "Fix it, then copy the input to tests/fuzz/regressions/$harness/ (see tests/fuzz/README.md)." >&2
fi
exit "$status"
