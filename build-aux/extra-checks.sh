#!/bin/sh
# Checks after the test suite, run by build-aux/setup.sh test:
#
#   fuzz   a clang build (build-fuzz) with the libFuzzer harnesses of
#          tests/fuzz/: their seeds and regressions run once, then each
#          harness fuzzes a fixed number of inputs from a fixed seed, so
#          the result depends only on the code (random, longer fuzzing:
#          build-aux/fuzz-long.sh)
#   asan   the whole test suite, core and GTK, built with AddressSanitizer
#          and UndefinedBehaviorSanitizer (build-asan)
#
#   build-aux/extra-checks.sh [fuzz] [asan]     (both when none is named)
#
# Exits non-zero on any failure or finding.  build-aux/test-summary.py
# counts the tests of the build directories in build-aux/.extra-build-dirs.
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)

# CI's fuzzing is deterministic (see tests/fuzz/run-fuzzer.sh).
unset FUZZ_SECONDS

supp="$top/build-aux/lsan.supp"
ubsan="print_stacktrace=1:halt_on_error=1"
asan_common="abort_on_error=1:allocator_may_return_null=1:check_initialization_order=1:strict_string_checks=1"

setup () {
  dir=$1
  shift
  echo "==> Configuring $dir"
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

fuzz () {
  status=0

  # (set -e does not apply inside a function called with ||.)
  CC=clang setup build-fuzz -Dfuzzers=true -Dbench=false \
    -Db_sanitize=address,undefined -Db_lundef=false || return 1
  echo "==> Building the fuzzers"
  ninja -C build-fuzz fuzzers || return 1

  # libFuzzer finds leaks itself at the end of each input; suppressed
  # here is only memory GDAL and fontconfig keep for the whole process.
  rm -rf build-fuzz/tests/fuzz/findings
  echo "==> Fuzzing: seeds and regressions, then a fixed-seed run of each harness"
  ASAN_OPTIONS="detect_leaks=1:$asan_common" \
  LSAN_OPTIONS="suppressions=$supp:print_suppressions=0" \
  UBSAN_OPTIONS="$ubsan" \
    meson test -C build-fuzz --no-rebuild --print-errorlogs --num-processes 2 \
      --suite fuzz --suite fuzz-run || status=1

  if [ -d build-fuzz/tests/fuzz/findings ] && [ -n "$(ls -A build-fuzz/tests/fuzz/findings)" ]; then
    echo "==> Fuzzer findings, in build-fuzz/tests/fuzz/findings/:"
    ls -l build-fuzz/tests/fuzz/findings/
    status=1
  fi

  return $status
}

asan () {
  status=0
  log=build-asan/meson-logs

  CC=${ASAN_CC:-cc} setup build-asan -Db_sanitize=address,undefined \
    -Dfuzzers=false -Dbench=false || return 1
  echo "==> Building with AddressSanitizer and UndefinedBehaviorSanitizer"
  ninja -C build-asan || return 1

  # GLib 2.74 still has its slice allocator, which hides leaks.
  export G_SLICE=always-malloc
  export UBSAN_OPTIONS="$ubsan"
  export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"

  # The core suite with leak checking.  The PostGIS test's interleaved
  # editors make 100 edits each here instead of 500: this build checks
  # memory, and 500 take minutes under ASan.
  echo "==> Core tests under ASan/UBSan, leaks checked"
  TL_TEST_PG_EDITS=100 ASAN_OPTIONS="detect_leaks=1:$asan_common" \
    meson test -C build-asan --no-rebuild --print-errorlogs --num-processes 2 \
      --timeout-multiplier 3 --no-suite gtk || status=1
  cp "$log/testlog.json" "$log/testlog-core.json"

  # The GTK suite: memory errors and UB are checked, leaks are not: GTK,
  # the GLib type system, fontconfig and Mesa keep memory that
  # LeakSanitizer cannot tell from ours (see tests/fuzz/README.md).
  echo "==> GTK tests under ASan/UBSan, in Xvfb"
  ASAN_OPTIONS="detect_leaks=0:$asan_common" \
    xvfb-run -a -s "-screen 0 1600x1000x24" \
    meson test -C build-asan --no-rebuild --print-errorlogs --num-processes 1 \
      --timeout-multiplier 3 --suite gtk || status=1
  cp "$log/testlog.json" "$log/testlog-gtk.json"

  # One log for build-aux/test-summary.py.
  cat "$log/testlog-core.json" "$log/testlog-gtk.json" > "$log/testlog.json"

  return $status
}

status=0
for check in ${*:-fuzz asan}; do
  case "$check" in
    fuzz) fuzz || status=1 ;;
    asan) asan || status=1 ;;
    *) echo "usage: $0 [fuzz] [asan]" >&2; exit 2 ;;
  esac
done

if [ "$status" -ne 0 ]; then
  echo "==> extra checks FAILED" >&2
fi
exit $status
