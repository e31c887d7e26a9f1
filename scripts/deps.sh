#!/usr/bin/env bash
# Installs the Debian packages homeboard needs to build, test and run — the one list of them,
# used by scripts/run.sh and scripts/test.sh. Idempotent and silent when nothing is missing:
# each package is checked with dpkg-query first, `apt-get update` runs only when something must
# be installed, and only the missing packages are installed.
#
# Usage: scripts/deps.sh            install what is missing (needs root or sudo)
#        scripts/deps.sh --check    list what is missing, exit 1 if anything is
# Or source it and call hb_ensure_deps.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HOMEBOARD_DEBIAN_PACKAGES=(
  # toolchain and build
  build-essential cmake ninja-build ccache pkg-config git
  # libraries the code links (ddb: libcurl, OpenSSL, zlib, simdjson; store: SQLite; cli: CLI11,
  # spdlog, fmt; tests and benchmarks: GoogleTest/GoogleMock, Google Benchmark, cpp-httplib)
  libcurl4-openssl-dev libssl-dev zlib1g-dev libsimdjson-dev libsqlite3-dev libcli11-dev
  libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
  # accounts: Argon2id password hashing; the HTTP benchmark tool
  libargon2-dev wrk
  # libFuzzer targets and sanitizers (clang's runtime)
  clang libclang-rt-14-dev
  # DynamoDB Local: a Java 17 program, fetched with npm; curl probes it
  openjdk-17-jre-headless curl
)

# Prints the packages of the list above that are not installed, one per line.
hb_missing_packages() {
  local package status
  for package in "${HOMEBOARD_DEBIAN_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || printf '%s\n' "$package"
  done
  # npm may come from elsewhere (NodeSource's nodejs ships it); Debian's npm is only a fallback.
  if ! command -v npm >/dev/null 2>&1; then
    printf '%s\n' npm
  fi
}

hb_ensure_deps() {
  local missing
  mapfile -t missing < <(hb_missing_packages)
  ((${#missing[@]} == 0)) && return 0

  local -a sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 ||
      hb_die "missing packages (${missing[*]}); run as root or install them: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  hb_say "installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  mapfile -t missing < <(hb_missing_packages)
  ((${#missing[@]} == 0)) || hb_die "still missing after apt-get install: ${missing[*]}"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    --check)
      missing_list="$(hb_missing_packages)"
      [[ -z "$missing_list" ]] || { printf '%s\n' "$missing_list"; exit 1; }
      ;;
    "") hb_ensure_deps ;;
    *) hb_die "usage: $0 [--check]" ;;
  esac
fi
