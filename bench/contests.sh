#!/usr/bin/env bash
# Contest benchmark (issue 18): BENCH_MEMBERS (40,000) verified members each take one attempt of a contest whose
# 10 questions are all drawn (so one answer body fits every attempt), against the packaged jar. In one run and JVM:
#   (a) GET /api/v1/ping/member                              — the reference (member JWT check only)
#   (b) POST /contests/{id}/attempts, every member once (curl, 32 in parallel) — not a target, reported
#   (c) POST .../attempts/{attemptId}/answers at BENCH_CONNS (256), each member their own attempt, while
#   (d) GET /contests/{id}/leaderboard?limit=20 at BENCH_BOARD_CONNS (16) runs at the same time
#   (e) the rest of the answers until every member is ranked, then the contest is closed (closes_at moved to
#       now in SQL: there is no "close now" in the API) and the award of 50 + 200 + 1,000 prizes is timed from
#       the service's own log line ("awarded: N places in M ms")
# and checks afterwards: one score per attempt, 1,250 prizes, one per place and per member, ranks in the
# documented order. Targets: answers ≥ 0.3 × /ping/member; leaderboard p99 ≤ 20 ms while answers pour in;
# the award < 10 s.
#
# Usage: bash bench/contests.sh      (≈ 4 minutes with 40,000 members; BENCH_MEMBERS=10000 for a short run)
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MEMBERS="${BENCH_MEMBERS:-40000}"
SECS="${BENCH_SECONDS:-20}"
CONNS="${BENCH_CONNS:-256}"
BOARD_CONNS="${BENCH_BOARD_CONNS:-16}"
export JAVA_OPTS="${JAVA_OPTS--Xmx512m}"
# the award starts within a second of the close (the default waits 10 s for answers still committing)
export ZHIJIA_CONTESTS_AWARD_EVERY=1s ZHIJIA_CONTESTS_AWARD_AFTER=0s

load_start=$(bench_loadavg)
bench_start

bench_seed_members "$MEMBERS"
export BENCH_TOKENS="$BENCH_TMP/tokens"

# --- the contest: 10 questions, all drawn, 10 minutes per attempt, three tiers --------------------------
admin=$(bench_admin_token)
opens=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%SZ)
closes=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
questions=$(for i in $(seq 0 9); do
  printf '{"text":"第%s题：安全生产知识","options":["甲","乙","丙","丁"],"answer":[%s],"points":10}\n' "$i" $((i % 4))
done | jq -s -c .)
contest=$(jq -n -c --arg o "$opens" --arg c "$closes" --argjson q "$questions" '{title:"安康杯安全知识竞赛",
  opensAt:$o, closesAt:$c, questions:$q, questionsPerAttempt:10, secondsPerAttempt:600, attemptsPerMember:1,
  prizes:[{tier:"一等奖",count:50},{tier:"二等奖",count:200},{tier:"三等奖",count:1000}]}' \
  | curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d @- \
    "$BENCH_URL/api/v1/admin/contests" | jq -r .id)
ids=$(bench_sql "$BENCH_DB" -e "SELECT id FROM contest_question WHERE contest_id = $contest ORDER BY id" | tr '\n' ' ')
i=0
answers=$(for id in $ids; do
  # every member answers alike (7 of 10 right): the time and the finish order decide the ranks, ties included
  printf '{"questionId":%s,"choice":[%s]}\n' "$id" $(( i < 7 ? i % 4 : (i + 1) % 4 )); i=$((i + 1))
done | jq -s -c '{answers: .}')
export BENCH_BODY="$answers"
log "contest $contest with 10 questions"

# --- (a) the reference ------------------------------------------------------------------------------
export BENCH_PATH=/api/v1/ping/member BENCH_METHOD=GET
bench_wrk warmup 5 "$CONNS" "$BENCH_URL/api/v1/ping/member" "$BENCH_DIR/rotate-gen.lua"
rows=()
bench_wrk ping_member "$SECS" "$CONNS" "$BENCH_URL/api/v1/ping/member" "$BENCH_DIR/rotate-gen.lua"
ping_member=$BENCH_LAST; bench_row "GET /ping/member (member token check)" "$ping_member"

# --- (b) every member starts their attempt ----------------------------------------------------------
started=$SECONDS
awk -v url="$BENCH_URL/api/v1/contests/$contest/attempts" '{
  if (NR > 1) print "next"
  printf "url = \"%s\"\nrequest = \"POST\"\nheader = \"Authorization: Bearer %s\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n", url, $1
}' "$BENCH_TOKENS" >"$BENCH_TMP/starts.curl"
curl -sS --no-progress-meter --parallel --parallel-max 32 -K "$BENCH_TMP/starts.curl" | sort | uniq -c >"$BENCH_TMP/starts"
start_secs=$((SECONDS - started))
log "attempts started in $start_secs s: $(tr -s ' \n' ' ' <"$BENCH_TMP/starts")"

# each member's own attempt: token → member id (the JWT's sub) → attempt id
jq -R -r 'split(".")[1] | gsub("-";"+") | gsub("_";"/") | @base64d | fromjson | .sub | ltrimstr("member:")' \
  "$BENCH_TOKENS" | paste -d' ' - "$BENCH_TOKENS" | sort -k1,1 >"$BENCH_TMP/member-token"
bench_sql "$BENCH_DB" -e "SELECT member_id, id FROM contest_attempt WHERE contest_id = $contest" | tr '\t' ' ' \
  | sort -k1,1 >"$BENCH_TMP/member-attempt"
