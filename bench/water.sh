#!/usr/bin/env bash
# Water pickup benchmark: BENCH_MEMBERS (5,000) verified members scan one station's check-in QR and
# ask for a pickup code (POST /water/pickups), then the station's staff verify every code
# (POST /staff/verifications), at BENCH_CONNS (64) connections, beside GET /api/v1/ping in the same
# run and JVM. Members keep tapping after they have a code (they get it back); the counter keeps
# retrying codes it has handed over (it gets the same answer, flagged as a repeat).
#
# Usage: bash bench/water.sh      (≈ 2 minutes; results on stdout, progress on stderr)
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MEMBERS="${BENCH_MEMBERS:-5000}"
SECS="${BENCH_SECONDS:-20}"
CONNS="${BENCH_CONNS:-64}"
export JAVA_OPTS="${JAVA_OPTS--Xmx512m}"

load_start=$(bench_loadavg)
bench_start
bench_seed_members "$MEMBERS"
admin=$(bench_admin_token)
station=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"name\":\"压测取水点\",\"type\":\"WATER_STATION\",\"lat\":31.23,\"lng\":121.47,\"hours\":{\"open24h\":true},\"waterStock\":$((MEMBERS * 2))}" \
  "$BENCH_URL/api/v1/admin/stations" | jq -r .id)
curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench-staff\",\"password\":\"bench-staff-password\",\"displayName\":\"站员\",\"stationIds\":[$station]}" \
  "$BENCH_URL/api/v1/admin/staff"
staff=$(curl -fsS -H 'Content-Type: application/json' -d '{"username":"bench-staff","password":"bench-staff-password"}' \
  "$BENCH_URL/api/v1/auth/login" | jq -r .accessToken)

rows=()
ratio() { awk -v a="$(wrk_field "$1" rps)" -v b="$(wrk_field "$2" rps)" 'BEGIN { printf "%.2f", a / b }'; }

bench_wrk warmup 10 "$CONNS" "$BENCH_URL/api/v1/ping"
bench_wrk ping "$SECS" "$CONNS" "$BENCH_URL/api/v1/ping"
ping=$BENCH_LAST; bench_row "GET /ping" "$ping"

# check-in tokens live 30–60 s: take a fresh one right before the pickup phase
checkin=$(curl -fsS -H "Authorization: Bearer $staff" "$BENCH_URL/api/v1/stations/$station/checkin-token" | jq -r .token)
export BENCH_METHOD=POST BENCH_PATH=/api/v1/water/pickups BENCH_TOKENS="$BENCH_TMP/tokens"
export BENCH_BODY="{\"stationId\":$station,\"checkinToken\":\"$checkin\"}"
bench_wrk pickups "$SECS" "$CONNS" "$BENCH_URL$BENCH_PATH" "$BENCH_DIR/rotate-gen.lua"
pickups=$BENCH_LAST; bench_row "POST /water/pickups (scan → code)" "$pickups"

bench_sql "$BENCH_DB" -e "SELECT CONCAT('{\"code\":\"', code, '\"}') FROM water_pickup WHERE station_id = $station AND status = 'PENDING'" \
  >"$BENCH_TMP/codes"
issued=$(wc -l <"$BENCH_TMP/codes")
unset BENCH_TOKENS BENCH_BODY
export BENCH_PATH=/api/v1/staff/verifications BENCH_AUTH="$staff" BENCH_BODIES="$BENCH_TMP/codes"
bench_wrk verifications "$SECS" "$CONNS" "$BENCH_URL$BENCH_PATH" "$BENCH_DIR/rotate-gen.lua"
verifications=$BENCH_LAST; bench_row "POST /staff/verifications (code → bottle)" "$verifications"

sleep 3 # requests wrk gave up waiting for are still finishing: count once they have
verified=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM water_pickup WHERE station_id = $station AND status = 'VERIFIED'")
recorded=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM verification WHERE station_id = $station AND kind = 'WATER_PICKUP'")
stock=$(curl -fsS -H "Authorization: Bearer $staff" "$BENCH_URL/api/v1/stations/$station" | jq -r .waterStock)

echo
echo "### Water pickup: $MEMBERS members, one station, $CONNS connections, ${SECS} s per row"
echo
echo "| endpoint | req/s | p50 ms | p99 ms | 4xx | 5xx |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "- pickups vs /ping: $(ratio "$pickups" "$ping"); verifications vs /ping: $(ratio "$verifications" "$ping")"
echo "- codes issued: $issued (one per member, repeated taps get the same code back); verified: $verified; recorded: $recorded;"
echo "  stock $((MEMBERS * 2)) → $stock"
echo "- JVM RSS after: $(($(bench_jvm_rss_kb) / 1024)) MB (peak $(($(bench_jvm_hwm_kb) / 1024)) MB), heap -Xmx512m"
echo "- load average before: $load_start; after: $(bench_loadavg); wrk and the service share the machine's $(nproc) cores"
