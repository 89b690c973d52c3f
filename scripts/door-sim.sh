#!/usr/bin/env bash
# A door simulator (dev.zhijia.door.DoorSimulator, the same class the Java tests use): connects to the doors'
# broker as door ID with its device secret, prints its rotating QR payload ("QR zjdoor:…") every 30 s,
# sends heartbeats and answers open commands, checking their signature and expiry like a real controller.
#   scripts/door-sim.sh --door ID --secret SECRET [--mode open|fail|silent] [--broker mqtt://127.0.0.1:1883]
#                       [--prefix zhijia/doors] [--heartbeat-seconds 20]
# The broker and topic prefix default to ZHIJIA_DOORS_BROKER_URL / ZHIJIA_DOORS_TOPIC_PREFIX (the service's
# keys). On stdin: `mode open|fail|silent` switches mode, `qr` prints the current payload. Builds the jar
# when it is missing (the simulator runs from its classes and libraries).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ZHIJIA_ROOT"

app=target/quarkus-app
if [ ! -f "$app/quarkus-run.jar" ]; then
  ensure_java_maven
  log "building $app"
  mvn -B -q package -DskipTests
fi
exec java -Xmx64m -XX:TieredStopAtLevel=1 -cp "$app/app/*:$app/lib/main/*:$app/lib/boot/*" dev.zhijia.door.DoorSimulator "$@"
