#!/bin/sh
# Fuzzes one harness for a bounded time, as a meson test (suite
# 'fuzz-run', see meson.build):
#
#   run-fuzzer.sh HARNESS EXECUTABLE SOURCE_DIR BUILD_DIR [LIBFUZZER OPTION…]
#
# FUZZ_SECONDS (default 60) is how long.  The seeds and the regressions
# are read, new inputs go to a corpus in BUILD_DIR, and any finding
# (crash, sanitizer report, leak, an input slower than 10 s, more than
# 2 GB of memory) fails the test and is kept in BUILD_DIR/findings/.
set -eu

harness=$1
exe=$2
src=$3
build=$4
shift 4

seconds=${FUZZ_SECONDS:-60}
corpus=$build/corpus/$harness
findings=$build/findings
mkdir -p "$corpus" "$findings"

set -- "$@" "$corpus" "$src/corpus/$harness"
if [ -d "$src/regressions/$harness" ]; then
  set -- "$@" "$src/regressions/$harness"
fi

status=0
"$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
  -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
  -artifact_prefix="$findings/$harness-" "$@" || status=$?

if [ "$status" -ne 0 ]; then
  echo "fuzz-$harness found a problem; the input is in $findings/." >&2
  echo "Fix it, then copy the input to tests/fuzz/regressions/$harness/ (see tests/fuzz/README.md)." >&2
fi
exit "$status"
