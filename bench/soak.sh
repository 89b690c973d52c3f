#!/usr/bin/env bash
# Soak: SOAK_SECONDS (600) of steady mixed member traffic against the packaged jar — logins, nearby, benefit
# claims, bookings, inbox, profile reads — at SOAK_CONNS (16) connections (wrk, closed loop), beside SOAK_LIVE (50)
# live sockets held open (and reopened if closed). Every SOAK_EVERY (10) s it samples the service's RSS, heap used
# after a full GC (jcmd GC.run + GC.heap_info), live threads, MySQL connections of its database, Redis clients of
# its db and a non-2xx/5xx tally, into one SOAK line each; the last lines compare the first and last samples.
# Passes when there is no 5xx and the last third of the samples is flat (heap after GC, threads and connections
# within 20 % / 10 of the first third).
#
# Usage: bash bench/soak.sh            (SOAK_SECONDS=120 bash bench/soak.sh for a short run; say so with its figures)
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SOAK_SECONDS="${SOAK_SECONDS:-600}"
SOAK_CONNS="${SOAK_CONNS:-16}"
SOAK_LIVE="${SOAK_LIVE:-50}"
SOAK_EVERY="${SOAK_EVERY:-10}"
MEMBERS="${BENCH_MEMBERS:-2000}"
export JAVA_OPTS="${JAVA_OPTS--Xmx384m}"

load_start=$(bench_loadavg)
bench_start
bench_seed_members "$MEMBERS"
export BENCH_TOKENS="$BENCH_TMP/tokens"
admin=$(bench_admin_token)
opens=$(date -u -d '-1 second' +%Y-%m-%dT%H:%M:%SZ)
closes=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
benefit=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"title\":\"长稳福利\",\"totalStock\":$((MEMBERS / 2)),\"opensAt\":\"$opens\",\"closesAt\":\"$closes\",\"redeemBy\":\"$closes\"}" \
  "$BENCH_URL/api/v1/admin/benefits" | jq -r .id)
release=$(date -u -d '-1 second' +%Y-%m-%dT%H:%M:%SZ)
service=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"title\":\"长稳体检\",\"kind\":\"CHECKUP\",\"description\":\"体检\",\"stationIds\":[],\"releaseAt\":\"$release\",\"cancelMinutesBefore\":60,\"eligibility\":{}}" \
  "$BENCH_URL/api/v1/admin/services" | jq -r .id)
day=$(TZ=Asia/Shanghai date -d '+2 day' +%Y-%m-%d)
curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"slots\":[{\"startsAt\":\"${day}T09:00:00+08:00\",\"endsAt\":\"${day}T09:30:00+08:00\",\"capacity\":$((MEMBERS / 4))}]}" \
  "$BENCH_URL/api/v1/admin/services/$service/slots"
slot=$(curl -fsS "$BENCH_URL/api/v1/services/$service/slots?from=$day&to=$day" | jq -r '.items[0].slotId')
curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"长稳取水点","type":"WATER_STATION","lat":31.23,"lng":121.47,"hours":{"open24h":true},"waterStock":100}' \
  "$BENCH_URL/api/v1/admin/stations"
export SOAK_MIX="$BENCH_TMP/mix.tsv"
printf '%s\n' \
  "POST	/api/v1/auth/wechat/login	-	{\"code\":\"mock-soak-{N}\"}" \
  "GET	/api/v1/stations/nearby?lat=31.23&lng=121.47&radius=5000	-	-" \
  "POST	/api/v1/benefits/$benefit/claims	{TOKEN}	-" \
  "POST	/api/v1/services/$service/bookings	{TOKEN}	{\"slotId\":$slot}" \
  "GET	/api/v1/me/inbox	{TOKEN}	-" \
  "GET	/api/v1/me	{TOKEN}	-" \
  "GET	/api/v1/me/claims	{TOKEN}	-" \
  "GET	/api/v1/benefits/$benefit	-	-" >"$SOAK_MIX"

java "$BENCH_DIR/LiveSockets.java" "ws://127.0.0.1:$BENCH_PORT/api/v1/me/live" "$BENCH_TOKENS" "$SOAK_LIVE" \
  "$((SOAK_SECONDS + 5))" >"$BENCH_TMP/live.out" 2>&1 &
live_pid=$!

sample() {  # elapsed-seconds
  local heap threads rss db redis
  jcmd "$BENCH_PID" GC.run >/dev/null 2>&1 || true
  heap=$(jcmd "$BENCH_PID" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit } }')
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$BENCH_PID/status")
  rss=$(($(bench_jvm_rss_kb) / 1024))
  db=$(bench_sql -e "SELECT COUNT(*) FROM information_schema.processlist WHERE db = '$BENCH_DB'")
  redis=$(redis-cli -h 127.0.0.1 -p 6379 CLIENT LIST | grep -c " db=$BENCH_REDIS_DB ")
  echo "SOAK t=$1 rss_mb=$rss heap_after_gc_mb=$heap threads=$threads db_conns=$db redis_clients=$redis load=$(cut -d' ' -f1 /proc/loadavg)"
}

log "soak: ${SOAK_SECONDS} s at $SOAK_CONNS connections + $SOAK_LIVE live sockets; a sample every $SOAK_EVERY s"
bench_wrk soak "$SOAK_SECONDS" "$SOAK_CONNS" "$BENCH_URL/api/v1/ping" "$BENCH_DIR/soak-gen.lua" &
wrk_pid=$!
start=$SECONDS
: >"$BENCH_TMP/samples"
while kill -0 "$wrk_pid" 2>/dev/null; do
  sample $((SECONDS - start)) | tee -a "$BENCH_TMP/samples"
  sleep "$SOAK_EVERY"
done
wait "$wrk_pid"
BENCH_LAST=$(grep '^WRK ' "$BENCH_TMP/wrk-soak.out" | tail -n 1)
sample $((SECONDS - start)) | tee -a "$BENCH_TMP/samples"
wait "$live_pid" || true

echo
echo "### Soak: ${SOAK_SECONDS} s, $SOAK_CONNS connections of mixed traffic + $SOAK_LIVE live sockets"
echo
echo "- traffic: $BENCH_LAST"
echo "- live sockets: $(grep '^LIVE' "$BENCH_TMP/live.out" || echo 'no LIVE line')"
awk -v n="$(wc -l <"$BENCH_TMP/samples")" '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[NR, kv[1]] = kv[2] } }
  END {
    third = int(n / 3); if (third < 1) third = 1
    split("rss_mb heap_after_gc_mb threads db_conns redis_clients", keys, " ")
    for (k in keys) {
      key = keys[k]; a = 0; b = 0
      for (i = 1; i <= third; i++) a += v[i, key]
      for (i = n - third + 1; i <= n; i++) b += v[i, key]
      a /= third; b /= third
      printf "- %s: first third %.1f, last third %.1f\n", key, a, b
      if (key != "rss_mb" && b > a * 1.2 + 10) { printf "- NOT FLAT: %s\n", key; bad = 1 }
    }
    exit bad
  }' "$BENCH_TMP/samples" || flat=no
s5xx=$(wrk_field "$BENCH_LAST" s5xx)
echo "- 5xx: ${s5xx:-?}; load average before: $load_start; after: $(bench_loadavg)"
[ "${flat:-yes}" = yes ] && [ "${s5xx:-1}" = 0 ] || { log "SOAK FAILED (a leak or a 5xx)"; exit 1; }
