// Setting the reconciler's condition on the object it is about to apply (engine spec §4.11).
// Other condition types are removed from the *applied* object only: they belong to other reconcilers and
// stay in the store because `status.conditions` is an associative list keyed by type.
import { rfc3339, type Condition } from '../../../src-shared/krm/condition.js';

export function setReconcilerCondition(obj: Record<string, any>, type: string, msg: string, now: Date): void {
  if (!obj.status || typeof obj.status !== 'object' || Array.isArray(obj.status)) obj.status = {};
  const existing: unknown[] = Array.isArray(obj.status.conditions) ? obj.status.conditions : [];
  const next: Condition = {
    type,
    status: msg === '' ? 'True' : 'False',
    reason: msg === '' ? 'Ready' : 'Failed',
    message: msg,
    lastTransitionTime: timeText(now),
  };
  const kept: unknown[] = [];
  let found = false;
  for (let i = existing.length - 1; i >= 0; i--) {
    const c = existing[i] as Partial<Condition> | null;
    if (!c || c.type !== type) continue;
    found = true;
    const same = c.status === next.status && c.reason === next.reason && c.message === next.message;
    kept.unshift(same ? c : next);
  }
  if (!found) kept.push(next);
  obj.status.conditions = kept;
}

// Every reconcile sets a condition; format the (second-precision) time once per second.
let lastSecond = NaN;
let lastText = '';
function timeText(now: Date): string {
  const sec = Math.floor(now.getTime() / 1000);
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastText = rfc3339(now);
  }
  return lastText;
}
