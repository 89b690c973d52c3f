# shellcheck shell=bash
# Shared helpers for bench/*.sh — sourced, never executed.
#
#   bench_start            ensure services + wrk, jq, curl, ss + jar, start the service on a free port with a
#                          fresh MySQL database and a flushed Redis db 3; everything is undone on exit
#   bench_wrk LABEL SECONDS CONNS URL [GEN_LUA]
#                          run wrk (2 threads) and leave one parseable line in $BENCH_LAST:
#                          "WRK label=... rps=... p50_ms=... p99_ms=... non2xx=... ..."
#   wrk_field LINE KEY     one value out of such a line
#   bench_loadavg          "1.23 0.98 0.75" (1, 5, 15 min)
#   bench_jvm_cpu_ticks    user+system CPU ticks the service has used so far (bench_cpu_ticks PID: any process)
#   bench_children_ticks   CPU ticks of this shell's finished children (wrk) → $BENCH_CHILD_TICKS
#   bench_machine_ticks    "busy total" CPU ticks of the whole machine (to see what else ran)
#   bench_jvm_rss_kb       the service's VmRSS in kB
#
# Knobs (environment): BENCH_PORT (default: a free port), BENCH_REDIS_DB (3), JAVA_OPTS,
# BENCH_KEEP_DB=1 (keep the bench database for inspection), BENCH_TASKSET_JVM / BENCH_TASKSET_WRK
# (CPU lists for `taskset -c`; unset = no pinning: service and wrk share every core).
#
# Only one benchmark may run per machine at a time (they share Redis db 3): a lock file
# serialises them.

# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/lib.sh"

BENCH_DIR="$ZHIJIA_ROOT/bench"
BENCH_REDIS_DB="${BENCH_REDIS_DB:-3}"
BENCH_DB="zhijia_bench_$$"
BENCH_DB_USER="${ZHIJIA_DB_USER:-zhijia}"
BENCH_DB_PASSWORD="${ZHIJIA_DB_PASSWORD:-zhijia}"
# The database: MySQL 8 from the tests' artifact (ensure_database in scripts/lib.sh; ZHIJIA_DB=mariadb for the
# MariaDB at 3306), or BENCH_DB_PORT=<port>: a server of your own there (user ZHIJIA_DB_USER / _PASSWORD)
BENCH_DB_PORT_SET="${BENCH_DB_PORT:-}"
BENCH_DB_PORT="${BENCH_DB_PORT:-3306}"
BENCH_TMP="$(mktemp -d /tmp/zhijia-bench.XXXXXX)"
BENCH_LOG="$BENCH_TMP/service.log"
BENCH_PID=""
BENCH_PORT="${BENCH_PORT:-}"
BENCH_URL=""
BENCH_LAST=""
BENCH_CLK_TCK="$(getconf CLK_TCK)"

bench_loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# user+system CPU ticks (1/CLK_TCK s) a process has used so far; 0 when it is gone.
bench_cpu_ticks() {
  # /proc/PID/stat: the command name (field 2) is in parentheses and may hold spaces; cut after it.
  # Fields after ")" start at 3 (state); utime = 14, stime = 15 → positions 12 and 13 here.
  sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0
}
bench_jvm_cpu_ticks() { bench_cpu_ticks "$BENCH_PID"; }

# The redis-server answering on 127.0.0.1:6379 (its CPU is shared with whoever else uses it).
bench_redis_pid() {
  ss -Htlnp 'sport = :6379' 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
}

# CPU time of this shell's finished children (wrk, curl, ...) in ticks, from bash's `times`, into
# BENCH_CHILD_TICKS. Call it plainly, not as $(...): a subshell would report its own children.
bench_children_ticks() {
  times >"$BENCH_TMP/times"
  # shellcheck disable=SC2034 # read by the sourcing script
  BENCH_CHILD_TICKS=$(tail -n 1 "$BENCH_TMP/times" | awk -v hz="$BENCH_CLK_TCK" '{
    t = 0
    for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }
    printf "%.0f", t * hz }')
}

# "BUSY TOTAL" CPU ticks of the whole machine so far (all cores), from /proc/stat.
bench_machine_ticks() {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}

bench_jvm_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$BENCH_PID/status"; }
bench_jvm_hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$BENCH_PID/status"; }

bench_redis() { redis-cli -h 127.0.0.1 -p 6379 -n "$BENCH_REDIS_DB" "$@"; }

bench_sql() {
  MYSQL_PWD="$BENCH_DB_PASSWORD" mariadb --protocol=tcp -h 127.0.0.1 -P "$BENCH_DB_PORT" -u "$BENCH_DB_USER" \
    --batch --skip-column-names "$@"
}

# A TCP port nobody listens on (racy by nature; the service fails loudly if it lost the race).
bench_free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 20000))
    if [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]; then
      echo "$p"
      return 0
    fi
  done
  die "no free TCP port found"
}

