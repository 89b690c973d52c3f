#!/usr/bin/env bash
# Run the test suite: ensure JDK/Maven, Redis and MariaDB, then `mvn -B verify`.
# Arguments go to Maven, e.g. scripts/test.sh -Dtest=ClaimResourceTest
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ZHIJIA_ROOT"

ensure_java_maven
bash scripts/ensure-services.sh

exec mvn -B verify "$@"
