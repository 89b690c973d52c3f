#!/usr/bin/env bash
# Jobs benchmark (issue 17): 50,000 open posts in one city (Shanghai box, lat 31.0–31.4, lng 121.2–121.7),
# loaded straight into MySQL (one post in 20 has 快递 in its title), then in the same run against the same JVM:
#   (a) GET /api/v1/ping                                  — the trivial baseline
#   (b) GET /api/v1/jobs?q=快递                            — full-text words, newest first
#   (c) GET /api/v1/jobs?lat&lng&radius=5000               — nearest first, random point per request
# each for BENCH_SECONDS (30) at BENCH_CONNS (64) connections with 2 wrk threads; prints a markdown table.
#
# The n-gram search is MySQL 8's, which the benchmark runs on by default (the MySQL 8 of scripts/run.sh, from the
# tests' Maven artifact); ZHIJIA_DB=mariadb measures the LIKE fallback (a scan of the open posts, once per word query).
#
# Knobs: BENCH_JOBS (50000), BENCH_SEED (42), BENCH_WARMUP (10), BENCH_SECONDS (30), BENCH_CONNS (64), JAVA_OPTS (-Xmx512m).
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JOBS="${BENCH_JOBS:-50000}"
SEED="${BENCH_SEED:-42}"
WARMUP="${BENCH_WARMUP:-10}"
SECS="${BENCH_SECONDS:-30}"
CONNS="${BENCH_CONNS:-64}"
GEN="$BENCH_DIR/jobs-gen.lua"
export JAVA_OPTS="${JAVA_OPTS--Xmx512m}"

load_start=$(bench_loadavg)
bench_start
engine=$(bench_sql -e "SELECT VERSION()")
strategy=$(grep -o 'job search: [A-Z_]*' "$BENCH_LOG" | head -n 1 | cut -d' ' -f3)

# --- seed: multi-row INSERTs of 1,000 posts; the FULLTEXT index (MySQL) is kept up by InnoDB as they go --------
log "loading $JOBS job posts into $BENCH_DB ($engine)…"
seed_t0=$(date +%s.%N)
awk -v n="$JOBS" -v seed="$SEED" '
BEGIN {
  srand(seed)
  split("快递分拣员 仓库管理员 外卖骑手 网约车司机 保安 保洁员 厨师 服务员 收银员 理货员 叉车司机 装卸工 普工 质检员 电工 焊工 月嫂 护工 销售代表 客服专员", titles, " ")
  split("logistics logistics delivery driving security security service service retail logistics logistics logistics manufacturing manufacturing construction construction care care retail service", cats, " ")
  split("shangcheng gongshu xihu binjiang xiaoshan yuhang linping qiantang", dists, " ")
  split("顺丰速运 中通快运 京东物流 美团 饿了么 万达物业 盒马鲜生 上汽集团 德邦物流 家政公司", employers, " ")
  for (i = 1; i <= n; i++) {
    if ((i - 1) % 1000 == 0) {
      if (i > 1) print ";"
      printf "INSERT INTO job_post (org_id, title, employer, category, district, address, lat, lng, salary_min, salary_max, description, headcount, closes_at, tags, status, created_by, created_at, created_month, updated_at) VALUES\n"
    } else printf ",\n"
    t = int(rand() * 20) + 1
    lo = 3000 + int(rand() * 8) * 500
    printf "(\047root\047, \047%s %05d\047, \047%s\047, \047%s\047, \047%s\047, \047上海市测试路 %d 号\047, %.6f, %.6f, %d, %d, \047%s\047, %d, NOW() + INTERVAL 90 DAY, \047五险一金\047, \047OPEN\047, 1, NOW(), DATE_FORMAT(NOW(), \047%%Y-%%m-01\047), NOW())",
      titles[t], i, employers[int(rand() * 10) + 1], cats[t], dists[int(rand() * 8) + 1], i, 31.0 + rand() * 0.4, 121.2 + rand() * 0.5,
      lo, lo + 1000 + int(rand() * 4) * 500, "岗位职责：按时到岗，服从安排。工作地点交通便利。", 1 + int(rand() * 20)
  }
  print ";"
}' | bench_sql "$BENCH_DB"
seed_t1=$(date +%s.%N)
seed_secs=$(awk -v a="$seed_t0" -v b="$seed_t1" 'BEGIN { printf "%.1f", b - a }')
loaded=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM job_post")
[ "$loaded" -eq "$JOBS" ] || die "loaded $loaded of $JOBS posts"
log "loaded $loaded posts in $seed_secs s"

