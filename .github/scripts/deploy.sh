#!/usr/bin/env bash
# Deploys one kustomize overlay with the image pinned, waits for the rollout, runs the SDK smoke test
# through a port-forward and, when the rollout or the smoke test fails, rolls the Deployment back
# (kubectl rollout undo) and exits 1. Used by deploy.yml (dev, prod) and e2e.yml (kind).
#
# Environment:
#   OVERLAY           kustomize overlay, e.g. deploy/overlays/dev (its `namespace:` is used)
#   IMAGE_REF         image to run: name:tag@sha256:digest (a registry) or name:tag (kind-loaded)
#   SMOKE_API_KEY     API key the smoke test writes with
#   ROLLOUT_TIMEOUT   how long `kubectl rollout status` waits (default 300s)
#   LOCAL_PORT        local end of the port-forward (default 18080)
set -euo pipefail

: "${OVERLAY:?kustomize overlay to apply}"
: "${IMAGE_REF:?image to deploy}"
: "${SMOKE_API_KEY:?API key for the smoke test}"
ROLLOUT_TIMEOUT="${ROLLOUT_TIMEOUT:-300s}"
LOCAL_PORT="${LOCAL_PORT:-18080}"
DEPLOYMENT=book-library-api # deploy/base/deployment.yaml; its Service has the same name
MANIFEST_IMAGE=book-library-api # the image name the base manifests use

namespace="$(awk '$1 == "namespace:" { print $2; exit }' "$OVERLAY/kustomization.yaml")"
if [ -z "$namespace" ]; then
  echo "::error::$OVERLAY/kustomization.yaml sets no namespace" >&2
  exit 1
fi

revision_count() {
  kubectl -n "$namespace" rollout history "deployment/$DEPLOYMENT" 2>/dev/null | grep -cE '^[0-9]+[[:space:]]'
}

rollback() {
  echo "::error::$1: rolling back deployment/$DEPLOYMENT in $namespace"
  if [ "$(revision_count)" -ge 2 ]; then
    kubectl -n "$namespace" rollout undo "deployment/$DEPLOYMENT"
    kubectl -n "$namespace" rollout status "deployment/$DEPLOYMENT" --timeout="$ROLLOUT_TIMEOUT"
    echo "rolled back to the previous revision"
  else
    echo "::error::first rollout of deployment/$DEPLOYMENT: there is no previous revision to return to"
  fi
  exit 1
}

port_forward_pid=""
stop_port_forward() {
  if [ -n "$port_forward_pid" ] && kill -0 "$port_forward_pid" 2>/dev/null; then
    kill "$port_forward_pid"
  fi
  port_forward_pid=""
}
trap stop_port_forward EXIT

smoke_test() {
  kubectl -n "$namespace" port-forward "svc/$DEPLOYMENT" "$LOCAL_PORT:80" >"${RUNNER_TEMP:-/tmp}/port-forward.log" 2>&1 &
  port_forward_pid=$!
  local base_url="http://127.0.0.1:$LOCAL_PORT"
  local ready=""
  for _ in $(seq 1 30); do
    if curl -fsS -o /dev/null --max-time 2 "$base_url/ready"; then
      ready=yes
      break
    fi
    sleep 1
  done
  if [ -z "$ready" ]; then
    echo "::error::$base_url/ready did not answer 200 within 30 s"
    cat "${RUNNER_TEMP:-/tmp}/port-forward.log"
    stop_port_forward
    return 1
  fi
  local status=0
  SMOKE_BASE_URL="$base_url" SMOKE_API_KEY="$SMOKE_API_KEY" npm run smoke || status=$?
  stop_port_forward
  return "$status"
}

(cd "$OVERLAY" && kustomize edit set image "$MANIFEST_IMAGE=$IMAGE_REF")
echo "Deploying $IMAGE_REF to namespace $namespace ($OVERLAY)"

kubectl apply -k "$OVERLAY" || rollback "kubectl apply failed"
kubectl -n "$namespace" rollout status "deployment/$DEPLOYMENT" --timeout="$ROLLOUT_TIMEOUT" ||
  rollback "the rollout did not complete within $ROLLOUT_TIMEOUT"
smoke_test || rollback "the smoke test failed"
echo "deployed $IMAGE_REF to $namespace"
