#!/usr/bin/env bash
# Station map benchmark: seed 10,000 stations in one city (Shanghai box, lat 31.0–31.4,
# lng 121.2–121.7) through the admin API, warm up, then measure in the same run and against the
# same JVM:
#   (a) GET /api/v1/ping                                   — the trivial baseline
#   (b) GET /api/v1/stations/nearby?radius=1500            — random point per request
#   (c) GET /api/v1/stations/nearby?radius=5000&type=…     — random point and random type
# each for BENCH_SECONDS (30) at BENCH_CONNS (64) connections with 2 wrk threads, and print a
# markdown table, the JVM's RSS, the load average and any WARN/ERROR the service logged.
#
# wrk and the service share the machine's cores (no pinning unless BENCH_TASKSET_JVM /
# BENCH_TASKSET_WRK are set, see bench/lib.sh), and wrk itself costs CPU: on 2 cores the
# figures are for "client and server on one small box", lower than the server alone would do.
#
# Knobs: BENCH_STATIONS (10000), BENCH_SEED (42: the same station set every run),
# BENCH_SEED_PARALLEL (16), BENCH_WARMUP (10), BENCH_SECONDS (30), BENCH_CONNS (64), JAVA_OPTS (-Xmx512m).
# Usage: bash bench/stations.sh            (≈ 3 minutes; results on stdout, progress on stderr)
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATIONS="${BENCH_STATIONS:-10000}"
SEED="${BENCH_SEED:-42}"
SEED_PARALLEL="${BENCH_SEED_PARALLEL:-16}"
WARMUP="${BENCH_WARMUP:-10}"
SECS="${BENCH_SECONDS:-30}"
CONNS="${BENCH_CONNS:-64}"
GEN="$BENCH_DIR/stations-gen.lua"
# The deployment gives the pod 1 GiB and the image's run-java.sh half of it to the heap
# (k8s/base/deployment.yaml, src/main/docker/Dockerfile.jvm): measure that, not a heap sized
# from this machine's RAM.
export JAVA_OPTS="${JAVA_OPTS--Xmx512m}"

load_start=$(bench_loadavg)
bench_start

# --- admin token ---------------------------------------------------------------------------
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"admin-dev-only"}' "$BENCH_URL/api/v1/auth/login" | jq -r .accessToken)
if [ -z "$token" ] || [ "$token" = null ]; then die "admin login failed"; fi

# --- seed ----------------------------------------------------------------------------------
# One curl config block per station; curl --parallel keeps SEED_PARALLEL keep-alive requests in
# flight (what `xargs -P` would do, without 10,000 processes). awk's srand(SEED) makes the
# station set identical from run to run.
seed_cfg="$BENCH_TMP/seed.curl"
awk -v n="$STATIONS" -v seed="$SEED" -v url="$BENCH_URL/api/v1/admin/stations" -v token="$token" '
BEGIN {
  srand(seed)
  split("WATER_STATION OUTDOOR_WORKER_STATION DRIVERS_HOME MOTHER_ROOM CANTEEN SERVICE_CENTER", types, " ")
  split("REST DRINKING_WATER HOT_WATER PHONE_CHARGING EBIKE_CHARGING MICROWAVE LAUNDRY FIRST_AID TOILET WIFI AIR_CONDITIONING NURSING_ROOM READING SCAN_ENTRY", tags, " ")
  split("黄浦 徐汇 长宁 静安 普陀 虹口 杨浦 闵行 宝山 嘉定 浦东 松江 青浦 奉贤", districts, " ")
  for (i = 1; i <= n; i++) {
    type = types[int(rand() * 6) + 1]
    lat = 31.0 + rand() * 0.4
    lng = 121.2 + rand() * 0.5
    # 0–5 distinct services
    k = int(rand() * 6); svc = ""; delete used
    for (j = 0; j < k; j++) {
      t = tags[int(rand() * 14) + 1]
      if (t in used) continue
      used[t] = 1; svc = svc (svc == "" ? "" : ",") "\\\"" t "\\\""
    }
    # 30 % round the clock, 60 % day hours, 10 % night hours across midnight
    r = rand()
    if (r < 0.3) hours = "{\\\"open24h\\\":true}"
    else if (r < 0.9) hours = sprintf("{\\\"opens\\\":\\\"%02d:%02d\\\",\\\"closes\\\":\\\"%02d:%02d\\\"}", 6 + int(rand() * 4), 30 * int(rand() * 2), 17 + int(rand() * 6), 30 * int(rand() * 2))
    else hours = sprintf("{\\\"opens\\\":\\\"%02d:00\\\",\\\"closes\\\":\\\"%02d:00\\\"}", 20 + int(rand() * 4), 2 + int(rand() * 5))
    d = districts[int(rand() * 14) + 1]
    body = sprintf("{\\\"name\\\":\\\"%s区职工服务站 %05d\\\",\\\"type\\\":\\\"%s\\\",\\\"lat\\\":%.6f,\\\"lng\\\":%.6f,\\\"address\\\":\\\"上海市%s区测试路 %d 号\\\",\\\"services\\\":[%s],\\\"hours\\\":%s,\\\"waterStock\\\":%d}", d, i, type, lat, lng, d, i, svc, hours, int(rand() * 500))
    if (i > 1) print "next"
    printf "silent\nshow-error\nurl = \"%s\"\nheader = \"Authorization: Bearer %s\"\nheader = \"Content-Type: application/json\"\ndata-binary = \"%s\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n", url, token, body
  }
}' >"$seed_cfg"

