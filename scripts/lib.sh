# shellcheck shell=bash
# Shared helpers for scripts/*.sh — sourced, never executed.
# Everything here is quiet when there is nothing to do.

# Repository root (parent of scripts/), whatever the caller's cwd.
ZHIJIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we are root (CI), via sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (not root and no sudo)"
  fi
}

# True when the Debian package is fully installed (a removed package whose config
# files remain makes `dpkg -s` succeed, so look at the status word instead).
pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

# apt-get install, running `apt-get update` at most once per script tree
# (the flag is exported so child scripts inherit it).
apt_install() {
  [ "$#" -gt 0 ] || return 0
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install manually: $*"
  log "installing: $*"
  if [ -z "${ZHIJIA_APT_UPDATED:-}" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    export ZHIJIA_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Install whichever of the given Debian packages are missing; no apt work if none is.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    pkg_installed "$p" || missing+=("$p")
  done
  apt_install "${missing[@]}"
}

# The Debian packages that provide whichever of the given commands are missing, one per line.
# Each argument is COMMAND:PACKAGE (PACKAGE defaults to COMMAND); an absolute COMMAND is checked
# as an executable file, for what is not on a user's PATH (/usr/sbin).
packages_for_missing() {
  local seen=" " spec cmd pkg
  for spec in "$@"; do
    cmd=${spec%%:*}
    pkg=${spec#*:}
    case "$cmd" in
      /*) [ -x "$cmd" ] && continue ;;
      *) command -v "$cmd" >/dev/null 2>&1 && continue ;;
    esac
    case "$seen" in *" $pkg "*) ;; *) seen+="$pkg " && echo "$pkg" ;; esac
  done
}

# The one place a script says "I need this tool": installs the packages of the missing commands
# in one apt-get call (none when all are there), e.g.
#   ensure_commands curl jq node:nodejs redis-cli:redis-tools /usr/sbin/mariadbd:mariadb-server
ensure_commands() {
  local pkgs
  mapfile -t pkgs < <(packages_for_missing "$@")
  apt_install "${pkgs[@]}"
}

# JDK 17+ and Maven for building/testing (any JDK already on PATH is accepted).
ensure_java_maven() {
  ensure_commands java:openjdk-17-jdk-headless javac:openjdk-17-jdk-headless mvn:maven
}
