#!/usr/bin/env bash
# Every fault scenario once, one after another; the FAULT lines on stdout. Usage: bash bench/faults/all.sh
set -uo pipefail
dir="$(dirname "${BASH_SOURCE[0]}")"
rc=0
for s in replica-kill redis-flush redis-restart mysql-kill mysql-hang; do
  bash "$dir/$s.sh" || rc=1
done
exit "$rc"