log "seeding $STATIONS stations ($SEED_PARALLEL in parallel)…"
seed_load=$(bench_loadavg)
seed_t0=$(date +%s.%N)
# (curl's parallel progress meter ignores -s: its stderr goes to a file, shown on failure)
curl -sS --parallel --parallel-max "$SEED_PARALLEL" --config "$seed_cfg" >"$BENCH_TMP/seed.codes" 2>"$BENCH_TMP/seed.err" || true
seed_t1=$(date +%s.%N)
seed_secs=$(awk -v a="$seed_t0" -v b="$seed_t1" 'BEGIN { printf "%.1f", b - a }')
seed_created=$(grep -c '^201$' "$BENCH_TMP/seed.codes" || true)
seed_other=$({ grep -v '^201$' "$BENCH_TMP/seed.codes" || true; } | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
[ "$seed_created" -eq "$STATIONS" ] || { tr '\r' '\n' <"$BENCH_TMP/seed.err" | grep -a 'curl:' | sort | uniq -c | head >&2; } || true
[ "$seed_created" -eq "$STATIONS" ] || die "seeding created $seed_created of $STATIONS stations (other answers: ${seed_other:-none})"
indexed=$(bench_redis ZCARD '{stations}:geo')
[ "$indexed" -eq "$STATIONS" ] || die "Redis GEO index holds $indexed stations, MySQL $STATIONS"
seed_rate=$(awk -v n="$STATIONS" -v s="$seed_secs" 'BEGIN { printf "%.0f", n / s }')
log "seeded $STATIONS stations in $seed_secs s ($seed_rate/s); Redis index holds $indexed"

# --- what one query returns (sanity + how much work a request is) --------------------------
sample() { # radius type-or-empty → mean items per response over 50 random points
  local r=$1 t=$2 total=0 lat lng q
  for i in $(seq 1 50); do
    lat=$(awk -v s="$i" 'BEGIN { srand(s); printf "%.6f", 31.0 + rand() * 0.4 }')
    lng=$(awk -v s="$((i + 1000))" 'BEGIN { srand(s); printf "%.6f", 121.2 + rand() * 0.5 }')
    q="lat=$lat&lng=$lng&radius=$r${t:+&type=$t}"
    total=$((total + $(curl -fsS "$BENCH_URL/api/v1/stations/nearby?$q" | jq '.items | length')))
  done
  awk -v t="$total" 'BEGIN { printf "%.1f", t / 50 }'
}
items_1500=$(sample 1500 "")
items_5000=$(sample 5000 WATER_STATION)

# --- warm-up and measurements ----------------------------------------------------------------
log "warming up ${WARMUP} s (ping, nearby 1500, nearby 5000+type in turn)…"
GEN_MODE=mix bench_wrk warmup "$WARMUP" "$CONNS" "$BENCH_URL" "$GEN"

log_mark=$(wc -l <"$BENCH_LOG")
redis_pid=$(bench_redis_pid)
declare -A line load cpu rcpu wcpu others
# CPU per request of the three processes on the path: the JVM, redis-server (shared with anything
# else using that Redis, so an upper bound) and wrk. Their sum says what 2 idle cores could do at
# best, whatever else was running on the machine at the time.
per_req() { awk -v d="$1" -v hz="$BENCH_CLK_TCK" -v n="$2" 'BEGIN { printf "%.0f", (n > 0 ? d * 1e6 / hz / n : 0) }'; }
measure() { # key url gen-lua-or-empty [VAR=value for the generator...]
  local key=$1 url=$2 gen=$3 c0 c1 r0 r1 w0 w1 m0 m1 t0 t1 reqs
  shift 3
  load[$key]=$(bench_loadavg)
  log "measuring $key: ${SECS} s at $CONNS connections (load ${load[$key]})…"
  c0=$(bench_jvm_cpu_ticks)
  r0=$(bench_cpu_ticks "${redis_pid:-0}")
  bench_children_ticks
  w0=$BENCH_CHILD_TICKS
  read -r m0 t0 < <(bench_machine_ticks)
  # shellcheck disable=SC2163
  for kv in "$@"; do export "$kv"; done
  bench_wrk "$key" "$SECS" "$CONNS" "$url" "$gen"
  for kv in "$@"; do unset "${kv%%=*}"; done
  c1=$(bench_jvm_cpu_ticks)
  r1=$(bench_cpu_ticks "${redis_pid:-0}")
  bench_children_ticks
  w1=$BENCH_CHILD_TICKS
  read -r m1 t1 < <(bench_machine_ticks)
  line[$key]=$BENCH_LAST
  reqs=$(wrk_field "$BENCH_LAST" requests)
  cpu[$key]=$(per_req "$((c1 - c0))" "$reqs")
  rcpu[$key]=$(per_req "$((r1 - r0))" "$reqs")
  wcpu[$key]=$(per_req "$((w1 - w0))" "$reqs")
  # share of the machine's CPU that went to anything but the JVM, redis-server and wrk
  others[$key]=$(awk -v busy="$((m1 - m0))" -v ours="$((c1 - c0 + r1 - r0 + w1 - w0))" -v total="$((t1 - t0))" \
    'BEGIN { o = total > 0 ? (busy - ours) * 100 / total : 0; printf "%.0f", (o < 0 ? 0 : o) }')
}
measure ping "$BENCH_URL/api/v1/ping" ""
measure nearby1500 "$BENCH_URL" "$GEN" GEN_MODE=nearby GEN_RADIUS=1500 GEN_TYPE=
measure nearby5000type "$BENCH_URL" "$GEN" GEN_MODE=nearby GEN_RADIUS=5000 GEN_TYPE=RANDOM
load_end=$(bench_loadavg)
rss_kb=$(bench_jvm_rss_kb)
hwm_kb=$(bench_jvm_hwm_kb)
warn_lines=$(tail -n +"$((log_mark + 1))" "$BENCH_LOG" | grep -E ' (WARN|ERROR) ' || true)

# --- report ----------------------------------------------------------------------------------
ping_rps=$(wrk_field "${line[ping]}" rps)
row() { # key endpoint-text
  local l=${line[$1]}
  awk -v ep="$2" -v rps="$(wrk_field "$l" rps)" -v p50="$(wrk_field "$l" p50_ms)" -v p99="$(wrk_field "$l" p99_ms)" \
    -v n2="$(wrk_field "$l" non2xx)" -v s5="$(wrk_field "$l" s5xx)" -v sock="$(( $(wrk_field "$l" sock_connect) + $(wrk_field "$l" sock_read) + $(wrk_field "$l" sock_write) + $(wrk_field "$l" sock_timeout) ))" \
    -v base="$ping_rps" -v cpu="${cpu[$1]}" -v rcpu="${rcpu[$1]}" -v wcpu="${wcpu[$1]}" \
    -v bytes="$(wrk_field "$l" bytes_per_req)" -v ld="${load[$1]%% *}" -v cores="$(nproc)" -v oth="${others[$1]}" \
    'BEGIN { printf "| %s | %.0f | %.2f | %.2f | %d%s | %.2f | %d / %d / %d | %.0f | %s | %s %% | %s |\n", ep, rps, p50, p99, n2,
             (s5 > 0 ? " (" s5 " × 5xx)" : "") (sock > 0 ? " + " sock " socket errors" : ""), rps / base,
             cpu, rcpu, wcpu, (cpu + rcpu + wcpu > 0 ? cores * 1e6 / (cpu + rcpu + wcpu) : 0), bytes, oth, ld }'
}
verdict() { # key → "p99 X ms < 20: yes; ratio Y ≥ 0.40: yes"
  local l=${line[$1]}
  awk -v p99="$(wrk_field "$l" p99_ms)" -v rps="$(wrk_field "$l" rps)" -v base="$ping_rps" -v n2="$(wrk_field "$l" non2xx)" \
    'BEGIN { printf "p99 %.2f ms < 20 ms: %s; throughput %.2f × ping ≥ 0.40: %s; non-2xx %d: %s",
             p99, (p99 < 20 ? "MET" : "MISSED"), rps / base, (rps / base >= 0.40 ? "MET" : "MISSED"), n2, (n2 == 0 ? "ok" : "NOT OK") }'
}

