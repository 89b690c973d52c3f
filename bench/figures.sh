#!/usr/bin/env bash
# Figures benchmark (issue 7): one million verifications (water pickups and benefit redemptions, spread
# over a year and 20,000 members) plus 200,000 reviews, seeded in SQL, the daily rollups derived from them
# (POST /admin/stats/rollups/rebuild), then the admin overview and station figures timed for a day, a month
# and a year — beside GET /api/v1/ping in the same JVM.
#
# Usage: bash bench/figures.sh      (≈ 3 minutes; results on stdout, progress on stderr)
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS="${BENCH_ROWS:-1000000}"
export JAVA_OPTS="${JAVA_OPTS--Xmx512m}"

load_start=$(bench_loadavg)
bench_start
admin=$(bench_admin_token)

log "seeding $ROWS verifications, $((ROWS / 5)) claims and reviews"
started=$SECONDS
bench_sql "$BENCH_DB" -e "
  INSERT INTO roster_entry (card_no, name, org_id, tags, source, created_at, updated_at)
    SELECT CONCAT('F', seq), CONCAT('会员', seq), 'org-1', '', 'IMPORT', NOW(3), NOW(3) FROM $(bench_seq 20000) nums;
  INSERT INTO member (openid, nickname, roster_id, verified_at, created_at)
    SELECT CONCAT('fig-', r.id), '职工', r.id, NOW(3), NOW(3) - INTERVAL 400 DAY FROM roster_entry r;"
bench_sql "$BENCH_DB" -e "
  INSERT INTO station (name, type, lat, lng, address, services, open_24h, water_stock, version, created_at, updated_at)
    SELECT CONCAT('站', seq), 'WATER_STATION', 31 + seq / 1000, 121 + seq / 1000, '', '', TRUE, 100, 1, NOW(3), NOW(3) FROM $(bench_seq 200) nums;
  SET @m = (SELECT MIN(id) FROM member); SET @s = (SELECT MIN(id) FROM station);
  INSERT INTO verification (kind, ref_id, member_id, staff_id, station_id, created_at)
    SELECT IF(seq % 5 = 0, 'BENEFIT_CLAIM', 'WATER_PICKUP'), seq, @m + (seq * 7919) % 20000, 1, @s + seq % 200,
           NOW(3) - INTERVAL (seq % 365) DAY - INTERVAL (seq % 86400) SECOND FROM $(bench_seq "$ROWS") nums;
  INSERT INTO station_review (station_id, member_id, review_date, score, created_at)
    SELECT @s + seq % 200, @m + seq % 20000, DATE(NOW() - INTERVAL (seq DIV 20000) DAY), 1 + seq % 5,
           NOW(3) - INTERVAL (seq DIV 20000) DAY FROM $(bench_seq $((ROWS / 5))) nums;"
log "seeded in $((SECONDS - started)) s"

today=$(date +%F)
month=$(date -d '-30 days' +%F)
year=$(date -d '-364 days' +%F)
# Rows loaded straight into MySQL have no rollups yet: derive them, as after a bulk load or at first start.
log "deriving the daily rollups for $year … $today"
derive=$(curl -fsS -X POST -H "Authorization: Bearer $admin" "$BENCH_URL/api/v1/admin/stats/rollups/rebuild?from=$year&to=$today")
log "derived: $derive"
bench_wrk warmup 10 16 "$BENCH_URL/api/v1/ping"
export BENCH_AUTH="$admin" BENCH_METHOD=GET
rows=()
measure() {  # label (a file name), what to show, path
  export BENCH_PATH="$3"
  bench_wrk "$1" 15 4 "$BENCH_URL$3" "$BENCH_DIR/rotate-gen.lua"
  rows+=("$(printf '| %s | %s | %s | %s | %s |' "$2" "$(wrk_field "$BENCH_LAST" rps)" "$(wrk_field "$BENCH_LAST" p50_ms)" \
    "$(wrk_field "$BENCH_LAST" p99_ms)" "$(wrk_field "$BENCH_LAST" non2xx)")")
}
measure ping "GET /ping" /api/v1/ping
measure day "overview, one day" "/api/v1/admin/stats/overview?from=$today&to=$today"
measure month "overview, 30 days" "/api/v1/admin/stats/overview?from=$month&to=$today"
measure year "overview, a year" "/api/v1/admin/stats/overview?from=$year&to=$today"
measure stations "stations, 30 days (200 stations)" "/api/v1/admin/stats/stations?from=$month&to=$today"

echo
echo "### Figures on $ROWS verifications, $((ROWS / 5)) reviews, 20,000 members (4 connections, 15 s per row)"
echo
echo "| endpoint | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "- rollups derived from the rows (365 days, one transaction each): $derive"
echo "- a year's overview: $(curl -fsS -H "Authorization: Bearer $admin" "$BENCH_URL/api/v1/admin/stats/overview?from=$year&to=$today")"
echo "- load average before: $load_start; after: $(bench_loadavg)"
