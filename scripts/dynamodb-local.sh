#!/usr/bin/env bash
# Fetches, starts and stops DynamoDB Local (AWS's official emulator, a Java program) for the
# integration tests and for scripts/run.sh.
#
# The jar comes from the npm package amplify-dynamodb-simulator, which ships it under
# package/emulator/: `npm pack` downloads just that tarball (npm checks its registry integrity
# hash; no dependencies are installed), and the jar's SHA-256 is checked against the pinned
# value below. It is unpacked into a temporary folder and renamed into place, so an
# interrupted download never leaves a half-extracted copy that looks complete.
#
# Usage: scripts/dynamodb-local.sh fetch             download the jar unless cached (quiet then)
#        scripts/dynamodb-local.sh start  [STATE_DIR] start on a free port, wait until it answers
#        scripts/dynamodb-local.sh stop   [STATE_DIR] stop it (and its children), remove the files
#        scripts/dynamodb-local.sh status [STATE_DIR] exit 0 and print the endpoint if it answers
#
# STATE_DIR (default $HOMEBOARD_DDB_STATE_DIR, else <repo>/build/ddb_local) receives:
#   pid       the Java process id (also its process group: it runs in its own session)
#   endpoint  http://127.0.0.1:PORT
#   dynamodb-local.log
# `start` on a STATE_DIR whose instance is still running stops it first: every start is a fresh,
# empty in-memory database.
#
# Environment: HOMEBOARD_CACHE (download cache, default ~/.cache/homeboard),
#   HOMEBOARD_DDB_PORT (use this port instead of a free one), HOMEBOARD_DDB_START_TIMEOUT
#   (seconds, default 60), JAVA (default java), HOMEBOARD_DDB_JAVA_OPTS (extra JVM flags).
#
# DynamoDB Local has no bind-address option (see `-help`): it listens on all interfaces. The
# endpoint we hand out is loopback, but the port is reachable from the network while it runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

readonly DDB_NPM_PACKAGE="amplify-dynamodb-simulator"
readonly DDB_NPM_VERSION="2.9.30"
# sha256 of package/emulator/DynamoDBLocal.jar in amplify-dynamodb-simulator@2.9.30
# (DynamoDB Local 1.25.1 as reported by `-version`).
readonly DDB_JAR_SHA256="454305e9bc3e6ebcca5b62569869e31563b8d7e346474e94557b2600702146c7"
readonly DDB_DIR="$HOMEBOARD_CACHE/dynamodb-local"

# --- fetch -------------------------------------------------------------------------------

ddb_is_fetched() {
  [[ -f "$DDB_DIR/DynamoDBLocal.jar" && -d "$DDB_DIR/DynamoDBLocal_lib" &&
    "$(cat "$DDB_DIR/.homeboard-version" 2>/dev/null)" == "$DDB_NPM_VERSION" ]]
}

ddb_fetch() {
  ddb_is_fetched && return 0
  command -v npm >/dev/null 2>&1 || hb_die "npm is needed to fetch DynamoDB Local (run scripts/deps.sh)"
  mkdir -p "$HOMEBOARD_CACHE"
  local tmp
  tmp="$(mktemp -d "$HOMEBOARD_CACHE/.dynamodb-local.XXXXXX")"
  # shellcheck disable=SC2064  # expand $tmp now: it is local
  trap "rm -rf '$tmp'" RETURN
  hb_say "fetching DynamoDB Local ($DDB_NPM_PACKAGE@$DDB_NPM_VERSION from npm) into $DDB_DIR"
  (cd "$tmp" && npm pack "$DDB_NPM_PACKAGE@$DDB_NPM_VERSION" --silent --no-update-notifier \
    --no-fund --no-audit >/dev/null) || hb_die "npm pack $DDB_NPM_PACKAGE@$DDB_NPM_VERSION failed"
  local tarball="$tmp/$DDB_NPM_PACKAGE-$DDB_NPM_VERSION.tgz"
  [[ -f "$tarball" ]] || hb_die "npm pack did not produce $tarball"
  tar -xzf "$tarball" -C "$tmp" package/emulator || hb_die "could not unpack $tarball"
  local staged="$tmp/package/emulator"
  local actual
  actual="$(sha256sum "$staged/DynamoDBLocal.jar" | cut -d' ' -f1)"
  [[ "$actual" == "$DDB_JAR_SHA256" ]] ||
    hb_die "DynamoDBLocal.jar sha256 $actual, expected $DDB_JAR_SHA256"
  [[ -d "$staged/DynamoDBLocal_lib" ]] || hb_die "the package has no DynamoDBLocal_lib folder"
  printf '%s\n' "$DDB_NPM_VERSION" >"$staged/.homeboard-version"
  # Swap in atomically; an older or broken copy is moved aside first, then removed.
  if [[ -e "$DDB_DIR" ]]; then
    mv "$DDB_DIR" "$tmp/old"
  fi
  mv "$staged" "$DDB_DIR"
}

