#!/usr/bin/env bash
# Door-opening benchmark (issue 15): BENCH_MEMBERS (2,000) verified members scan the door of a 24-hour station
# at BENCH_CONNS (50) connections for BENCH_SECONDS (15 s per row), against the packaged jar, the local
# Mosquitto and the repository's door simulator (scripts/door-sim.sh) on loopback.
# Each scan: member check, rate limit, door + secret (MySQL, AES-GCM), QR HMAC, signed command over MQTT, the
# simulator's OPENED back, the entry and its rollups written. Rows:
#   (a) GET /api/v1/ping/member   — the member JWT check every scan pays
#   (b) POST /doors/{id}/entries  — scan → opened (201)
# and checks afterwards: every 201 has exactly one entry row, and the simulators opened as many times.
# Targets: scan → opened p50 ≤ 50 ms, p99 ≤ 200 ms at 50 concurrent.
#
# Usage: bash bench/doors.sh      (≈ 1.5 minutes; results on stdout, progress on stderr)
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MEMBERS="${BENCH_MEMBERS:-2000}"
DOORS=1 # wrk sends one path: one door takes every scan
SECS="${BENCH_SECONDS:-15}"
CONNS="${BENCH_CONNS:-50}"
export JAVA_OPTS="${JAVA_OPTS--Xmx512m}"
# this run's own topics on the shared broker (the service reads it, and so do the simulators)
export ZHIJIA_DOORS_TOPIC_PREFIX="zhijia-bench-$$/doors"
# scans by one member in a minute: the bench rotates through MEMBERS tokens, far more often than a person
export ZHIJIA_DOORS_SCANS_PER_MINUTE=100000

load_start=$(bench_loadavg)
bench_start
sims=()
stop_sims() { for p in "${sims[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap 'stop_sims; bench_cleanup' EXIT

bench_seed_members "$MEMBERS"
export BENCH_TOKENS="$BENCH_TMP/tokens"
admin=$(bench_admin_token)
station=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"24小时驿站","type":"SERVICE_CENTER","lat":31.23,"lng":121.47,"hours":{"open24h":true}}' \
  "$BENCH_URL/api/v1/admin/stations" | jq -r .id)

# --- the doors, each with its simulator ---------------------------------------------------------
: >"$BENCH_TMP/bodies"
for i in $(seq 1 "$DOORS"); do
  door=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "{\"name\":\"门$i\"}" \
    "$BENCH_URL/api/v1/admin/stations/$station/doors")
  id=$(jq -r .doorId <<<"$door")
  bash scripts/door-sim.sh --door "$id" --secret "$(jq -r .deviceSecret <<<"$door")" </dev/null >"$BENCH_TMP/sim-$id.log" 2>&1 &
  sims+=($!)
  for _ in $(seq 1 60); do grep -q '^QR ' "$BENCH_TMP/sim-$id.log" && grep -q '^CONNECTED' "$BENCH_TMP/sim-$id.log" && break; sleep 0.5; done
  qr=$(grep -m1 '^QR ' "$BENCH_TMP/sim-$id.log" | cut -d' ' -f2) || die "door simulator $id did not start"
  echo "$id $qr" >>"$BENCH_TMP/doors"
done
# a QR is accepted in its window and the next (≥ 30 s): take fresh ones just before the measured row
fresh_bodies() {
  : >"$BENCH_TMP/bodies"
  while read -r id _; do
    qr=$(grep '^QR ' "$BENCH_TMP/sim-$id.log" | tail -n1 | cut -d' ' -f2)
    echo "{\"qr\":\"$qr\"}" >>"$BENCH_TMP/bodies"
  done <"$BENCH_TMP/doors"
}
log "station $station with $DOORS doors and their simulators"

first=$(head -n1 "$BENCH_TMP/doors" | cut -d' ' -f1)

export BENCH_PATH=/api/v1/ping/member BENCH_METHOD=GET
bench_wrk warmup 5 "$CONNS" "$BENCH_URL/api/v1/ping/member" "$BENCH_DIR/rotate-gen.lua"
rows=()
bench_wrk ping_member "$SECS" "$CONNS" "$BENCH_URL/api/v1/ping/member" "$BENCH_DIR/rotate-gen.lua"
bench_row "GET /ping/member (member token check)" "$BENCH_LAST"

fresh_bodies
export BENCH_PATH="/api/v1/doors/$first/entries" BENCH_METHOD=POST
BENCH_BODY=$(head -n1 "$BENCH_TMP/bodies")
export BENCH_BODY BENCH_BODIES=
bench_wrk warm_scan 5 "$CONNS" "$BENCH_URL$BENCH_PATH" "$BENCH_DIR/rotate-gen.lua"
fresh_bodies
BENCH_BODY=$(head -n1 "$BENCH_TMP/bodies")
export BENCH_BODY
before=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM door_entry")
bench_wrk scan "$SECS" "$CONNS" "$BENCH_URL$BENCH_PATH" "$BENCH_DIR/rotate-gen.lua"
scan=$BENCH_LAST
bench_row "POST /doors/{id}/entries: scan → OPENED" "$scan"
after=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM door_entry")
dupes=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) - COUNT(DISTINCT command_id) FROM door_entry")
opened=$(cat "$BENCH_TMP"/sim-*.log | grep -c '^OPENED ' || true)
total=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM door_entry")

echo
echo "### Doors: $MEMBERS members, one door, $CONNS connections, ${SECS} s per row (service + Mosquitto + simulator on loopback)"
echo
echo "| endpoint | req/s | p50 ms | p99 ms | 4xx | 5xx |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "- scan → opened p50 $(wrk_field "$scan" p50_ms) ms (target ≤ 50), p99 $(wrk_field "$scan" p99_ms) ms (target ≤ 200)"
echo "- entries logged in the measured row: $((after - before)); all runs: $total entries, $opened OPENED answers by the simulators, duplicate command ids: $dupes"
echo "- JVM RSS after: $(($(bench_jvm_rss_kb) / 1024)) MB (peak $(($(bench_jvm_hwm_kb) / 1024)) MB), heap -Xmx512m"
echo "- load average before: $load_start; after: $(bench_loadavg); wrk, the service, Mosquitto and the simulators share the machine's $(nproc) cores"
grep -E ' (WARN|ERROR) ' "$BENCH_LOG" | grep -v ProductionGuard | tail -n 5 | sed 's/^/- service log: /' || true
