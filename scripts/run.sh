#!/usr/bin/env bash
# Run the service locally: ensure Redis and the database, (re)build the jar when sources changed,
# then start it. Works from any directory. Extra JVM flags: JAVA_OPTS="-Xmx512m ...".
# The database is the production engine, MySQL 8, unpacked from the Maven artifact the tests use
# (mysql8_ensure in scripts/lib.sh: data kept in ~/.local/share/zhijia/mysql8, 127.0.0.1:3306 when free,
# else 3307; it keeps running after the service stops — `bash scripts/mysql8.sh stop`);
# ZHIJIA_DB=mariadb runs on the MariaDB at 127.0.0.1:3306 instead (installed when missing).
# Every default below is only applied when the variable is unset.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ZHIJIA_ROOT"

ensure_java_maven
if [ "${ZHIJIA_DB:-mysql}" = mariadb ]; then
  bash scripts/ensure-services.sh
else
  ZHIJIA_MARIADB=0 bash scripts/ensure-services.sh
fi

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  log "building $jar"
  mvn -B -q package -DskipTests # also fetches the test dependencies, the MySQL 8 artifact among them
fi
ensure_database

export QUARKUS_PROFILE="${QUARKUS_PROFILE:-dev}"
export QUARKUS_DATASOURCE_JDBC_URL="${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:mysql://127.0.0.1:$ZHIJIA_DB_PORT/zhijia}"
export QUARKUS_DATASOURCE_USERNAME="${QUARKUS_DATASOURCE_USERNAME:-${ZHIJIA_DB_USER:-zhijia}}"
export QUARKUS_DATASOURCE_PASSWORD="${QUARKUS_DATASOURCE_PASSWORD:-${ZHIJIA_DB_PASSWORD:-zhijia}}"
export QUARKUS_REDIS_HOSTS="${QUARKUS_REDIS_HOSTS:-redis://127.0.0.1:6379}"

# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags on purpose
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
