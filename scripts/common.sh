# shellcheck shell=bash
# Shared by the scripts in this folder: where the repository and the download cache are, and
# two tiny logging helpers. Source it; it does nothing on its own. Everything printed goes to
# stderr so that a script's stdout stays machine-readable (an endpoint, a path).

# shellcheck disable=SC2034  # used by the scripts that source this file
HOMEBOARD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Downloads (the DynamoDB Local jar) live outside the clone so a fresh clone, or CI's clean
# checkout on the same machine, finds them again instead of fetching 60 MB each time.
if [[ -z "${HOME:-}" ]]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
  export HOME
fi
# shellcheck disable=SC2034
HOMEBOARD_CACHE="${HOMEBOARD_CACHE:-$HOME/.cache/homeboard}"

hb_say() { printf '[homeboard] %s\n' "$*" >&2; }
hb_die() {
  printf '[homeboard] error: %s\n' "$*" >&2
  exit 1
}

# Runs `cmake "$@"` (a configure) and shows its output only if it fails or warns, so a
# re-run with nothing to do stays quiet.
hb_cmake_configure() {
  local output
  if ! output="$(cmake "$@" 2>&1)"; then
    printf '%s\n' "$output" >&2
    hb_die "cmake configure failed: cmake $*"
  fi
  if grep -q 'Warning' <<<"$output"; then
    printf '%s\n' "$output" >&2
  fi
}
