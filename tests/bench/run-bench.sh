#!/bin/sh
# run-bench.sh
#
# Copyright 2026 The Truceline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The benchmark of issue 7.  Generates the synthetic inputs if they are
# missing, then runs tl-bench on them (the merged multi-snapshot file of
# issue 15 too), on the bundled samples and on the real DeepState file,
# pinned to one core.
#
# Usage: tests/bench/run-bench.sh [BUILDDIR] [INPUTDIR] [-- TL-BENCH-OPTIONS...]
#   BUILDDIR  the meson build directory (default: build), already built
#   INPUTDIR  where the generated inputs live or go
#             (default: $TMPDIR/tl-bench-inputs)
#   Options after -- go to tl-bench, e.g. -- --json or -- --frames 100.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

builddir=
inputdir=
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    *)
      if [ -z "$builddir" ]; then
        builddir=$1
      elif [ -z "$inputdir" ]; then
        inputdir=$1
      else
        echo "usage: $0 [BUILDDIR] [INPUTDIR] [-- TL-BENCH-OPTIONS...]" >&2
        exit 2
      fi
      shift ;;
  esac
done
builddir=${builddir:-$top/build}
inputdir=${inputdir:-${TMPDIR:-/tmp}/tl-bench-inputs}

bench=$builddir/tests/bench/tl-bench
if [ ! -x "$bench" ]; then
  echo "$0: $bench not found: configure with -Dbench=true and build first" >&2
  exit 1
fi

sizes=
for size in 100k 1M 5M; do
  if [ ! -s "$inputdir/bench-$size.geojson" ]; then
    sizes=${sizes:+$sizes,}$size
  fi
done
# The merged multi-snapshot file of issue 15 is made from the real
# control data beside the repository, when it is there.
control=$top/../shared/data/control
merged=
if [ ! -s "$inputdir/bench-merged-100.geojson" ] && [ -d "$control" ]; then
  merged=--merged
fi
if [ -n "$sizes" ] || [ -n "$merged" ]; then
  echo "Generating ${sizes:-}${merged:+ merged-100} into $inputdir"
  python3 "$here/generate-inputs.py" "$inputdir" --sizes "$sizes" $merged --control "$control"
fi

set -- "$@" \
  "$inputdir/bench-100k.geojson" \
  "$inputdir/bench-1M.geojson" \
  "$inputdir/bench-5M.geojson"
if [ -s "$inputdir/bench-merged-100.geojson" ]; then
  set -- "$@" "$inputdir/bench-merged-100.geojson"
else
  echo "No $control: leaving out bench-merged-100.geojson"
fi
for f in "$top"/data/sample/*.geojson; do
  [ -e "$f" ] && set -- "$@" "$f"
done
set -- "$@" "$top/tests/data/real/deepstate-features-2025-07-15.geojson"

pin=
if command -v taskset >/dev/null 2>&1; then
  pin="taskset -c 0"
  echo "Pinned to CPU 0 with taskset"
else
  echo "taskset not found: not pinned to one core"
fi

echo "CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) ($(nproc 2>/dev/null || echo '?') CPUs online)"
echo "GDAL: $(gdal-config --version 2>/dev/null || echo unknown)"
buildtype=$(python3 -c 'import json, sys
print(next((o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "buildtype"), "?"))' \
  "$builddir/meson-info/intro-buildoptions.json" 2>/dev/null || echo '?')
echo "Build: $builddir ($buildtype)"

exec $pin "$bench" "$@"
