#!/usr/bin/env bash
# Flash-claim benchmark: BENCH_MEMBERS (10,000) verified members with valid RS256 tokens tap
# "claim" on one benefit of BENCH_STOCK (1,000) units at BENCH_CONNS (256) connections, against the
# packaged jar. In the same run and JVM it measures:
#   (a) GET /api/v1/ping            — trivial, no token
#   (b) GET /api/v1/ping/member     — trivial behind the member JWT check (what every claim pays)
#   (c) the burst: POST /benefits/{id}/claims by every member, round and round: BENCH_STOCK winners,
#       then sold-out and duplicate rejections
#   (d) the same once sold out: rejections only (answered from each replica's memory, SoldOutFlags)
# and counts MySQL row writes during the burst (InnoDB counters, server-wide) against the winners.
#
# Usage: bash bench/claims.sh      (≈ 3 minutes; results on stdout, progress on stderr)
#   the seeds' scale: BENCH_MEMBERS=50000 BENCH_STOCK=12500 BENCH_CONNS=1000 bash bench/claims.sh
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MEMBERS="${BENCH_MEMBERS:-10000}"
STOCK="${BENCH_STOCK:-1000}"
SECS="${BENCH_SECONDS:-20}"
CONNS="${BENCH_CONNS:-256}"
export JAVA_OPTS="${JAVA_OPTS--Xmx512m}"

load_start=$(bench_loadavg)
bench_start

bench_seed_members "$MEMBERS"
export BENCH_TOKENS="$BENCH_TMP/tokens"

# --- the benefit: opening now ----------------------------------------------------------------
admin=$(bench_admin_token)
opens=$(date -u -d '-1 second' +%Y-%m-%dT%H:%M:%SZ)
closes=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
benefit=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"title\":\"免费体检\",\"totalStock\":$STOCK,\"opensAt\":\"$opens\",\"closesAt\":\"$closes\",\"redeemBy\":\"$closes\"}" \
  "$BENCH_URL/api/v1/admin/benefits" | jq -r .id)
log "benefit $benefit with $STOCK units open"

# --- warm-up on the trivial endpoints (the claim path is measured cold: a burst is cold) -------
export BENCH_PATH=/api/v1/ping/member BENCH_METHOD=GET
bench_wrk warmup 10 "$CONNS" "$BENCH_URL/api/v1/ping/member" "$BENCH_DIR/rotate-gen.lua"

rows=()
bench_wrk ping "$SECS" "$CONNS" "$BENCH_URL/api/v1/ping"
ping=$BENCH_LAST; bench_row "GET /ping (no token)" "$ping"
bench_wrk ping_member "$SECS" "$CONNS" "$BENCH_URL/api/v1/ping/member" "$BENCH_DIR/rotate-gen.lua"
ping_member=$BENCH_LAST; bench_row "GET /ping/member (member token check)" "$ping_member"

export BENCH_PATH="/api/v1/benefits/$benefit/claims" BENCH_METHOD=POST
w0=$(bench_writes)
bench_wrk burst "$SECS" "$CONNS" "$BENCH_URL$BENCH_PATH" "$BENCH_DIR/rotate-gen.lua"
burst=$BENCH_LAST; bench_row "POST claims: the burst ($STOCK wins, then rejections)" "$burst"
w1=$(bench_writes)
bench_wrk sold_out "$SECS" "$CONNS" "$BENCH_URL$BENCH_PATH" "$BENCH_DIR/rotate-gen.lua"
sold_out=$BENCH_LAST; bench_row "POST claims: sold out (rejections only)" "$sold_out"
w2=$(bench_writes)

winners=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = $benefit AND status <> 'CANCELLED'")
claimed=$(bench_sql "$BENCH_DB" -e "SELECT claimed_count FROM benefit WHERE id = $benefit")
remaining=$(curl -fsS "$BENCH_URL/api/v1/benefits/$benefit" | jq -r .remaining)
ratio() { awk -v a="$(wrk_field "$1" rps)" -v b="$(wrk_field "$2" rps)" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "### Flash claims: $MEMBERS members, $STOCK units, $CONNS connections, ${SECS} s per row"
echo
echo "| endpoint | req/s | p50 ms | p99 ms | 4xx | 5xx |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "- sold-out rejections vs /ping: $(ratio "$sold_out" "$ping"); vs /ping/member: $(ratio "$sold_out" "$ping_member")"
echo "- burst vs /ping: $(ratio "$burst" "$ping"); vs /ping/member: $(ratio "$burst" "$ping_member")"
echo "- winners in MySQL: $winners (claimed_count $claimed, remaining shown $remaining); stock $STOCK"
echo "- write statements during the burst: $((w1 - w0)) (each winner: 1 guarded benefit UPDATE + 1 claim INSERT + 1 daily figure upsert = $((3 * winners)));"
echo "  during the sold-out phase: $((w2 - w1)) (server-wide counters: anything else writing to this server shows up too)"
echo "- JVM RSS after: $(($(bench_jvm_rss_kb) / 1024)) MB (peak $(($(bench_jvm_hwm_kb) / 1024)) MB), heap -Xmx512m"
echo "- load average before: $load_start; after: $(bench_loadavg); wrk and the service share the machine's $(nproc) cores"
grep -E ' (WARN|ERROR) ' "$BENCH_LOG" | grep -v ProductionGuard | tail -n 5 | sed 's/^/- service log: /' || true
