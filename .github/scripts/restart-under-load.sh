#!/usr/bin/env bash
# Rolling restart under light, bounded load: a curl loop (one new connection per request, so every
# request goes through the Service's current endpoints) runs while `kubectl rollout restart` replaces
# every pod; any failed request fails the script. Proves the readiness/drain/shutdown contract.
#
# Environment:
#   BASE_URL      where the Service is reachable from the runner (e.g. a kind NodePort)
#   NAMESPACE     namespace of the Deployment
#   DEPLOYMENT    Deployment to restart (default book-library-api)
#   DURATION      minimum seconds of load (default 60); the load also covers the whole rollout
#   MAX_SECONDS   hard time cap for the load (default 420)
#   MAX_REQUESTS  hard request cap (default 3000)
#   INTERVAL      pause between requests in seconds (default 0.2: ~5/s, well under the rate limit)
#   LOAD_PATH     path requested (default /api/v1/books)
#   WARMUP_SECONDS  load before the restart begins (default 5)
#   DRAIN_SECONDS   load after the rollout completed, while old pods drain (default 15)
set -euo pipefail

: "${BASE_URL:?}" "${NAMESPACE:?}"
DEPLOYMENT="${DEPLOYMENT:-book-library-api}"
DURATION="${DURATION:-60}"
MAX_SECONDS="${MAX_SECONDS:-420}"
MAX_REQUESTS="${MAX_REQUESTS:-3000}"
INTERVAL="${INTERVAL:-0.2}"
LOAD_PATH="${LOAD_PATH:-/api/v1/books}"
ROLLOUT_TIMEOUT="${ROLLOUT_TIMEOUT:-300s}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
DRAIN_SECONDS="${DRAIN_SECONDS:-15}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stop_file="$work/stop"
result_file="$work/result"

load() {
  local deadline=$((SECONDS + MAX_SECONDS)) sent=0 failed=0 code
  while [ ! -e "$stop_file" ] && [ "$SECONDS" -lt "$deadline" ] && [ "$sent" -lt "$MAX_REQUESTS" ]; do
    sent=$((sent + 1))
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL$LOAD_PATH")" || code="000"
    if [ "$code" != "200" ]; then
      failed=$((failed + 1))
      echo "request $sent failed: HTTP $code" >&2
    fi
    sleep "$INTERVAL"
  done
  echo "$sent $failed" >"$result_file"
}

started=$SECONDS
load &
loader=$!

sleep "$WARMUP_SECONDS" # traffic flows before the restart begins
kubectl -n "$NAMESPACE" rollout restart "deployment/$DEPLOYMENT"
rollout_status=0
kubectl -n "$NAMESPACE" rollout status "deployment/$DEPLOYMENT" --timeout="$ROLLOUT_TIMEOUT" || rollout_status=$?

# Keep the load on while the old pods drain (SHUTDOWN_DRAIN_MS + in-flight) and for DURATION overall.
sleep "$DRAIN_SECONDS"
remaining=$((DURATION - (SECONDS - started)))
if [ "$remaining" -gt 0 ]; then
  sleep "$remaining"
fi
touch "$stop_file"
wait "$loader"

read -r sent failed <"$result_file"
echo "rolling restart under load: $sent requests, $failed failed, $((SECONDS - started)) s"
if [ "$rollout_status" -ne 0 ]; then
  echo "::error::the restarted rollout did not complete within $ROLLOUT_TIMEOUT"
  exit 1
fi
if [ "$sent" -eq 0 ] || [ "$failed" -ne 0 ]; then
  echo "::error::$failed of $sent requests failed during the rolling restart"
  exit 1
fi
