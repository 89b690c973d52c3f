#!/usr/bin/env bash
# Redis loses everything (FLUSHALL) mid-burst; the instances keep running. Usage: bash bench/faults/redis-flush.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault_setup
burst_start
at "$AT"; rcli FLUSHALL >/dev/null; log "Redis flushed at $(since_burst) s"
fault_report redis-flush "$(since_burst)"
exit "${FAULT_BREACH:-0}"
