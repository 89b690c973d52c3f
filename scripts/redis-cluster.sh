#!/usr/bin/env bash
# A private 3-master Redis Cluster on loopback, for running the suite against Redis Cluster.
#   scripts/redis-cluster.sh start [base-port]   nodes on base, base+1, base+2 (default 7101; cluster bus
#                                                on port+10000); without a base port, the first free
#                                                triple from 7101 up. Prints the nodes on stdout, as
#                                                127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103
#                                                (the form ZHIJIA_TEST_REDIS_CLUSTER takes).
#   scripts/redis-cluster.sh stop [base-port]    stops that cluster (without one: every cluster this
#                                                checkout started) and removes its directory.
# No persistence, no replicas; each cluster lives in ${TMPDIR:-/tmp}/zhijia-redis-cluster-<base>.
# Idempotent: `start` on a running, healthy cluster only prints its nodes; `stop` on none does nothing.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HOST=127.0.0.1
DEFAULT_BASE=7101
NODES=3
STATE_ROOT="${TMPDIR:-/tmp}"

cluster_dir() { printf '%s/zhijia-redis-cluster-%s' "$STATE_ROOT" "$1"; }
ports_of() { seq "$1" $(($1 + NODES - 1)); }
addresses() { ports_of "$1" | sed "s/^/$HOST:/" | paste -sd, -; }

# Something listens on the port (ours or not).
listening() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# The node on this port is a redis-server this script started from this checkout (the cluster's owner
# file names it, and its pid file a live redis-server on that port).
node_is_ours() {
  local dir pid
  dir=$(cluster_dir "$1")
  [ -s "$dir/$2/redis.pid" ] && [ "$(cat "$dir/owner" 2>/dev/null)" = "$ZHIJIA_ROOT" ] || return 1
  pid=$(cat "$dir/$2/redis.pid")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -Eq "redis-server [^ ]*:$2( |$)"
}

cluster_ok() {
  local p
  for p in $(ports_of "$1"); do
    redis-cli -h "$HOST" -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

# All nodes of base are ours, or none of its ports (nor their bus ports) is taken.
triple_usable() {
  local p ours=0 free=0
  for p in $(ports_of "$1"); do
    if node_is_ours "$1" "$p"; then
      ours=$((ours + 1))
    elif ! listening "$p" && ! listening $((p + 10000)); then
      free=$((free + 1))
    fi
  done
  [ "$ours" -eq "$NODES" ] || [ $((ours + free)) -eq "$NODES" ]
}

stop_cluster() {
  local base=$1 dir p pid
  dir=$(cluster_dir "$base")
  [ -d "$dir" ] || return 0
  for p in $(ports_of "$base"); do
    if node_is_ours "$base" "$p"; then
      pid=$(cat "$dir/$p/redis.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && die "redis-server $pid (port $p) did not stop"
    elif listening "$p"; then
      log "leaving $dir: port $p is served by a redis-server this checkout did not start"
      return 0
    fi
  done
  rm -rf "$dir"
  log "redis cluster on $(addresses "$base") stopped"
}

start_cluster() {
  local base=$1 dir p
  dir=$(cluster_dir "$base")
  if cluster_ok "$base" && node_is_ours "$base" "$base"; then
    addresses "$base"
    return 0
  fi
  stop_cluster "$base" # a half-started leftover
  mkdir -p "$dir"
  printf '%s\n' "$ZHIJIA_ROOT" >"$dir/owner"
  for p in $(ports_of "$base"); do
    mkdir -p "$dir/$p"
    redis-server --daemonize yes --bind "$HOST" --port "$p" --dir "$dir/$p" \
      --pidfile "$dir/$p/redis.pid" --logfile "$dir/$p/redis.log" \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
      --save "" --appendonly no >/dev/null
  done
  for p in $(ports_of "$base"); do
    for _ in $(seq 1 50); do [ "$(redis-cli -h "$HOST" -p "$p" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
    [ "$(redis-cli -h "$HOST" -p "$p" ping 2>/dev/null)" = PONG ] || die "redis node $HOST:$p did not start (see $dir/$p/redis.log)"
  done
  # shellcheck disable=SC2046
  redis-cli --cluster create $(ports_of "$base" | sed "s/^/$HOST:/") --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 \
    || die "redis-cli --cluster create failed (see $dir/create.log)"
  for _ in $(seq 1 100); do cluster_ok "$base" && break; sleep 0.2; done
  cluster_ok "$base" || die "redis cluster on $(addresses "$base") did not reach cluster_state:ok within 20 s"
  log "redis cluster up: $(addresses "$base") (3 masters, dir $dir)"
  addresses "$base"
}

valid_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1024 ] && [ "$1" -le $((55535 - NODES)) ] \
    || die "base port must be a number from 1024 to $((55535 - NODES)) (the cluster bus takes port+10000): $1"
}

cmd=${1:-}
base=${2:-}
[ -z "$base" ] || valid_port "$base"
case "$cmd" in
  start)
    ensure_commands redis-server:redis-server redis-cli:redis-tools
    if [ -n "$base" ]; then
      triple_usable "$base" || die "ports $(addresses "$base") (or their bus ports +10000) are taken; pick another base port"
    else
      base=$DEFAULT_BASE
      until triple_usable "$base"; do
        base=$((base + NODES))
        [ "$base" -lt $((DEFAULT_BASE + 100)) ] || die "no free port triple from $DEFAULT_BASE to $base"
      done
    fi
    start_cluster "$base"
    ;;
  stop)
    if [ -n "$base" ]; then
      stop_cluster "$base"
    else
      for dir in "$STATE_ROOT"/zhijia-redis-cluster-*; do
        [ -f "$dir/owner" ] && [ "$(cat "$dir/owner")" = "$ZHIJIA_ROOT" ] || continue
        stop_cluster "${dir##*-}"
      done
    fi
    ;;
  *)
    die "usage: $0 start|stop [base-port]"
    ;;
esac
