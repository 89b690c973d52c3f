#!/usr/bin/env bash
# Run the service locally: ensure Redis + MariaDB, (re)build the jar when sources changed,
# then start it. Works from any directory. Extra JVM flags: JAVA_OPTS="-Xmx512m ...".
# Every default below is only applied when the variable is unset.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ZHIJIA_ROOT"

ensure_java_maven
bash scripts/ensure-services.sh

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  log "building $jar"
  mvn -B -q package -DskipTests
fi

export QUARKUS_PROFILE="${QUARKUS_PROFILE:-dev}"
export QUARKUS_DATASOURCE_JDBC_URL="${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:mysql://127.0.0.1:3306/zhijia}"
export QUARKUS_DATASOURCE_USERNAME="${QUARKUS_DATASOURCE_USERNAME:-${ZHIJIA_DB_USER:-zhijia}}"
export QUARKUS_DATASOURCE_PASSWORD="${QUARKUS_DATASOURCE_PASSWORD:-${ZHIJIA_DB_PASSWORD:-zhijia}}"
export QUARKUS_REDIS_HOSTS="${QUARKUS_REDIS_HOSTS:-redis://127.0.0.1:6379}"

# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags on purpose
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
