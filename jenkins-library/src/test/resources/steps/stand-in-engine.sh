#!/bin/sh
# Stands in for `cicd canary` where a test needs a real process and real signals: it prints its progress on
# standard error, and on SIGTERM it does what the engine does (docs/steps.md): rolls back, writes its --json result
# with the phase RolledBack and the signal in the reason, says so on standard error and exits 1. With
# STAND_IN_GATE set, it succeeds once that file exists.
json=
previous=
for word in "$@"; do
  [ "$previous" = --json ] && json=$word
  previous=$word
done
if [ "${1:-}" = --version ]; then
  echo "cicd stand-in"
  exit 0
fi
trap 'printf "%s" "{\"name\": \"shop\", \"namespace\": \"prod\", \"phase\": \"RolledBack\", \"image\": \"shop:2\",
  \"trigger\": null, \"actor\": \"cicd-manager\", \"reason\": \"interrupted by SIGTERM\",
  \"message\": \"rolled back: interrupted by SIGTERM\"}" > "$json"
  echo "stand-in: SIGTERM: rolled shop back to stable" >&2
  exit 1' TERM
echo "stand-in: canary weight 25 %" >&2
while :; do
  if [ -n "${STAND_IN_GATE:-}" ] && [ -f "$STAND_IN_GATE" ]; then
    printf '%s' '{"name": "shop", "namespace": "prod", "phase": "Succeeded", "image": "shop:2", "durationSeconds": 42}' > "$json"
    echo "stand-in: promoted" >&2
    exit 0
  fi
  sleep 0.05
done
