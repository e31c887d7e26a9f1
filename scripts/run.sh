#!/usr/bin/env bash
# The main job: everything needed to run homeboard, from a bare Debian 12 machine.
# Set-up steps are silent when their work is already done:
#   1. Debian packages (scripts/deps.sh)
#   2. the DynamoDB Local jar (npm pack, cached in ~/.cache/homeboard)
#   3. release build of the homeboard binary (preset release; build/release)
#   4. the job itself: see main_job below.
#
# For now homeboard has no embedded store and no server yet, so the job runs against a
# throwaway DynamoDB Local on a free loopback port: `homeboard init-db` creates the tables,
# then the `homeboard bench ddb` demo exercises the client (one JSON line per workload).
# When the SQLite store and `homeboard serve` land, main_job becomes `homeboard serve` and the
# DynamoDB Local part goes (it stays for a --store dynamodb mode).
#
# Environment: HOMEBOARD_RELEASE_BUILD_DIR (default build/release), HOMEBOARD_JOBS (default 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$HOMEBOARD_ROOT/scripts/deps.sh"
cd "$HOMEBOARD_ROOT"

build_dir="${HOMEBOARD_RELEASE_BUILD_DIR:-$HOMEBOARD_ROOT/build/release}"
jobs="${HOMEBOARD_JOBS:-2}"
homeboard="$build_dir/src/cli/homeboard"
ddb_state="$build_dir/run/ddb_local"

stop_dynamodb_local() {
  "$HOMEBOARD_ROOT/scripts/dynamodb-local.sh" stop "$ddb_state" >/dev/null 2>&1 || true
}
trap stop_dynamodb_local EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs homeboard against the local DynamoDB with credentials DynamoDB Local accepts (any
# letters-and-digits access key), never the caller's real AWS profile.
homeboard_local() {
  env -u AWS_PROFILE -u AWS_SESSION_TOKEN \
    AWS_ACCESS_KEY_ID=homeboardlocal AWS_SECRET_ACCESS_KEY=homeboardlocalsecret \
    AWS_REGION=us-east-1 "$homeboard" "$@"
}

main_job() {
  local endpoint
  endpoint="$("$HOMEBOARD_ROOT/scripts/dynamodb-local.sh" start "$ddb_state")"
  printf 'DynamoDB Local: %s\n' "$endpoint" >&2
  "$homeboard" version
  # Create the ten homeboard tables (idempotent), then demonstrate the DynamoDB client on a
  # throwaway table: 1,000 bookmark-shaped items written, read back, fetched and transacted.
  homeboard_local init-db --endpoint "$endpoint"
  homeboard_local bench ddb --endpoint "$endpoint" --items 1000
}

hb_ensure_deps
"$HOMEBOARD_ROOT/scripts/dynamodb-local.sh" fetch
hb_cmake_configure --preset release -B "$build_dir"
cmake --build "$build_dir" -j "$jobs" --target homeboard
main_job
