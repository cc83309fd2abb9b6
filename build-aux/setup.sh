#!/bin/sh
# Truceline from nothing, on Debian 12.
#
#   build-aux/setup.sh run    install what is needed, build, open the app on the sample
#   build-aux/setup.sh test   install what is needed, build, run the whole test suite
#
# Run it as root, or as a user who may use sudo.
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
else
  SUDO="sudo"
fi

install_packages () {
  packages=$(grep -v '^#' build-aux/debian-packages.txt | tr '\n' ' ')
  echo "==> Installing Debian packages"
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $packages
}

build () {
  dir=$1
  shift
  echo "==> Building in $dir"
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
  ninja -C "$dir"
}

case "${1:-}" in
  run)
    install_packages
    build build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      out="$top/truceline-sample.png"
      echo "==> No display: exporting the sample map instead"
      "$top/build/src/app/truceline" --export="$out" --size=1600x1000 \
        "$top/data/sample/countries.geojson" \
        "$top/data/sample/ukraine-admin1.geojson" \
        "$top/data/sample/deepstate-occupied-2026-08-01.geojson"
      echo "==> Wrote $out"
      exit 0
    fi
    echo "==> Opening Truceline on the bundled sample"
    exec meson devenv -C "$top/build" "$top/build/src/app/truceline" --sample
    ;;

  test)
    install_packages
    build build
    status=0
    # The PostGIS tests run against a throwaway server of their own,
    # stopped and removed however the tests end.
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/truceline-pg-XXXXXX")
    trap 'build-aux/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
    trap 'exit 1' INT TERM HUP
    echo "==> Starting a throwaway PostgreSQL server for the PostGIS tests"
    if build-aux/pg-test-cluster.sh start "$pg_dir"; then
      eval "$(build-aux/pg-test-cluster.sh env "$pg_dir")"
    else
      echo "==> Could not start the test server (see $pg_dir/log): the PostGIS tests fail" >&2
      status=1
    fi
    echo "==> Running the test suite"
    xvfb-run -a -s "-screen 0 1600x1000x24" \
      meson test -C build --print-errorlogs --num-processes 2 || status=1
    if [ -x build-aux/extra-checks.sh ]; then
      build-aux/extra-checks.sh || status=1
    fi
    python3 build-aux/test-summary.py build $(cat build-aux/.extra-build-dirs 2>/dev/null || true) || status=1
    exit $status
    ;;

  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
