#!/usr/bin/env bash
# `npm test`: typecheck, the layering check (.dependency-cruiser.cjs), unit tests, the fault suite, conformance (when ../shared is present) and e2e.
# Every stage prints a `name: P passed, F failed` line; the last line of this script is their sum.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
status=0
stage() { # name, command...
  local name=$1; shift
  echo "=== $name"
  "$@" 2>&1 | tee -a "$log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then echo "=== $name failed (exit $rc)"; status=1; fi
  return 0
}
typecheck() {
  if npm run --silent typecheck; then echo "typecheck: 1 passed, 0 failed"; else echo "typecheck: 0 passed, 1 failed"; return 1; fi
}
layers() {
  if npm run --silent test:layers; then echo "layers: 1 passed, 0 failed"; else echo "layers: 0 passed, 1 failed"; return 1; fi
}
stage typecheck typecheck
stage layers layers
stage unit npx vitest run
stage faults npm run --silent test:faults
if [ -d ../shared/conformance ]; then
  stage conformance npm run --silent test:conformance
else
  echo "=== conformance skipped: ../shared/conformance not present"
fi
stage e2e npx playwright test
summary=$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed' "$log" | awk '{p+=$2; f+=$4} END {printf "%d passed, %d failed\n", p, f}')
rm -f "$log"
failed=$(echo "$summary" | awk '{print $3}')
[ "${failed:-1}" -eq 0 ] || status=1
echo "$summary"
exit $status
