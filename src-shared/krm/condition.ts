// The condition shape used by every Choreo kind (engine.md §2.8) and small helpers around it.
import type { KrmObject } from './object.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export function getConditions(obj: KrmObject): Condition[] {
  const conds = obj.status?.conditions;
  return Array.isArray(conds) ? (conds as Condition[]) : [];
}

export function getCondition(obj: KrmObject, type: string): Condition | undefined {
  return getConditions(obj).find((c) => c && c.type === type);
}

export function isConditionReady(obj: KrmObject, type = 'Ready'): boolean {
  return getCondition(obj, type)?.status === 'True';
}

/** RFC3339 at second precision in UTC, as Kubernetes metav1.Time prints it. */
let lastSecond = NaN;
let lastText = '';
export function rfc3339(d: Date): string {
  // memoised per second: the store formats "now" on every write
  const sec = Math.floor(d.getTime() / 1000);
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastText = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return lastText;
}

/**
 * Sets or replaces the condition of `cond.type`. The lastTransitionTime only moves when the status
 * changes, so re-writing an unchanged condition is a no-op for the store (no new resourceVersion).
 */
export function setCondition(obj: KrmObject, cond: Omit<Condition, 'lastTransitionTime'>, now: Date): Condition {
  if (!obj.status || typeof obj.status !== 'object') obj.status = {};
  const list: Condition[] = Array.isArray(obj.status.conditions) ? obj.status.conditions : [];
  const i = list.findIndex((c) => c && c.type === cond.type);
  const prev = i >= 0 ? list[i] : undefined;
  const next: Condition = {
    ...cond,
    lastTransitionTime: prev && prev.status === cond.status ? prev.lastTransitionTime : rfc3339(now),
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
  obj.status.conditions = list;
  return next;
}

/** The condition Choreo writes for a reconcile outcome: Ready/True when msg is empty, Failed/False otherwise. */
export function readyCondition(type: string, msg: string): Omit<Condition, 'lastTransitionTime'> {
  return msg === ''
    ? { type, status: 'True', reason: 'Ready', message: '' }
    : { type, status: 'False', reason: 'Failed', message: msg };
}