# Prefix for `taskset -c LIST` when the variable holds a CPU list.
bench_pin() { if [ -n "${1:-}" ]; then echo "taskset -c $1"; fi; }

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$BENCH_PID" 2>/dev/null && kill -KILL "$BENCH_PID" 2>/dev/null
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP_DB:-0}" = 1 ]; then
    log "kept database $BENCH_DB and Redis db $BENCH_REDIS_DB (BENCH_KEEP_DB=1)"
  else
    bench_sql -e "DROP DATABASE IF EXISTS \`$BENCH_DB\`" 2>/dev/null || log "could not drop database $BENCH_DB"
    bench_redis FLUSHDB >/dev/null 2>&1 || true
  fi
  if [ "$rc" -ne 0 ] && [ -f "$BENCH_LOG" ]; then
    log "--- last lines of the service log ($BENCH_LOG) ---"
    tail -n 40 "$BENCH_LOG" >&2 || true
    log "(kept $BENCH_TMP)"
  else
    rm -rf "$BENCH_TMP"
  fi
  exit "$rc"
}

bench_start() {
  cd "$ZHIJIA_ROOT" || exit
  exec 9>/tmp/zhijia-bench.lock
  flock -w 900 9 || die "another benchmark holds /tmp/zhijia-bench.lock"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  ensure_java_maven
  if [ -n "${BENCH_DB_PORT_SET:-}" ] || [ "${ZHIJIA_DB:-mysql}" = mariadb ]; then
    bash scripts/ensure-services.sh >&2
  else
    ZHIJIA_MARIADB=0 bash scripts/ensure-services.sh >&2
  fi
  if [ -z "${BENCH_DB_PORT_SET:-}" ]; then
    ensure_database # MySQL 8 from the tests' artifact, or ZHIJIA_DB=mariadb
    BENCH_DB_PORT=$ZHIJIA_DB_PORT
  fi
  ensure_commands wrk jq curl ss:iproute2 git

  local jar=target/quarkus-app/quarkus-run.jar
  # Also rebuild a stale jar: measuring yesterday's code by accident is worse than waiting.
  if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
    log "building $jar"
    mvn -B -q package -DskipTests >&2
  fi

  bench_redis FLUSHDB >/dev/null
  bench_sql -e "DROP DATABASE IF EXISTS \`$BENCH_DB\`"
  BENCH_PORT="${BENCH_PORT:-$(bench_free_port)}"
  BENCH_URL="http://127.0.0.1:$BENCH_PORT"
  BENCH_MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-$(bench_free_port)}" # health and metrics

  # QUARKUS_SHUTDOWN_TIMEOUT: with quarkus-rest-jackson and a shutdown timeout set, Quarkus 3.30.5/3.30.6
  # always waits the whole timeout on SIGTERM, even idle (quarkusio/quarkus#51915); the service's 20 s
  # would only slow every bench run down. Shutdown is not what is measured here.
  # shellcheck disable=SC2046,SC2086 # word splitting of the taskset prefix and JAVA_OPTS is wanted
  env QUARKUS_PROFILE=dev \
    QUARKUS_SHUTDOWN_TIMEOUT="${BENCH_SHUTDOWN_TIMEOUT:-2s}" \
    QUARKUS_HTTP_PORT="$BENCH_PORT" \
    QUARKUS_MANAGEMENT_PORT="$BENCH_MANAGEMENT_PORT" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:mysql://127.0.0.1:$BENCH_DB_PORT/$BENCH_DB?createDatabaseIfNotExist=true" \
    QUARKUS_DATASOURCE_USERNAME="$BENCH_DB_USER" \
    QUARKUS_DATASOURCE_PASSWORD="$BENCH_DB_PASSWORD" \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$BENCH_REDIS_DB" \
    $(bench_pin "${BENCH_TASKSET_JVM:-}") java ${JAVA_OPTS:-} -jar "$jar" >"$BENCH_LOG" 2>&1 &
  BENCH_PID=$!

  local started=$SECONDS
  until curl -fsS -o /dev/null "http://127.0.0.1:$BENCH_MANAGEMENT_PORT/q/health/ready" 2>/dev/null; do
    kill -0 "$BENCH_PID" 2>/dev/null || die "the service exited during start (log: $BENCH_LOG)"
    # start and migrations take seconds idle, minutes on a machine at load 50: BENCH_READY_SECONDS
    [ $((SECONDS - started)) -lt "${BENCH_READY_SECONDS:-300}" ] ||
      die "the service was not ready within ${BENCH_READY_SECONDS:-300} s (log: $BENCH_LOG)"
    sleep 0.5
  done
  log "service pid $BENCH_PID ready on $BENCH_URL in $((SECONDS - started)) s (db $BENCH_DB, redis db $BENCH_REDIS_DB)"
}

