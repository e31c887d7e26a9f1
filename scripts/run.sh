#!/usr/bin/env bash
# The main job: `homeboard serve`, the REST API, on the embedded SQLite store — no other service
# needed — from a bare Debian 12 machine. Set-up steps are silent when their work is done:
#   1. Debian packages (scripts/deps.sh)
#   2. release build of the homeboard binary (preset release; build/release)
#   3. the embedded store: `homeboard init-db` (idempotent) and `homeboard doctor` on
#      $HOMEBOARD_DATA, else ./data/homeboard.db
#   4. `homeboard serve --listen $HOMEBOARD_LISTEN` (default 127.0.0.1:8080) in the foreground
#      until Ctrl-C / SIGTERM, which finish the requests in flight.
# Create an account first (or in another terminal): build/release/src/cli/homeboard user add NAME
#
# Environment: HOMEBOARD_RELEASE_BUILD_DIR (default build/release), HOMEBOARD_JOBS (default 2),
#   HOMEBOARD_LISTEN, HOMEBOARD_DATA. Extra arguments go to `homeboard serve`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$HOMEBOARD_ROOT/scripts/deps.sh"
cd "$HOMEBOARD_ROOT"

build_dir="${HOMEBOARD_RELEASE_BUILD_DIR:-$HOMEBOARD_ROOT/build/release}"
jobs="${HOMEBOARD_JOBS:-2}"
homeboard="$build_dir/src/cli/homeboard"

main_job() {
  "$homeboard" version
  "$homeboard" init-db
  "$homeboard" doctor
  if [[ "$("$homeboard" user list | wc -l)" -le 1 ]]; then
    printf 'no accounts yet: create one with  %s user add NAME\n' "$homeboard" >&2
  fi
  exec "$homeboard" serve --listen "${HOMEBOARD_LISTEN:-127.0.0.1:8080}" "$@"
}

hb_ensure_deps
hb_cmake_configure --preset release -B "$build_dir"
cmake --build "$build_dir" -j "$jobs" --target homeboard
main_job "$@"
