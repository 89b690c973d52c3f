#!/usr/bin/env bash
# Browser journeys of the mock mini-program against the real service:
#   builds the jar when missing, makes sure the database and Redis run — MySQL 8 from the tests' Maven
#   artifact (mysql8_ensure in scripts/lib.sh, the same server scripts/run.sh uses; ZHIJIA_DB=mariadb: the
#   MariaDB at 127.0.0.1:3306) —, starts the service (dev profile)
#   on a free port against a fresh database and Redis db 4 (lottery draws checked every 2 s, so the
#   lottery journey waits seconds, not the default 10), serves the mock client, runs
#   test/journeys.mjs in Debian's headless Chromium, and always cleans up.
# Installs what it needs when absent: node, npm, curl, chromium, fontconfig + a CJK font, the JDK +
# Maven (apt), playwright-core (npm).
# Never downloads a browser.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=../scripts/lib.sh
. "$repo/scripts/lib.sh"

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
db="zhijia_e2e_$$"
redis_db="${ZHIJIA_E2E_REDIS_DB:-4}" # another db lets two checkouts run journeys at once
work="$(mktemp -d /tmp/zhijia-mock-e2e.XXXXXX)"
svc_pid="" web_pid="" db_port=""

cleanup() {
  local rc=$?
  [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null || true
  if [ -n "$svc_pid" ]; then
    kill "$svc_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$svc_pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$svc_pid" 2>/dev/null || true
  fi
  [ -n "$db_port" ] && MYSQL_PWD=zhijia mariadb --protocol=tcp -h 127.0.0.1 -P "$db_port" -u zhijia \
    -e "DROP DATABASE IF EXISTS \`$db\`" 2>/dev/null || true
  redis-cli -n "$redis_db" flushdb >/dev/null 2>&1 || true
  if [ "$rc" -ne 0 ] && [ -f "$work/service.log" ]; then
    echo "--- last lines of the service log ($work/service.log) ---" >&2
    tail -n 40 "$work/service.log" >&2 || true
  fi
  [ "$rc" -eq 0 ] && rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT INT TERM

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

started=$(date +%s)

# --- tools -------------------------------------------------------------------------------------
# Debian's own Node.js will do (18.20 on Debian 12: playwright-core is pinned to a release whose
# engines field accepts it). The Redis and MariaDB clients come with ensure-services.sh, unzip with
# mysql8_ensure, below.
ensure_commands node:nodejs npm:npm curl:curl /usr/bin/chromium:chromium fc-list:fontconfig
ensure_java_maven # the jar runs on java, and is built with mvn when missing
# Screenshots need a CJK font; the small WenQuanYi Micro Hei does.
fc-list :lang=zh 2>/dev/null | grep -q . || apt_install fonts-wqy-microhei

if [ ! -d "$here/test/node_modules/playwright-core" ]; then
  log "installing playwright-core (npm)"
  (cd "$here/test" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- service -----------------------------------------------------------------------------------
if [ ! -f "$repo/target/quarkus-app/quarkus-run.jar" ]; then
  log "building the service jar"
  (cd "$repo" && mvn -B -q package -DskipTests)
fi
if [ "${ZHIJIA_DB:-mysql}" = mariadb ]; then
  bash "$repo/scripts/ensure-services.sh"
else
  ZHIJIA_MARIADB=0 bash "$repo/scripts/ensure-services.sh"
fi
ensure_database
db_port=$ZHIJIA_DB_PORT
redis-cli -n "$redis_db" flushdb >/dev/null

svc_port=$(free_port)
mgmt_port=$(free_port) # health and metrics (quarkus.management.port)
log "starting the service on :$svc_port (database $db on $ZHIJIA_DB_ENGINE, redis db $redis_db)"
(
  cd "$work"
  exec env QUARKUS_PROFILE=dev QUARKUS_HTTP_PORT="$svc_port" QUARKUS_MANAGEMENT_PORT="$mgmt_port" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:mysql://127.0.0.1:$db_port/$db?createDatabaseIfNotExist=true" \
    QUARKUS_DATASOURCE_USERNAME=zhijia QUARKUS_DATASOURCE_PASSWORD=zhijia \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$redis_db" QUARKUS_SHUTDOWN_TIMEOUT=1s \
    ZHIJIA_BENEFITS_DRAW_EVERY=2s \
    ZHIJIA_BOOKINGS_SWEEP_EVERY=2s \
    ZHIJIA_CONTESTS_AWARD_EVERY=2s \
    ZHIJIA_CONTESTS_AWARD_AFTER=1s \
    java -jar "$repo/target/quarkus-app/quarkus-run.jar"
) >"$work/service.log" 2>&1 &
svc_pid=$!
disown "$svc_pid" # its end is ours to report, not the shell's

# ZHIJIA_E2E_START_SECONDS: how long the service may take to start (a loaded shared machine needs more than 60 s; default 180)
start_seconds="${ZHIJIA_E2E_START_SECONDS:-180}"
for _ in $(seq 1 $((start_seconds * 2))); do
  curl -fsS "http://127.0.0.1:$mgmt_port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$svc_pid" 2>/dev/null || die "the service exited during start (see above)"
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$mgmt_port/q/health/ready" >/dev/null || die "the service was not ready within $start_seconds s"

web_port=$(free_port)
node "$here/serve.mjs" "$web_port" "http://127.0.0.1:$svc_port" >"$work/serve.log" 2>&1 &
web_pid=$!
disown "$web_pid"
for _ in $(seq 1 40); do curl -fsS "http://127.0.0.1:$web_port/app.json" >/dev/null 2>&1 && break; sleep 0.25; done

# --- journeys ----------------------------------------------------------------------------------
log "running the browser journeys (mock client on :$web_port)"
(cd "$here/test" && MOCK_URL="http://127.0.0.1:$web_port" API_URL="http://127.0.0.1:$svc_port" node journeys.mjs)
log "browser journeys done in $(( $(date +%s) - started )) s"