cat <<EOF

## Stations: nearby search — $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ZHIJIA_ROOT" rev-parse --short HEAD)$(git -C "$ZHIJIA_ROOT" diff --quiet HEAD -- src pom.xml || echo ' (+ local changes)')

Machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(java -version 2>&1 | head -n 1), JAVA_OPTS=${JAVA_OPTS:-none}; wrk and the service share the cores (no pinning${BENCH_TASKSET_JVM:+; JVM pinned to $BENCH_TASKSET_JVM}${BENCH_TASKSET_WRK:+; wrk pinned to $BENCH_TASKSET_WRK}).
Seeded $STATIONS stations (seed $SEED) through POST /api/v1/admin/stations, $SEED_PARALLEL in parallel: ${seed_secs} s (${seed_rate}/s, load before ${seed_load}).
Mean items per response (50 fixed points): radius 1500 → $items_1500, radius 5000 + type=WATER_STATION → $items_5000.
Warm-up ${WARMUP} s, then each row ${SECS} s, $CONNS connections, 2 wrk threads, one after the other against the same JVM.

| endpoint | req/s | p50 ms | p99 ms | non-2xx | ratio to ping | CPU µs/req JVM / Redis / wrk | req/s if the $(nproc) cores were ours | bytes/resp | CPU taken by other processes | load 1 min before |
|---|---|---|---|---|---|---|---|---|---|---|
$(row ping 'GET /api/v1/ping')
$(row nearby1500 'GET /stations/nearby radius=1500 (random point)')
$(row nearby5000type 'GET /stations/nearby radius=5000 + type (random point, random type)')