# --- process helpers ---------------------------------------------------------------------

state_dir_from_arg() {
  local dir="${1:-${HOMEBOARD_DDB_STATE_DIR:-$HOMEBOARD_ROOT/build/ddb_local}}"
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# The JVM gets a marker property naming its state dir, so `stop` finds it even if the pid
# file is gone (an interrupted start) and never touches another state dir's instance.
marker_for() { printf -- '-Dhomeboard.ddb.state=%s' "$1"; }

# True if pid $1 is alive and is our DynamoDB Local for state dir $2.
is_our_process() {
  local pid="$1" state="$2" cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ "$cmdline" == *DynamoDBLocal.jar* && "$cmdline" == *"$(marker_for "$state") "* ]]
}

# Pids of every DynamoDB Local started for state dir $1 (normally zero or one).
our_pids() {
  local state="$1" pid candidates
  if command -v pgrep >/dev/null 2>&1; then
    candidates="$(pgrep -f -- "$(marker_for "$state")" 2>/dev/null || true)"
  else  # procps is not installed on minimal systems: look at every process
    candidates="$(cd /proc && printf '%s\n' [0-9]*)"
  fi
  for pid in $candidates; do
    is_our_process "$pid" "$state" && printf '%s\n' "$pid"
  done
  return 0
}

# Any HTTP answer at all (even a 400 for the missing signature) means the server is up.
answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: DynamoDB_20120810.ListTables' --data '{}' "$1/" 2>/dev/null || true)"
  [[ -n "$code" && "$code" != "000" ]]
}

port_is_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a port that is free right now. DynamoDB Local binds all interfaces, so ask the kernel
# for a port free on 0.0.0.0; without python3, probe random high ports on loopback.
pick_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("0.0.0.0", 0))
print(s.getsockname()[1])
s.close()'
    return
  fi
  local tries port
  for ((tries = 0; tries < 100; tries++)); do
    port=$((20000 + RANDOM % 40000))
    port_is_taken "$port" || { printf '%s\n' "$port"; return; }
  done
  hb_die "found no free port"
}

kill_group() {
  local pid="$1" state="$2" waited
  is_our_process "$pid" "$state" || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((waited = 0; waited < 100; waited++)); do
    is_our_process "$pid" "$state" || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  for ((waited = 0; waited < 50; waited++)); do
    is_our_process "$pid" "$state" || return 0
    sleep 0.1
  done
  hb_say "warning: DynamoDB Local pid $pid did not exit"
}

# --- commands ----------------------------------------------------------------------------

cmd_stop() {
  local state="$1" pid
  if [[ -f "$state/pid" ]]; then
    kill_group "$(cat "$state/pid")" "$state"
  fi
  for pid in $(our_pids "$state"); do
    kill_group "$pid" "$state"
  done
  rm -f "$state/pid" "$state/endpoint"
}

cmd_status() {
  local state="$1" pid endpoint
  pid="$(cat "$state/pid" 2>/dev/null || true)"
  endpoint="$(cat "$state/endpoint" 2>/dev/null || true)"
  if [[ -n "$pid" && -n "$endpoint" ]] && is_our_process "$pid" "$state" && answers "$endpoint"; then
    printf '%s\n' "$endpoint"
    return 0
  fi
  hb_say "DynamoDB Local is not running for $state"
  return 3
}

