#!/usr/bin/env bash
# Two instances share MySQL 8 and Redis; B is kill -9ed mid-burst and restarted at once. Usage: bash bench/faults/replica-kill.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault_setup
burst_start
at "$AT"; kill -KILL "$PID_B"; log "B kill -9ed at $(since_burst) s"
instance_start B
wait_ready B
log "B ready again $READY_S s after its restart"
fault_report replica-kill "$(since_burst)"
exit "${FAULT_BREACH:-0}"
