#!/usr/bin/env bash
# mysqld is kill -9ed mid-burst and restarted on the same data directory (InnoDB crash recovery).
# Usage: bash bench/faults/mysql-kill.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault_setup
burst_start
at "$AT"; kill -KILL "$MYSQL_PID"; log "mysqld kill -9ed at $(since_burst) s"
sleep 2; mysql_start; log "mysqld back at $(since_burst) s"
fault_report mysql-kill "$(since_burst)"
exit "${FAULT_BREACH:-0}"
