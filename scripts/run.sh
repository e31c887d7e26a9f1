#!/usr/bin/env bash
# The main job: everything needed to run homeboard, from a bare Debian 12 machine.
# Set-up steps are silent when their work is already done:
#   1. Debian packages (scripts/deps.sh)
#   2. the DynamoDB Local jar (npm pack, cached in ~/.cache/homeboard)
#   3. release build of the homeboard binary (preset release; build/release)
#   4. the job itself: see main_job below.
#
# There is no `homeboard serve` yet, so the job sets up and checks the embedded store
# (`homeboard init-db` and `homeboard doctor` on ./data/homeboard.db), then demonstrates the
# DynamoDB side against a throwaway DynamoDB Local on a free loopback port: `init-db` there and
# the `homeboard bench ddb` client workloads (one JSON line each).
# When `homeboard serve` lands, main_job becomes `homeboard serve` on the embedded store and
# the DynamoDB Local part goes (it stays for a --store dynamodb mode).
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
  "$homeboard" version
  # The embedded store (the default): create the ten tables in one SQLite file
  # ($HOMEBOARD_DATA, else ./data/homeboard.db; idempotent) and check it.
  "$homeboard" init-db
  "$homeboard" doctor
  # Until `homeboard serve` exists, also demonstrate the DynamoDB engine and client against a
  # throwaway DynamoDB Local: the same tables there, then the client workloads (one JSON line
  # each) on a scratch table.
  local endpoint
  endpoint="$("$HOMEBOARD_ROOT/scripts/dynamodb-local.sh" start "$ddb_state")"
  printf 'DynamoDB Local: %s\n' "$endpoint" >&2
  homeboard_local init-db --endpoint "$endpoint"
  homeboard_local bench ddb --endpoint "$endpoint" --items 1000
}

hb_ensure_deps
"$HOMEBOARD_ROOT/scripts/dynamodb-local.sh" fetch
hb_cmake_configure --preset release -B "$build_dir"
cmake --build "$build_dir" -j "$jobs" --target homeboard
main_job
