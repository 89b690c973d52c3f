#!/usr/bin/env bash
# Make sure the local services Zhijia needs are installed, running and provisioned:
#   - Debian packages: libaio1 + libnuma1 (for the embedded MySQL 8 the tests unpack),
#     redis-tools + mariadb-client always; redis-server / mariadb-server only when nothing
#     answers on the port (a server already listening — another machine's, a container's,
#     the host's beside a chroot — is used as it is)
#   - Redis on 127.0.0.1:6379 (no persistence)
#   - unless ZHIJIA_MARIADB=0: MariaDB on 127.0.0.1:3306 with databases zhijia + zhijia_test and a dedicated user
#     (ZHIJIA_DB_USER / ZHIJIA_DB_PASSWORD, default zhijia / zhijia) on localhost,
#     127.0.0.1 and %, with ALL PRIVILEGES on `zhijia` and `zhijia\_%`. Administered as root
#     over the unix socket, else as root over TCP (password ZHIJIA_DB_ROOT_PASSWORD, default
#     empty), else with sudo.
#   - a Mosquitto MQTT broker on 127.0.0.1:1883 for the station doors (mosquitto-clients to check it;
#     the mosquitto package only when nothing answers, and always for the broker-restart test, which
#     runs a private `mosquitto -p PORT`). ZHIJIA_MOSQUITTO=0 skips it (a machine pointed at another broker).
# Idempotent; quiet unless it has to act; prints one summary line.
# Runs as root (CI) or as a user with sudo.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_USER="${ZHIJIA_DB_USER:-zhijia}"
DB_PASSWORD="${ZHIJIA_DB_PASSWORD:-zhijia}"
DB_NAMES=(zhijia zhijia_test)
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
DB_HOST=127.0.0.1
DB_PORT=3306
MQTT_HOST=127.0.0.1
MQTT_PORT=1883

# --- packages ---------------------------------------------------------------------------
# One apt-get call for all of them. The clients tell whether a server already answers; the
# servers come below, only when none does.
tools=(redis-cli:redis-tools mariadb:mariadb-client mariadb-admin:mariadb-client)
[ "${ZHIJIA_MOSQUITTO:-1}" = 1 ] && tools+=(mosquitto_pub:mosquitto-clients mosquitto_sub:mosquitto-clients /usr/sbin/mosquitto:mosquitto)
mapfile -t missing < <(packages_for_missing "${tools[@]}")
# Debian 13 renamed libaio1 to libaio1t64; either one satisfies the embedded MySQL.
pkg_installed libaio1 || pkg_installed libaio1t64 || missing+=(libaio1)
pkg_installed libnuma1 || missing+=(libnuma1)
apt_install "${missing[@]}"

# --- Redis ------------------------------------------------------------------------------
redis_up() {
  [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ]
}
redis_up || ensure_commands redis-server:redis-server
if ! redis_up; then # the package starts it where systemd runs
  log "starting redis-server on $REDIS_HOST:$REDIS_PORT"
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" \
    --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || die "redis did not answer PONG on $REDIS_HOST:$REDIS_PORT within 10 s"
fi

# --- MariaDB ----------------------------------------------------------------------------
# Up = the server answers on TCP. `mariadb-admin ping` exits 0 on "access denied", but not
# on "1130 Host '127.0.0.1' is not allowed to connect" — what a fresh install answers when
# skip-name-resolve is set (no root@127.0.0.1 account) — so any server-side error counts too.
mariadb_up() {
  local out
  out=$(mariadb-admin --protocol=tcp -h "$DB_HOST" -P "$DB_PORT" --connect-timeout=1 ping 2>&1) \
    && return 0
  case "$out" in
    *"Can't connect"* | *"Lost connection"* | *"Unknown server host"* | *"Unknown MySQL server host"*) return 1 ;;
    *) return 0 ;;
  esac
}
# ZHIJIA_MARIADB=0 (run.sh, the journeys and the benchmarks on MySQL 8): no MariaDB server at all.
mariadb=", mariadb not needed (ZHIJIA_MARIADB=0)"
if [ "${ZHIJIA_MARIADB:-1}" = 1 ]; then
mariadb=", mariadb ok ($DB_HOST:$DB_PORT, user $DB_USER, databases ${DB_NAMES[*]})"
mariadb_up || ensure_commands /usr/sbin/mariadbd:mariadb-server
if ! mariadb_up; then # the package starts it where systemd runs
  log "starting mariadbd on $DB_HOST:$DB_PORT"
  as_root install -d -m 0755 -o mysql -g mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    # Normally done by the package postinst; not when the package was unpacked without it.
    log "initialising /var/lib/mysql"
    as_root mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
  fi
  start_log=/tmp/zhijia-mariadbd-start.log
  as_root start-stop-daemon --start --oknodo --background --output "$start_log" \
    --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 30); do mariadb_up && break; sleep 1; done
  mariadb_up || die "mariadb did not answer on $DB_HOST:$DB_PORT within 30 s (see $start_log, /var/log/mysql/)"
