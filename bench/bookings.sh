#!/usr/bin/env bash
# Booking release-burst benchmark (issue 14): BENCH_MEMBERS (10,000) verified members with valid RS256
# tokens book one service's BENCH_SLOTS (40) slots of BENCH_SEATS (25) seats at BENCH_CONNS (256)
# connections, against the packaged jar. In the same run and JVM it measures:
#   (a) GET /api/v1/ping            — trivial, no token
#   (b) GET /api/v1/ping/member     — trivial behind the member JWT check (what every booking pays)
#   (c) the burst: POST /services/{id}/bookings by every member (each always taps the same slot),
#       round and round: 1,000 bookings, then SLOT_FULL and ALREADY_BOOKED rejections
#   (d) the same once every slot is full: rejections only
# and checks afterwards: exactly SLOTS × SEATS live bookings, none twice, no slot over capacity.
# Targets: full-slot rejections ≥ 0.5 × /ping/member; p99 of the burst ≤ 200 ms.
#
# Usage: bash bench/bookings.sh      (≈ 3 minutes; results on stdout, progress on stderr)
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MEMBERS="${BENCH_MEMBERS:-10000}"
SLOTS="${BENCH_SLOTS:-40}"
SEATS="${BENCH_SEATS:-25}"
SECS="${BENCH_SECONDS:-20}"
CONNS="${BENCH_CONNS:-256}"
export JAVA_OPTS="${JAVA_OPTS--Xmx512m}"

load_start=$(bench_loadavg)
bench_start

bench_seed_members "$MEMBERS"
export BENCH_TOKENS="$BENCH_TMP/tokens"

# --- the service: released now, SLOTS half-hour slots from tomorrow 09:00 ----------------------
admin=$(bench_admin_token)
released=$(date -u -d '-1 second' +%Y-%m-%dT%H:%M:%SZ)
service=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"title\":\"免费体检\",\"kind\":\"CHECKUP\",\"releaseAt\":\"$released\",\"cancelMinutesBefore\":60}" \
  "$BENCH_URL/api/v1/admin/services" | jq -r .id)
first=$(date -d 'tomorrow 09:00' +%s)
slots=$(for i in $(seq 0 $((SLOTS - 1))); do
  s=$((first + i * 1800))
  printf '{"startsAt":"%s","endsAt":"%s","capacity":%s}\n' "$(date -u -d "@$s" +%Y-%m-%dT%H:%M:%SZ)" \
    "$(date -u -d "@$((s + 1800))" +%Y-%m-%dT%H:%M:%SZ)" "$SEATS"
done | jq -s -c '{slots: .}')
curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "$slots" \
  "$BENCH_URL/api/v1/admin/services/$service/slots" >/dev/null
from=$(date -d "@$first" +%Y-%m-%d)
to=$(date -d "@$((first + SLOTS * 1800))" +%Y-%m-%d)
curl -fsS "$BENCH_URL/api/v1/services/$service/slots?from=$from&to=$to" | jq -r '.items[].slotId' \
  | sed 's/.*/{"slotId":&}/' >"$BENCH_TMP/bodies"
[ "$(wc -l <"$BENCH_TMP/bodies")" -eq "$SLOTS" ] || { log "expected $SLOTS slots"; exit 1; }
export BENCH_BODIES="$BENCH_TMP/bodies"
log "service $service with $SLOTS slots of $SEATS seats released"

# --- warm-up on the trivial endpoints (the booking path is measured cold: a release is cold) ----
export BENCH_PATH=/api/v1/ping/member BENCH_METHOD=GET
bench_wrk warmup 10 "$CONNS" "$BENCH_URL/api/v1/ping/member" "$BENCH_DIR/rotate-gen.lua"

rows=()
bench_wrk ping "$SECS" "$CONNS" "$BENCH_URL/api/v1/ping"
ping=$BENCH_LAST; bench_row "GET /ping (no token)" "$ping"
bench_wrk ping_member "$SECS" "$CONNS" "$BENCH_URL/api/v1/ping/member" "$BENCH_DIR/rotate-gen.lua"
ping_member=$BENCH_LAST; bench_row "GET /ping/member (member token check)" "$ping_member"

export BENCH_PATH="/api/v1/services/$service/bookings" BENCH_METHOD=POST
w0=$(bench_writes)
bench_wrk burst "$SECS" "$CONNS" "$BENCH_URL$BENCH_PATH" "$BENCH_DIR/rotate-gen.lua"
burst=$BENCH_LAST; bench_row "POST bookings: the release burst (1,000 seats, then rejections)" "$burst"
w1=$(bench_writes)
bench_wrk full "$SECS" "$CONNS" "$BENCH_URL$BENCH_PATH" "$BENCH_DIR/rotate-gen.lua"
full=$BENCH_LAST; bench_row "POST bookings: every slot full (rejections only)" "$full"

live=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM booking WHERE service_id = $service AND live_member_id IS NOT NULL")
members=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(DISTINCT member_id) FROM booking WHERE service_id = $service AND live_member_id IS NOT NULL")
over=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM booking_slot s WHERE s.service_id = $service AND s.booked > s.capacity")
ratio() { awk -v a="$(wrk_field "$1" rps)" -v b="$(wrk_field "$2" rps)" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "### Bookings: $MEMBERS members, $SLOTS slots × $SEATS seats, $CONNS connections, ${SECS} s per row"
echo
echo "| endpoint | req/s | p50 ms | p99 ms | 4xx | 5xx |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "- full-slot rejections vs /ping/member: $(ratio "$full" "$ping_member") (target ≥ 0.5); vs /ping: $(ratio "$full" "$ping")"
echo "- burst p99: $(wrk_field "$burst" p99_ms) ms (target ≤ 200)"
echo "- live bookings in MySQL: $live by $members members (seats $((SLOTS * SEATS))); slots over capacity: $over"
echo "- write statements during the burst: $((w1 - w0)) (each booking: 1 guarded slot UPDATE + 1 booking INSERT = $((2 * live)))"
echo "- JVM RSS after: $(($(bench_jvm_rss_kb) / 1024)) MB (peak $(($(bench_jvm_hwm_kb) / 1024)) MB), heap -Xmx512m"
echo "- load average before: $load_start; after: $(bench_loadavg); wrk and the service share the machine's $(nproc) cores"
grep -E ' (WARN|ERROR) ' "$BENCH_LOG" | grep -v ProductionGuard | tail -n 5 | sed 's/^/- service log: /' || true
