// Kubernetes label-selector semantics (`matchLabels` + `matchExpressions`), used by the backends to
// choose parent routes / pools for dynamic claims (engine spec §11.1). An empty selector matches all.
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export class LabelSelectorError extends Error {
  override name = 'LabelSelectorError';
}

/** Checks a selector's operators up front so a bad claim fails with a clear message. */
export function checkSelector(sel: LabelSelector | undefined): void {
  for (const e of sel?.matchExpressions ?? []) {
    const op = e.operator;
    const n = e.values?.length ?? 0;
    if (op === 'In' || op === 'NotIn') {
      if (n === 0) throw new LabelSelectorError(`label selector: values must be non-empty for operator ${op} (key ${e.key})`);
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (n > 0) throw new LabelSelectorError(`label selector: values must be empty for operator ${op} (key ${e.key})`);
    } else {
      throw new LabelSelectorError(`label selector: ${JSON.stringify(op)} is not a valid label selector operator (use In, NotIn, Exists or DoesNotExist)`);
    }
  }
}

export function matchesSelector(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !vals.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && vals.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `k=v,k2 in (a,b)` — how selectors appear in error messages. */
export function selectorText(sel: LabelSelector | undefined): string {
  const parts: string[] = [];
  for (const k of Object.keys(sel?.matchLabels ?? {}).sort()) parts.push(`${k}=${sel!.matchLabels![k]}`);
  for (const e of sel?.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'Exists') parts.push(e.key);
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}
