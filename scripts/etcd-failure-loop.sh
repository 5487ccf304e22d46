#!/bin/sh
# The etcd failure tests in a loop (issue 16: they must pass 20 times in a row): a leader SIGKILLed
# mid-reconcile, an etcd member killed, a stale write's conflict, fencing, watch resume after a
# disconnect and after a compaction, a stalled watch. Stops at the first failure and says after how many.
#   scripts/etcd-failure-loop.sh [RUNS]     (default 20)
runs=${1:-20}
cd "$(dirname "$0")/.." || exit 2
i=0
while [ "$i" -lt "$runs" ]; do
  i=$((i + 1))
  start=$(date +%s)
  if ! npx vitest run --config vitest.faults.config.ts src-main/engine/store/etcd/failover.fault.test.ts >"${TMPDIR:-/tmp}/etcd-failure-loop.log" 2>&1 ||
    ! npx vitest run src-main/engine/store/etcd/etcd-store.test.ts >>"${TMPDIR:-/tmp}/etcd-failure-loop.log" 2>&1; then
    echo "run $i of $runs FAILED after $((i - 1)) passing in a row; log: ${TMPDIR:-/tmp}/etcd-failure-loop.log"
    exit 1
  fi
  echo "run $i of $runs passed ($(($(date +%s) - start)) s, load $(cut -d' ' -f1 /proc/loadavg))"
done
echo "$runs of $runs passed in a row"
