#!/usr/bin/env bash
# Run the test suite: ensure JDK/Maven, Redis and MariaDB, then `mvn -B verify`.
# Arguments go to Maven, e.g. scripts/test.sh -Dtest=ClaimResourceTest
#
# scripts/test.sh --redis-cluster [maven args]: the Redis-touching tests (JUnit @Tag("redis"), less @Tag("heavy")) against a
# private 3-master Redis Cluster (scripts/redis-cluster.sh, base port ZHIJIA_TEST_REDIS_CLUSTER_PORT or the
# first free triple from 7101), with quarkus.redis.client-type=cluster; the cluster is stopped afterwards.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ZHIJIA_ROOT"

ensure_java_maven
bash scripts/ensure-services.sh

if [ "${1:-}" != --redis-cluster ]; then
  exec mvn -B verify "$@"
fi
shift
nodes=$(bash scripts/redis-cluster.sh start ${ZHIJIA_TEST_REDIS_CLUSTER_PORT:+"$ZHIJIA_TEST_REDIS_CLUSTER_PORT"})
base=${nodes%%,*}
base=${base##*:}
trap 'bash scripts/redis-cluster.sh stop "$base"' EXIT
started=$SECONDS
# @Tag("heavy"): the big bursts and the 50,000-entrant draw, which prove MySQL-side limits the main suite has
# proven already; the cluster step proves the Redis side (slots of multi-key scripts, pub/sub, streams).
ZHIJIA_TEST_REDIS_CLUSTER="$nodes" mvn -B test -Dgroups=redis -DexcludedGroups=fault,bench,heavy "$@"
log "redis cluster tests passed in $((SECONDS - started)) s"