join "$BENCH_TMP/member-token" "$BENCH_TMP/member-attempt" \
  | awk -v c="$contest" '{ printf "%s /api/v1/contests/%s/attempts/%s/answers\n", $2, c, $3 }' | shuf >"$BENCH_TMP/lines"
export BENCH_LINES="$BENCH_TMP/lines"
[ "$(wc -l <"$BENCH_LINES")" -eq "$MEMBERS" ] || die "expected $MEMBERS attempts, got $(wc -l <"$BENCH_LINES")"

# --- (c) + (d) answers pour in while members watch the leaderboard ----------------------------------
board_token=$(head -n 1 "$BENCH_TOKENS")
(BENCH_PATH="/api/v1/contests/$contest/leaderboard?limit=20" BENCH_METHOD=GET BENCH_AUTH="$board_token" BENCH_TOKENS= \
  bench_wrk board "$SECS" "$BOARD_CONNS" "$BENCH_URL/api/v1/contests/$contest/leaderboard?limit=20" \
  "$BENCH_DIR/rotate-gen.lua") &
board_pid=$!
scored0=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM contest_attempt WHERE contest_id = $contest AND answered_at IS NOT NULL")
w0=$(bench_writes)
bench_wrk answers "$SECS" "$CONNS" "$BENCH_URL/" "$BENCH_DIR/contests-gen.lua"
answers_line=$BENCH_LAST
w1=$(bench_writes)
wait "$board_pid"
board=$(grep '^WRK ' "$BENCH_TMP/wrk-board.out" | tail -n 1)
scored1=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM contest_attempt WHERE contest_id = $contest AND answered_at IS NOT NULL")
answer_rps=$(awk -v n=$((scored1 - scored0)) -v s="$(wrk_field "$answers_line" duration_s)" 'BEGIN { printf "%.0f", n / s }')
bench_row "POST answers, each member's own attempt (4xx: repeats after the list wrapped)" "$answers_line"
bench_row "GET leaderboard?limit=20 while answers pour in" "$board"

# --- (e) the rest of the answers, the close, the award ----------------------------------------------
while [ "$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM contest_attempt WHERE contest_id = $contest AND answered_at IS NULL")" -gt 0 ]; do
  bench_wrk drain 5 64 "$BENCH_URL/" "$BENCH_DIR/contests-gen.lua"
done
bench_sql "$BENCH_DB" -e "UPDATE contest SET closes_at = NOW(3) - INTERVAL 1 SECOND WHERE id = $contest"
started=$SECONDS
until grep -q "contest $contest awarded" "$BENCH_LOG"; do
  [ $((SECONDS - started)) -lt 120 ] || die "not awarded within 120 s (log: $BENCH_LOG)"
  sleep 0.5
done
award_line=$(grep "contest $contest awarded" "$BENCH_LOG" | tail -n 1)
award_ms=$(sed -n 's/.* in \([0-9]*\) ms.*/\1/p' <<<"$award_line")

ranked=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM contest_best WHERE contest_id = $contest")
prizes=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*), COUNT(DISTINCT member_id), MIN(place), MAX(place) FROM contest_prize WHERE contest_id = $contest" | tr '\t' ' ')
twice=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM (SELECT member_id FROM contest_attempt WHERE contest_id = $contest GROUP BY member_id HAVING COUNT(*) > 1) t")
order=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM contest_prize p JOIN (SELECT member_id, ROW_NUMBER() OVER
  (ORDER BY score DESC, millis, answered_at, attempt_id) AS r FROM contest_best WHERE contest_id = $contest) b
  ON b.member_id = p.member_id WHERE p.contest_id = $contest AND p.place <> b.r")
inbox=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM inbox_message WHERE kind = 'CONTEST_PRIZE' AND ref_id = $contest")
ratio=$(awk -v a="$answer_rps" -v b="$(wrk_field "$ping_member" rps)" 'BEGIN { printf "%.2f", a / b }')

echo
echo "### Contests: $MEMBERS members, one attempt each, $CONNS connections answering (${SECS} s), $BOARD_CONNS reading the leaderboard"
echo
echo "| endpoint | req/s | p50 ms | p99 ms | 4xx | 5xx |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "- answers scored during the timed run: $((scored1 - scored0)) = $answer_rps/s; vs /ping/member: $ratio (target ≥ 0.3)"
echo "- leaderboard p99 while answers poured in: $(wrk_field "$board" p99_ms) ms (target ≤ 20)"
echo "- award: $award_ms ms for $(cut -d' ' -f1 <<<"$prizes") prizes over $ranked ranked members (target < 10 s)"
echo "- prizes (count, members, first place, last place): $prizes; places out of the ranking order: $order; inbox entries: $inbox"
echo "- members with more than one attempt: $twice; attempts started by curl (32 parallel) in $start_secs s: $(tr -s ' \n' ' ' <"$BENCH_TMP/starts")"
echo "- write statements during the timed answers: $((w1 - w0)) (each answer: 1 guarded UPDATE + 1 answers INSERT + 1 best INSERT IGNORE)"
echo "- JVM RSS after: $(($(bench_jvm_rss_kb) / 1024)) MB (peak $(($(bench_jvm_hwm_kb) / 1024)) MB), heap -Xmx512m"
echo "- load average before: $load_start; after: $(bench_loadavg); wrk and the service share the machine's $(nproc) cores"
grep -E ' (WARN|ERROR) ' "$BENCH_LOG" | grep -v ProductionGuard | tail -n 5 | sed 's/^/- service log: /' || true
