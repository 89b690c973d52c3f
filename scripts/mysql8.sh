#!/usr/bin/env bash
# The local MySQL 8 that scripts/run.sh, the browser journeys and the benchmarks use (mysql8_ensure in
# scripts/lib.sh): bash scripts/mysql8.sh start | stop | status
# Data: ZHIJIA_MYSQL_DATA (~/.local/share/zhijia/mysql8); first start's port: ZHIJIA_MYSQL_PORT
# (3306 when free, else 3307).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ZHIJIA_ROOT"

case "${1:-status}" in
  start)
    ensure_java_maven # fetches the artifact when ~/.m2 lacks it
    ZHIJIA_MARIADB=0 bash scripts/ensure-services.sh >/dev/null # libaio1, libnuma1, the MariaDB client
    mysql8_ensure
    echo "MySQL $MYSQL8_VERSION on 127.0.0.1:$MYSQL8_PORT (data $(mysql8_dir)/data)"
    ;;
  stop) mysql8_stop ;;
  status)
    if pid=$(mysql8_pid); then
      echo "MySQL $MYSQL8_VERSION running (pid $pid) on 127.0.0.1:$(cat "$(mysql8_dir)/port") (data $(mysql8_dir)/data)"
    else
      echo "MySQL not running (data $(mysql8_dir)/data)"
      exit 3
    fi
    ;;
  *) die "usage: bash scripts/mysql8.sh start | stop | status" ;;
esac