# One attempt on one port. Returns 0 when up, 2 if the port was taken under us (retry on
# another), and dies with the log tail on any other failure.
start_once() {
  local state="$1" port="$2"
  local endpoint="http://127.0.0.1:$port" log="$state/dynamodb-local.log"
  local timeout="${HOMEBOARD_DDB_START_TIMEOUT:-60}"
  local -a java_opts=()
  # shellcheck disable=SC2206  # word splitting of user-provided JVM flags is intended
  [[ -n "${HOMEBOARD_DDB_JAVA_OPTS:-}" ]] && java_opts=(${HOMEBOARD_DDB_JAVA_OPTS})
  rm -f "$state/pid" "$state/endpoint"
  : >"$log"
  # setsid: its own session and process group, so `stop` can signal the whole group, and a
  # Ctrl-C in the terminal that started it does not reach it. The child records its own pid
  # before exec'ing java, so the pid file names the JVM itself. All three standard streams
  # are redirected so whoever ran us (ctest) is not kept waiting on an inherited pipe.
  (
    cd "$state"
    # shellcheck disable=SC2016  # $$, $1 and $@ belong to the inner bash
    exec setsid bash -c 'echo $$ >"$1/pid.tmp" && mv "$1/pid.tmp" "$1/pid"; shift; exec "$@"' \
      _ "$state" "${JAVA:-java}" "$(marker_for "$state")" "${java_opts[@]}" \
      -Djava.library.path="$DDB_DIR/DynamoDBLocal_lib" -jar "$DDB_DIR/DynamoDBLocal.jar" \
      -inMemory -sharedDb -disableTelemetry -port "$port"
  ) </dev/null >>"$log" 2>&1 &
  local launcher=$!

  local deadline=$((SECONDS + timeout)) pid=""
  while ((SECONDS < deadline)); do
    [[ -z "$pid" && -f "$state/pid" ]] && pid="$(cat "$state/pid")"
    # A failed bind does not end the JVM (non-daemon threads linger), so watch the log too.
    if grep -qE 'Failed to bind|BindException' "$log"; then
      [[ -n "$pid" ]] && kill_group "$pid" "$state"
      wait "$launcher" 2>/dev/null || true
      return 2
    fi
    if [[ -n "$pid" ]] && ! is_our_process "$pid" "$state"; then
      wait "$launcher" 2>/dev/null || true
      hb_say "DynamoDB Local exited during start-up; last lines of $log:"
      tail -n 30 "$log" >&2
      cmd_stop "$state"
      exit 1
    fi
    if [[ -n "$pid" ]] && answers "$endpoint"; then
      printf '%s\n' "$endpoint" >"$state/endpoint.tmp"
      mv "$state/endpoint.tmp" "$state/endpoint"
      return 0
    fi
    sleep 0.2
  done
  hb_say "DynamoDB Local did not answer on $endpoint within ${timeout}s; last lines of $log:"
  tail -n 30 "$log" >&2
  cmd_stop "$state"
  exit 1
}

cmd_start() {
  local state="$1" attempt port rc
  ddb_fetch
  command -v "${JAVA:-java}" >/dev/null 2>&1 ||
    hb_die "java not found (Java 17 runs DynamoDB Local; run scripts/deps.sh)"
  command -v curl >/dev/null 2>&1 || hb_die "curl not found (run scripts/deps.sh)"
  cmd_stop "$state"
  for ((attempt = 1; attempt <= 5; attempt++)); do
    port="${HOMEBOARD_DDB_PORT:-$(pick_port)}"
    rc=0
    start_once "$state" "$port" || rc=$?
    if ((rc == 0)); then
      cat "$state/endpoint"
      return 0
    fi
    [[ -z "${HOMEBOARD_DDB_PORT:-}" ]] || break
  done
  hb_say "DynamoDB Local could not bind port $port (taken); last lines of $state/dynamodb-local.log:"
  tail -n 30 "$state/dynamodb-local.log" >&2
  cmd_stop "$state"
  exit 1
}

main() {
  local command="${1:-}"
  case "$command" in
    fetch) ddb_fetch ;;
    start) cmd_start "$(state_dir_from_arg "${2:-}")" ;;
    stop) cmd_stop "$(state_dir_from_arg "${2:-}")" ;;
    status) cmd_status "$(state_dir_from_arg "${2:-}")" ;;
    dir) printf '%s\n' "$DDB_DIR" ;;
    *)
      sed -n '/^# Usage:/,/^#   dynamodb-local.log/p' "$0" | sed 's/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
}

main "$@"
