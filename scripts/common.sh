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