# bench_wrk LABEL SECONDS CONNS URL [GEN_LUA]
# GEN_LUA may define gen_init(thread_id) and gen_request() → the request to send (wrk.format(...)).
# Without it every request is a GET of URL. The reporting part (bench/wrk-report.lua) is the same
# for every run, so the client does the same Lua work per request whatever the endpoint.
# --timeout 10s: wrk's default (2 s) would drop slow requests from the latency figures.
bench_wrk() {
  local label=$1 secs=$2 conns=$3 url=$4 gen=${5:-} script out
  script="$BENCH_TMP/wrk-$label.lua"
  out="$BENCH_TMP/wrk-$label.out"
  { [ -n "$gen" ] && cat "$gen"; cat "$BENCH_DIR/wrk-report.lua"; } >"$script"
  # shellcheck disable=SC2046 # word splitting of the taskset prefix is wanted
  BENCH_LABEL="$label" $(bench_pin "${BENCH_TASKSET_WRK:-}") \
    wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$script" "$url" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed for $label"; }
  BENCH_LAST=$(grep '^WRK ' "$out" | tail -n 1)
  [ -n "$BENCH_LAST" ] || { cat "$out" >&2; die "wrk printed no WRK line for $label"; }
}

# wrk_field "WRK a=1 b=2" b → 2
wrk_field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }

# bench_seq N: a derived table of the numbers 1..N (≤ 1,000,000) in column seq — the same SQL on MySQL 8 and
# MariaDB (MariaDB's seq_1_to_N engine is not MySQL's, and MySQL caps a recursive CTE at 1,000 rows).
bench_seq() {
  local d="(SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
  printf '(SELECT seq FROM (SELECT 1 + a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 10000 * e.n + 100000 * f.n AS seq FROM %s a, %s b, %s c, %s d, %s e, %s f) s WHERE seq <= %d)' \
    "$d" "$d" "$d" "$d" "$d" "$d" "$1"
}

# bench_seed_members N: N verified members (roster + bound accounts in SQL, numbers from bench_seq), logged
# in through the service's own (mock) WeChat login so their tokens are signed as production signs them.
# Their access tokens end up one per line in $BENCH_TMP/tokens.
bench_seed_members() {
  local n=$1 started=$SECONDS
  log "seeding $n verified members"
  bench_sql "$BENCH_DB" -e "
    INSERT INTO roster_entry (card_no, name, org_id, tags, source, created_at, updated_at)
      SELECT CONCAT('BENCH', seq), CONCAT('会员', seq), 'org-1', '', 'IMPORT', NOW(3), NOW(3) FROM $(bench_seq "$n") nums;
    INSERT INTO member (openid, nickname, roster_id, verified_at, created_at)
      SELECT CONCAT('mock-openid-', r.card_no), '职工', r.id, NOW(3), NOW(3) FROM roster_entry r WHERE r.card_no LIKE 'BENCH%';"
  seq 1 "$n" | awk -v url="$BENCH_URL/api/v1/auth/wechat/login" '{
    if (NR > 1) print "next"
    printf "url = \"%s\"\nheader = \"Content-Type: application/json\"\ndata = \"{\\\"code\\\":\\\"mock-BENCH%s\\\"}\"\nwrite-out = \"\\n\"\n", url, $1
  }' >"$BENCH_TMP/logins.curl"
  curl -sS --no-progress-meter --parallel --parallel-max 16 -K "$BENCH_TMP/logins.curl" \
    | jq -r 'select(.member.verified == true) | .accessToken' >"$BENCH_TMP/tokens"
  [ "$(wc -l <"$BENCH_TMP/tokens")" -eq "$n" ] || die "expected $n verified logins, got $(wc -l <"$BENCH_TMP/tokens")"
  log "logged in $n verified members in $((SECONDS - started)) s"
}

# bench_admin_token: the dev admin's access token.
bench_admin_token() {
  curl -fsS -H 'Content-Type: application/json' -d '{"username":"admin","password":"admin-dev-only"}' \
    "$BENCH_URL/api/v1/auth/login" | jq -r .accessToken
}

# Write statements the server has run so far (MariaDB 10.11 has no Innodb_rows_* counters; Com_* exist on
# both): a burst's MySQL writes are the difference of two readings.
bench_writes() {
  bench_sql -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_insert','Com_update','Com_delete','Com_replace','Com_insert_select')" \
    | awk '{ s += $2 } END { print s + 0 }'
}

# Appends one Markdown table row (label, then a wrk line's rps, p50, p99, 4xx, 5xx) to the caller's `rows` array.
bench_row() {  # label, wrk line
  rows+=("$(printf '| %s | %s | %s | %s | %s | %s |' "$1" "$(wrk_field "$2" rps)" "$(wrk_field "$2" p50_ms)" \
    "$(wrk_field "$2" p99_ms)" "$(wrk_field "$2" s4xx)" "$(wrk_field "$2" s5xx)")")
}
