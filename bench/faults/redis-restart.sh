#!/usr/bin/env bash
# The private redis-server is killed mid-burst and started again 3 s later, empty (no persistence).
# Usage: bash bench/faults/redis-restart.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault_setup
burst_start
at "$AT"; kill -KILL "$REDIS_PID"; log "Redis killed at $(since_burst) s"
sleep 3; redis_start; log "Redis back (empty) at $(since_burst) s"
fault_report redis-restart "$(since_burst)"
exit "${FAULT_BREACH:-0}"
