#!/usr/bin/env bash
# A fresh machine, proven: unpack a bare Debian 12 root (debootstrap --variant=minbase bookworm,
# built once and cached), copy this checkout in (tracked and untracked files as they are in the
# work tree, uncommitted changes included; ../shared beside it) and run inside it, as root, what a
# new user and CI run:
#   1. bash scripts/run.sh    in the background until /q/health/ready answers, then stopped
#   2. bash scripts/test.sh
#   3. bash .ci/run
# Prints the wall time of each step and what it downloaded; stops at the first failure.
#
# Usage: bash scripts/fresh-check.sh [--reuse-m2] [--keep] [--steps LIST]   (as root: debootstrap,
#        chroot and mounts need it)
#   --reuse-m2  start the root's ~/.m2 as a copy of yours: a quick re-check (default: empty, as on a
#               new machine, so the first-run download is measured)
#   --keep      leave the root in place afterwards (its path is printed) to look around
#   --steps     which of run,test,ci,journeys to run, in that order (default run,test,ci; journeys =
#               `bash miniprogram-mock/test.sh` alone, the second half of .ci/run)
# Environment: ZHIJIA_FRESH_CACHE (/var/cache/zhijia-fresh) keeps the pristine root's tarball (delete
# it to rebuild); ZHIJIA_FRESH_WORK (/var/tmp) is where each run unpacks its root.
# ZHIJIA_TEST_REDIS_DB, ZHIJIA_E2E_REDIS_DB, ZHIJIA_TEST_MARIADB_DB and ZHIJIA_DB_ROOT_PASSWORD pass
# through, and so do proxy variables and NODE_EXTRA_CA_CERTS.
#
# The root shares this machine's network, so services already listening here (MariaDB 3306, Redis
# 6379, Mosquitto 1883) are used as they are, over TCP; the MySQL 8 that run.sh and the journeys start in
# the root gets a free port (ZHIJIA_MYSQL_PORT), step 1 its own Redis db (ZHIJIA_E2E_REDIS_DB) and a free
# port, so it touches nothing of anyone else's. What goes into the
# root besides the repository is what this machine's network needs: /etc/resolv.conf, apt sources
# naming this machine's Debian mirror, apt's proxy/validity settings, and the CA certificates this
# machine trusts beyond Debian's (a TLS-inspecting proxy's), installed with update-ca-certificates.
# Packages never start services inside the root (a policy-rc.d, as in any chroot).
set -euo pipefail
{ # read whole before it runs: editing this file during a (long) run cannot derail it

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUITE=bookworm
reuse_m2=0 keep=0 want=run,test,ci
while [ "$#" -gt 0 ]; do
  arg=$1
  shift
  case "$arg" in
    --reuse-m2) reuse_m2=1 ;;
    --keep) keep=1 ;;
    --steps) want=${1:?--steps needs a list, e.g. run,journeys}; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done
for w in ${want//,/ }; do
  case "$w" in run | test | ci | journeys) ;; *) die "unknown step: $w (run, test, ci, journeys)" ;; esac
done
wanted() { case ",$want," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
[ "$(id -u)" -eq 0 ] || die "run as root (sudo bash scripts/fresh-check.sh): debootstrap, chroot and mounts need it"

ensure_commands debootstrap git curl ss:iproute2
cache="${ZHIJIA_FRESH_CACHE:-/var/cache/zhijia-fresh}"
work_parent="${ZHIJIA_FRESH_WORK:-/var/tmp}"
base_tar="$cache/$SUITE-minbase.tar.gz"
install -d "$cache" "$work_parent"

# This machine's Debian mirror ($1 = debian | debian-security), from one-line or deb822 sources.
host_mirror() {
  local m
  m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v '^[[:space:]]*#' | grep -o -E '(https?|ftp)://[^[:space:]]+' | grep -E "/$1/?\$" | head -n 1 || true)
  echo "${m:-http://deb.debian.org/$1}"
}
mirror=$(host_mirror debian)
security_mirror=$(host_mirror debian-security)