matches=$(curl -fsS "$BENCH_URL/api/v1/jobs?q=%E5%BF%AB%E9%80%92&limit=100" | jq '.items | length')
near=$(curl -fsS "$BENCH_URL/api/v1/jobs?lat=31.2&lng=121.45&radius=5000&limit=100" | jq '.items | length')
in_radius=$(bench_sql "$BENCH_DB" -e "SELECT COUNT(*) FROM job_post WHERE lat BETWEEN 31.155 AND 31.245 AND lng BETWEEN 121.397 AND 121.503")
[ "$matches" -gt 0 ] && [ "$near" -gt 0 ] || die "sanity: q=快递 gave $matches items, nearest $near"

log "warming up ${WARMUP} s…"
GEN_MODE=mix bench_wrk warmup "$WARMUP" "$CONNS" "$BENCH_URL" "$GEN"
declare -A line load
measure() { # key url gen [VAR=value…]
  local key=$1 url=$2 gen=$3
  shift 3
  load[$key]=$(bench_loadavg)
  log "measuring $key: ${SECS} s at $CONNS connections (load ${load[$key]})…"
  # shellcheck disable=SC2163
  for kv in "$@"; do export "$kv"; done
  bench_wrk "$key" "$SECS" "$CONNS" "$url" "$gen"
  for kv in "$@"; do unset "${kv%%=*}"; done
  line[$key]=$BENCH_LAST
}
measure ping "$BENCH_URL/api/v1/ping" ""
measure search "$BENCH_URL" "$GEN" GEN_MODE=search
measure nearest "$BENCH_URL" "$GEN" GEN_MODE=nearest GEN_RADIUS=5000
rss_kb=$(bench_jvm_rss_kb)

ping_rps=$(wrk_field "${line[ping]}" rps)
row() { # key endpoint target-ratio
  local l=${line[$1]}
  awk -v ep="$2" -v want="$3" -v rps="$(wrk_field "$l" rps)" -v p50="$(wrk_field "$l" p50_ms)" -v p99="$(wrk_field "$l" p99_ms)" \
    -v n2="$(wrk_field "$l" non2xx)" -v base="$ping_rps" -v ld="${load[$1]%% *}" \
    'BEGIN { r = rps / base; printf "| %s | %.0f | %.2f | %.2f | %d | %.2f | %s | %s |\n", ep, rps, p50, p99, n2, r,
             (want == "" ? "—" : sprintf("p99 ≤ 30 ms: %s%s", (p99 <= 30 ? "met" : "missed"), (want > 0 ? sprintf(", ≥ %.1f × ping: %s", want, (r >= want ? "met" : "missed")) : ""))), ld }'
}

cat <<EOF

## Jobs: search and nearest first — $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ZHIJIA_ROOT" rev-parse --short HEAD)$(git -C "$ZHIJIA_ROOT" diff --quiet HEAD -- src pom.xml || echo ' (+ local changes)')

Machine: $(nproc) cores, $(java -version 2>&1 | head -n 1), JAVA_OPTS=${JAVA_OPTS:-none}; database $engine, search strategy ${strategy:-?}; wrk and the service share the cores.
Loaded $JOBS open posts (seed $SEED) straight into MySQL in ${seed_secs} s. q=快递 answers $matches items on its first page (of 100);
nearest first at (31.2, 121.45), 5 km: $near items on the first page, $in_radius posts in that box.
Warm-up ${WARMUP} s, then each row ${SECS} s, $CONNS connections, 2 wrk threads, one after the other.

| endpoint | req/s | p50 ms | p99 ms | non-2xx | ratio to ping | target | load 1 min before |
|---|---|---|---|---|---|---|---|
$(row ping 'GET /api/v1/ping' '')
$(row search 'GET /jobs?q=快递' 0.2)
$(row nearest 'GET /jobs?lat&lng&radius=5000 (random point)' 0)

- JVM RSS after the run: $((rss_kb / 1024)) MiB; load average at start $load_start, at end $(bench_loadavg)
EOF
echo
echo '```'
for k in ping search nearest; do echo "${line[$k]}"; done
echo '```'
fail=0
for k in ping search nearest; do
  [ "$(wrk_field "${line[$k]}" non2xx)" -eq 0 ] || { log "non-2xx answers in $k"; fail=1; }
done
exit "$fail"
