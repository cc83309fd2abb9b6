#!/bin/sh
# Long, random fuzzing of every harness, for a developer before a change
# lands (not run by CI, whose fuzzing is deterministic):
#
#   build-aux/fuzz-long.sh [SECONDS]     (default 600 per harness)
#
# Builds the fuzzers in build-fuzz (clang, ASan, UBSan), then fuzzes each
# harness for SECONDS with a random seed, two at a time, growing the
# corpus in build-fuzz/tests/fuzz/corpus/.  A finding fails the run and is
# kept in build-fuzz/tests/fuzz/findings/: fix it and copy the input to
# tests/fuzz/regressions/HARNESS/.
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)
seconds=${1:-600}

if [ -f build-fuzz/build.ninja ]; then
  meson setup --reconfigure build-fuzz >/dev/null
else
  CC=clang meson setup build-fuzz -Dfuzzers=true -Dbench=false \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C build-fuzz fuzzers

rm -rf build-fuzz/tests/fuzz/findings
echo "==> Fuzzing each harness for $seconds s with a random seed"
FUZZ_SECONDS=$seconds \
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1" \
LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  meson test -C build-fuzz --no-rebuild --print-errorlogs --num-processes 2 \
    --timeout-multiplier 0 --suite fuzz-run
