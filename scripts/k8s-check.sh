#!/usr/bin/env bash
# Renders every Kubernetes overlay (k8s/overlays/*) with kubectl's kustomize into target/k8s/ — a render
# error fails here — and checks what they say (K8sManifestsTest: keys, probes, ports, pinned images,
# resources, securityContext, PDB, HPA, NetworkPolicy, Ingress /api only, pool × replicas ≤ max_connections).
#
#   bash scripts/k8s-check.sh                # render and check
#   bash scripts/k8s-check.sh --render-only  # render (CI: the suite that follows runs the check)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ZHIJIA_ROOT"

# kubectl comes from the machines' own package source (Debian's archive carries none): where it cannot be
# installed the render is skipped with a warning, and K8sManifestsTest skips itself the same way.
(ensure_commands kubectl:kubectl) || true
if ! command -v kubectl >/dev/null 2>&1; then
  log "WARNING: kubectl is not installable here: k8s overlays not rendered or checked"
  exit 0
fi
mkdir -p target/k8s
for overlay in k8s/overlays/*/; do
  name=$(basename "$overlay")
  kubectl kustomize "$overlay" > "target/k8s/$name.yaml"
  log "k8s: rendered $name ($(grep -c '^kind:' "target/k8s/$name.yaml") objects)"
done
if [ "${1:-}" = --render-only ]; then
  exit 0
fi
ensure_java_maven
mvn -B -q test -Dtest=K8sManifestsTest -Dsurefire.failIfNoSpecifiedTests=false
log "k8s: every overlay checked"
