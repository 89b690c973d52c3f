#!/usr/bin/env bash
# mysqld is frozen (SIGSTOP) for 10 s mid-burst, then continued (SIGCONT); readiness is sampled meanwhile.
# Usage: bash bench/faults/mysql-hang.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault_setup
burst_start
at "$AT"; kill -STOP "$MYSQL_PID"; log "mysqld stopped at $(since_burst) s"
(
  while awk -v n="$(since_burst)" -v e="$((AT + 14))" 'BEGIN { exit !(n < e) }'; do
    r=$(curl -s -o /dev/null -w '%{http_code}/%{time_total}s' --max-time 8 "http://127.0.0.1:${MPORT[A]}/q/health/ready" || true)
    log "  $(since_burst) s: readiness of A $r"
    sleep 1
  done
) &
at "$((AT + 10))"; kill -CONT "$MYSQL_PID"; log "mysqld continued at $(since_burst) s"
fault_report mysql-hang "$(since_burst)"
exit "${FAULT_BREACH:-0}"
