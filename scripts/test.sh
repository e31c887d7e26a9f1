#!/usr/bin/env bash
# The whole test suite, and the one command CI runs (.ci/run execs it). From a bare Debian 12
# machine it does all set-up itself; when everything is already there those steps are silent:
#   1. Debian packages (scripts/deps.sh)       4. libFuzzer targets: build, run each ~20 s
#   2. the DynamoDB Local jar (npm pack)          (clang, build/fuzz; HOMEBOARD_TEST_FUZZ=0 skips)
#   3. configure + build, preset `ci`          5. ctest: every unit and integration test; the
#      (Debug, -Werror, ccache; build/ci)         ddb_local fixture starts/stops DynamoDB Local
# ctest's summary is the last thing printed and its status is the script's status.
#
# Usage: scripts/test.sh [ctest args...]     e.g. scripts/test.sh -R Signer
# Environment: HOMEBOARD_BUILD_DIR (default build/ci), HOMEBOARD_FUZZ_BUILD_DIR (build/fuzz),
#   HOMEBOARD_TEST_FUZZ=0 to skip step 4, HOMEBOARD_JOBS (default 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$HOMEBOARD_ROOT/scripts/deps.sh"
cd "$HOMEBOARD_ROOT"

build_dir="${HOMEBOARD_BUILD_DIR:-$HOMEBOARD_ROOT/build/ci}"
fuzz_dir="${HOMEBOARD_FUZZ_BUILD_DIR:-$HOMEBOARD_ROOT/build/fuzz}"
jobs="${HOMEBOARD_JOBS:-2}"

# Safety net: whatever happens (a failed test, a build error, Ctrl-C), no DynamoDB Local is left
# running. The ctest fixture normally stops it; this catches an interrupted ctest.
# shellcheck disable=SC2317  # called by the EXIT trap
stop_dynamodb_local() {
  "$HOMEBOARD_ROOT/scripts/dynamodb-local.sh" stop "$build_dir/ddb_local" >/dev/null 2>&1 || true
}
trap stop_dynamodb_local EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '\n==> %s\n' "$*" >&2; }

hb_ensure_deps
"$HOMEBOARD_ROOT/scripts/dynamodb-local.sh" fetch

step "configure + build (preset ci: Debug, -Werror) in $build_dir"
hb_cmake_configure --preset ci -B "$build_dir"
cmake --build "$build_dir" -j "$jobs"

if [[ "${HOMEBOARD_TEST_FUZZ:-1}" != 0 ]]; then
  step "fuzz targets (preset fuzz: clang, libFuzzer + ASan/UBSan) in $fuzz_dir"
  hb_cmake_configure --preset fuzz -B "$fuzz_dir"
  # Build only the fuzzers: the unit tests are already built (and run) by the ci build.
  mapfile -t fuzzers < <(ctest --test-dir "$fuzz_dir" -N -L fuzz |
    sed -n 's/^ *Test *#[0-9]*: \(.*\)\.short_run$/\1/p')
  if ((${#fuzzers[@]} > 0)); then
    cmake --build "$fuzz_dir" -j "$jobs" --target "${fuzzers[@]}"
    ctest --test-dir "$fuzz_dir" -L fuzz -j "$jobs" --output-on-failure
  else
    printf 'no *_fuzz.cc targets yet\n' >&2
  fi
fi

step "ctest in $build_dir"
status=0
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 600 --no-tests=error \
  --no-label-summary "$@" ||
  status=$?
exit "$status"