timings=()
step_started=0 step_name=""
step_begin() { log ""; log "=== $1"; step_started=$SECONDS step_name=$1; }
step_end() { step_name=""; timings+=("$(printf '%-40s %5d s  %s' "$1" $((SECONDS - step_started)) "${2:-}")"); log "=== $1: $((SECONDS - step_started)) s"; }
mib() { du -sm "$@" 2>/dev/null | awk '{ s += $1 } END { printf "%d MiB", s }'; }

# --- the pristine root, cached ------------------------------------------------------------------
if [ ! -s "$base_tar" ]; then
  step_begin "debootstrap $SUITE minbase (cached)"
  build=$(mktemp -d "$work_parent/zhijia-fresh-base.XXXXXX")
  chmod 0755 "$build" # it becomes /: _apt, mysql & co. must be able to enter it
  # ca-certificates: without a trust store nothing could add this machine's CAs to it.
  debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$build" "$mirror" >"$build.log" 2>&1 \
    || { tail -n 30 "$build.log" >&2; die "debootstrap failed (log: $build.log)"; }
  rm -f "$build"/var/cache/apt/archives/*.deb
  tar -C "$build" --numeric-owner -czf "$base_tar.part" .
  mv "$base_tar.part" "$base_tar"
  rm -rf "$build" "$build.log"
  step_end "debootstrap $SUITE minbase (cached)" "$(mib "$base_tar") tarball"
fi

# --- this run's root ----------------------------------------------------------------------------
root=$(mktemp -d "$work_parent/zhijia-fresh.XXXXXX")
run_pid=""
cleanup() {
  local rc=$? p m
  trap - EXIT INT TERM
  [ -n "$step_name" ] && log "=== FAILED: $step_name after $((SECONDS - step_started)) s"
  [ -n "$run_pid" ] && kill -TERM -- "-$run_pid" 2>/dev/null || true
  # Whatever still runs inside the root was started by this script's steps.
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -KILL "${p#/proc/}" 2>/dev/null || true
  done
  sleep 1
  while read -r m; do umount -l "$m" 2>/dev/null || true; done \
    < <(awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r)
  if awk -v r="$root/" 'index($2, r) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
    log "still mounted under $root: not removing it"
  elif [ "$keep" = 1 ]; then
    log "kept the root: $root (chroot $root bash)"
  else
    rm -rf "$root"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step_begin "unpack the root and copy the repository"
tar -C "$root" --numeric-owner -xzf "$base_tar"
chmod 0755 "$root" # mktemp made it 0700 (and so may an older cached tarball)
for d in proc sys dev dev/pts dev/shm; do install -d "$root/$d"; done
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount --bind /dev/shm "$root/dev/shm"

cp -L /etc/resolv.conf "$root/etc/resolv.conf"
[ -s "$root/etc/hosts" ] || printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

# apt: the full set of suites a Debian 12 install has (Chromium comes from bookworm-security),
# from this machine's mirror; its proxy / validity settings.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
  [ -f "$f" ] && grep -q -E 'Acquire::(.*Proxy|Check-Valid-Until|Check-Date)' "$f" \
    && cp "$f" "$root/etc/apt/apt.conf.d/host-$(basename "$f")"
done

# CA certificates: every certificate this machine's bundle trusts that the root's does not
# (PEM blocks of the second file missing from the first, each ended by an ASCII RS).
extra_certs() {
  awk '/-----BEGIN CERTIFICATE-----/ { b = "" } { b = b $0 "\n" }
    /-----END CERTIFICATE-----/ { if (FNR == NR) seen[b] = 1; else if (!(b in seen)) printf "%s%c", b, 30 }' "$1" "$2"
}
install -d "$root/usr/local/share/ca-certificates/host"
n=0
while IFS= read -r -d $'\x1e' cert; do
  n=$((n + 1))
  printf '%s' "$cert" >"$root/usr/local/share/ca-certificates/host/host-$n.crt"
done < <(extra_certs "$root/etc/ssl/certs/ca-certificates.crt" /etc/ssl/certs/ca-certificates.crt)
chroot "$root" update-ca-certificates >/dev/null
log "copied $n extra CA certificate(s) into the root"

# The repository as it is in the work tree, and the product docs beside it.
install -d "$root/root/zhijia" "$root/root/shared"
(cd "$ZHIJIA_ROOT" && git ls-files -z --cached --others --exclude-standard \
  | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
  | tar --null -T - -cf -) | tar -C "$root/root/zhijia" -xf -
if [ -d "$ZHIJIA_ROOT/../shared" ]; then
  find -L "$ZHIJIA_ROOT/../shared" -maxdepth 1 -type f -name '*.md' -exec cp -L {} "$root/root/shared/" \;
fi
if [ "$reuse_m2" = 1 ] && [ -d "$HOME/.m2" ]; then
  log "copying $HOME/.m2 into the root (--reuse-m2)"
  cp -a "$HOME/.m2" "$root/root/.m2"
fi
step_end "unpack the root and copy the repository"

# --- the steps ----------------------------------------------------------------------------------
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 20000))
    [ -z "$(ss -Htln "sport = :$p")" ] && { echo "$p"; return 0; }
  done
  die "no free TCP port"
}
root_env=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb
  ZHIJIA_MOSQUITTO=1 ZHIJIA_MYSQL_PORT="$(free_port)")
for v in ZHIJIA_TEST_REDIS_DB ZHIJIA_E2E_REDIS_DB ZHIJIA_TEST_MARIADB_DB ZHIJIA_DB_ROOT_PASSWORD NODE_EXTRA_CA_CERTS \
    http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -n "${!v:-}" ] && root_env+=("$v=${!v}")
done
# in_root COMMAND [VAR=value ...]: COMMAND in the repository inside the root, with a clean environment.
in_root() {
  local c=$1
  shift
  chroot "$root" env -i "${root_env[@]}" "$@" bash -c "cd /root/zhijia && $c"
}
downloads() {
  printf 'apt %s, ~/.m2 %s, npm %s' "$(mib "$root/var/cache/apt/archives")" "$(mib "$root/root/.m2")" \
    "$(mib "$root/root/.npm" "$root/root/zhijia/miniprogram-mock/test/node_modules")"
}

if wanted run; then
  port=$(free_port)
  mgmt_port=$(free_port) # health lives on the management port
  run_redis="${ZHIJIA_E2E_REDIS_DB:-4}"

  step_begin "bash scripts/run.sh (until ready)"
  set -m # its own process group, to stop it whole
  # run.sh starts the root's own MySQL 8 (from the Maven artifact) on ZHIJIA_MYSQL_PORT; it keeps running for
  # the later steps' journeys, and goes with everything else in the root at the end.
  in_root "exec bash scripts/run.sh" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$mgmt_port" QUARKUS_SHUTDOWN_TIMEOUT=2s \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$run_redis" &
  run_pid=$!
  set +m
  until curl -fsS -o /dev/null "http://127.0.0.1:$mgmt_port/q/health/ready" 2>/dev/null; do
    kill -0 "$run_pid" 2>/dev/null || { wait "$run_pid" || true; die "scripts/run.sh exited before the service was ready"; }
    [ $((SECONDS - step_started)) -lt 2400 ] || die "the service was not ready within 40 min"
    sleep 2
  done
  step_end "bash scripts/run.sh (until ready)" "$(downloads)"
  # The whole group: the java that run.sh became outlives the shell that started it.
  kill -TERM -- "-$run_pid"
  for _ in $(seq 1 60); do kill -0 -- "-$run_pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 -- "-$run_pid" 2>/dev/null && die "the service did not stop within 30 s of SIGTERM"
  wait "$run_pid" 2>/dev/null || true
  run_pid=""
  in_root "redis-cli -n $run_redis flushdb >/dev/null"
fi

if wanted test; then
  step_begin "bash scripts/test.sh"
  in_root "bash scripts/test.sh"
  step_end "bash scripts/test.sh" "$(downloads)"
fi

if wanted ci; then
  step_begin "bash .ci/run"
  in_root "bash .ci/run"
  step_end "bash .ci/run" "$(downloads)"
fi

if wanted journeys; then
  step_begin "bash miniprogram-mock/test.sh"
  in_root "bash miniprogram-mock/test.sh"
  step_end "bash miniprogram-mock/test.sh" "$(downloads)"
fi

log ""
log "fresh-check passed on Debian $SUITE (minbase, $mirror), steps $want; wall time per step and downloads so far:"
printf '  %s\n' "${timings[@]}" >&2
log "  apt package lists: $(mib "$root/var/lib/apt/lists")"
exit 0
}