fi

# Root access: fresh Debian authenticates root@localhost by unix_socket, so plain
# `mariadb -uroot` works for root (and for anyone where root has no password). A server whose
# socket is not ours to see (in a chroot or container beside it) is reachable over TCP only:
# root@127.0.0.1 with ZHIJIA_DB_ROOT_PASSWORD (default empty). Else `sudo mariadb`.
root_tcp=(env MYSQL_PWD="${ZHIJIA_DB_ROOT_PASSWORD:-}" mariadb --protocol=tcp -h "$DB_HOST" -P "$DB_PORT" -uroot)
if mariadb -uroot -e 'SELECT 1' >/dev/null 2>&1; then
  root_sql=(mariadb -uroot)
elif "${root_tcp[@]}" -e 'SELECT 1' >/dev/null 2>&1; then
  root_sql=("${root_tcp[@]}")
elif [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
  root_sql=(sudo mariadb)
else
  die "cannot administer MariaDB: root logs in neither over the unix socket nor over TCP to $DB_HOST:$DB_PORT (set ZHIJIA_DB_ROOT_PASSWORD)"
fi
run_sql() { "${root_sql[@]}" --batch --skip-column-names "$@"; }
run_sql -e 'SELECT 1' >/dev/null || die "cannot log in to MariaDB as root via ${root_sql[*]}"

# SQL string literal: double backslashes and single quotes.
sql_str() { local s=${1//\\/\\\\}; s=${s//\'/\'\'}; printf "'%s'" "$s"; }

u=$(sql_str "$DB_USER")
p=$(sql_str "$DB_PASSWORD")
hosts=(localhost 127.0.0.1 %)

existing_users=$(run_sql -e "SELECT COUNT(*) FROM mysql.user WHERE User=$u AND Host IN ('localhost','127.0.0.1','%')")
existing_dbs=$(run_sql -e "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('zhijia','zhijia_test')")
[ "$existing_dbs" -eq "${#DB_NAMES[@]}" ] || log "creating databases ${DB_NAMES[*]}"
[ "$existing_users" -eq "${#hosts[@]}" ] || log "creating database user $DB_USER"

sql=""
for db in "${DB_NAMES[@]}"; do
  sql+="CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  sql+="ALTER DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
done
for h in "${hosts[@]}"; do
  acct="$u@'$h'"
  sql+="CREATE USER IF NOT EXISTS $acct IDENTIFIED BY $p;"
  sql+="ALTER USER $acct IDENTIFIED BY $p;"
  sql+="GRANT ALL PRIVILEGES ON \`zhijia\`.* TO $acct;"
  sql+="GRANT ALL PRIVILEGES ON \`zhijia\\_%\`.* TO $acct;"
done
run_sql -e "$sql"

# The account must work over TCP the way the service connects.
MYSQL_PWD="$DB_PASSWORD" mariadb --protocol=tcp -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" \
  -e 'SELECT 1' zhijia_test >/dev/null \
  || die "user $DB_USER cannot log in over TCP to $DB_HOST:$DB_PORT/zhijia_test"

fi

# --- Mosquitto ------------------------------------------------------------------------------
mqtt=""
if [ "${ZHIJIA_MOSQUITTO:-1}" = 1 ]; then
  # mosquitto_pub exits non-zero when it cannot connect; -n publishes an empty message.
  mqtt_up() { mosquitto_pub -h "$MQTT_HOST" -p "$MQTT_PORT" -t zhijia/ensure-services -n >/dev/null 2>&1; }
  if ! mqtt_up; then
    ensure_commands /usr/sbin/mosquitto:mosquitto
    mqtt_up || {
      # The package's configuration (listens on localhost:1883 when it names no listener),
      # else a minimal one; its pid/log directories are made by the service unit otherwise.
      conf=/etc/mosquitto/mosquitto.conf
      if [ ! -f "$conf" ]; then
        conf=/tmp/zhijia-mosquitto.conf
        printf 'listener %s %s\nallow_anonymous true\n' "$MQTT_PORT" "$MQTT_HOST" >"$conf"
      fi
      log "starting mosquitto on $MQTT_HOST:$MQTT_PORT ($conf)"
      if id mosquitto >/dev/null 2>&1; then
        as_root install -d -m 0755 -o mosquitto -g mosquitto /run/mosquitto /var/log/mosquitto /var/lib/mosquitto
      fi
      as_root /usr/sbin/mosquitto -d -c "$conf"
      for _ in $(seq 1 20); do mqtt_up && break; sleep 0.5; done
      mqtt_up || die "mosquitto did not accept a connection on $MQTT_HOST:$MQTT_PORT within 10 s"
    }
  fi
  mqtt=", mosquitto ok ($MQTT_HOST:$MQTT_PORT)"
fi

echo "services: redis ok ($REDIS_HOST:$REDIS_PORT)$mariadb$mqtt"