- nearby 1500: $(verdict nearby1500)
- nearby 5000 + type: $(verdict nearby5000type)
- "req/s if the cores were ours" = cores × 1 s ÷ (JVM + Redis + wrk CPU per request): a CPU-bound ceiling, independent of
  what else ran on the machine (kernel networking is in those figures; Redis's share includes anyone else using that server).
- "CPU taken by other processes": the machine's busy CPU during the row minus the JVM's, redis-server's and wrk's, as a
  share of all cores — what other work on the shared machine took. The load average counts the benchmark's own threads.
- JVM RSS after the run: $((rss_kb / 1024)) MiB (peak $((hwm_kb / 1024)) MiB)
- Load average (1/5/15 min): at start $load_start, at end $load_end
- Service WARN/ERROR lines during the measurements: $(if [ -z "$warn_lines" ]; then echo 0; else wc -l <<<"$warn_lines"; fi)
EOF
if [ -n "$warn_lines" ]; then
  echo
  echo '```'
  sed -E 's/^[0-9-]+ [0-9:,]+ //' <<<"$warn_lines" | cut -c1-200 | sort | uniq -c | sort -rn | head -n 10
  echo '```'
fi
echo
echo 'Raw wrk lines:'
echo
echo '```'
for k in ping nearby1500 nearby5000type; do echo "${line[$k]}"; done
echo '```'

fail=0
for k in ping nearby1500 nearby5000type; do
  [ "$(wrk_field "${line[$k]}" non2xx)" -eq 0 ] || { log "non-2xx answers in $k"; fail=1; }
done
exit "$fail"
