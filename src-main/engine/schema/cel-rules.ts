// CEL validation rules (`x-kubernetes-validations`, engine.md §3.5 step 6), evaluated with
// @marcbachmann/cel-js (cel-env.ts: cost limits and RE2 matches() as the Kubernetes API server has them).
// Rules are compiled once per schema; `self` is the value at the rule's node, `oldSelf` the previous value
// on updates (transition rules run only then). Unchanged values are not re-checked on update ("ratcheting").
import { deepEqual } from '../apply/equal.js';
import { CelCostLimitError, compileCel, evaluateMetered, PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET } from './cel-env.js';
import type { SchemaNode } from './model.js';

export interface CelRule {
  rule: string;
  message?: string;
  /** true when the rule mentions oldSelf (a transition rule). */
  transition: boolean;
  fn?: (vars: Record<string, unknown>) => unknown;
  /** The rule does not compile: reported as an error at validation time. */
  compileError?: string;
}

export function compileRules(raw: unknown): CelRule[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw
    .filter((r) => r && typeof r.rule === 'string')
    .map((r) => {
      const out: CelRule = { rule: r.rule, message: typeof r.message === 'string' ? r.message : undefined, transition: /\boldSelf\b/.test(r.rule) };
      try {
        out.fn = compileCel(r.rule);
      } catch (e) {
        out.compileError = (e as Error).message.split('\n')[0];
      }
      return out;
    });
}

/** CEL sees integral numbers as ints (Kubernetes integers), other numbers as doubles. */
function toCel(v: unknown): unknown {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCel);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toCel(x);
    return o;
  }
  return v;
}

function typeWord(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** True when any node below has rules (so objects without rules skip the walk). */
export function hasRules(n: SchemaNode | undefined, seen = new Set<SchemaNode>()): boolean {
  if (!n || seen.has(n)) return false;
  seen.add(n);
  if (n.rules) return true;
  if (n.fields) for (const f of n.fields.values()) if (hasRules(f, seen)) return true;
  return hasRules(n.values, seen) || hasRules(n.items, seen);
}

/** What the rules of one object may still spend; below 0 once it ran out (no further rules run). */
export interface CelBudget {
  remaining: number;
}

/**
 * Evaluates every rule in the value's subtree. `old` is the previous value on update. One object's rules
 * share `budget` (RuntimeCELCostBudget); each evaluation is also limited to PerCallLimit.
 */
export function validateRules(
  value: unknown,
  node: SchemaNode,
  path: string,
  errs: string[],
  old?: { value: unknown },
  budget: CelBudget = { remaining: RUNTIME_CEL_COST_BUDGET },
): void {
  if (value === undefined || value === null || budget.remaining < 0) return;
  if (old && deepEqual(old.value, value)) return; // ratcheting: unchanged values are not re-checked
  if (node.rules) {
    for (const r of node.rules) {
      if (r.transition && !old) continue;
      const at = path === '' ? '<root>' : path;
      if (r.compileError) {
        errs.push(`${at}: Invalid value: "${typeWord(value)}": compilation failed: ${r.compileError}`);
        continue;
      }
      const run = evaluateMetered(r.fn!, old ? { self: toCel(value), oldSelf: toCel(old.value) } : { self: toCel(value) }, PER_CALL_LIMIT);
      if (run.error instanceof CelCostLimitError) {
        // the API server's texts (apiextensions-apiserver schema/cel validation)
        errs.push(`${at}: Invalid value: "${typeWord(value)}": '${run.error.message}': no further validation rules will be run due to call cost exceeds limit for rule: ${(r.message ?? r.rule).trim()}`);
        budget.remaining = -1;
        return;
      }
      if (run.cost > budget.remaining) {
        errs.push(`${at}: Invalid value: "${typeWord(value)}": validation failed due to running out of cost budget, no further validation rules will be run`);
        budget.remaining = -1;
        return;
      }
      budget.remaining -= run.cost;
      if (run.error) {
        errs.push(`${at}: Invalid value: "${typeWord(value)}": rule evaluation error: ${run.error.message.split('\n')[0]}`);
        continue;
      }
      const ok = run.value;
      if (ok !== true) errs.push(`${at}: Invalid value: "${typeWord(value)}": ${r.message ?? `failed rule: ${r.rule}`}`);
    }
  }
  if (Array.isArray(value)) {
    if (node.items) value.forEach((v, i) => validateRules(v, node.items!, `${path}[${i}]`, errs, undefined, budget));
    return;
  }
  if (typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  const oldObj = old && old.value && typeof old.value === 'object' && !Array.isArray(old.value) ? (old.value as Record<string, unknown>) : undefined;
  for (const k of Object.keys(obj)) {
    const child = node.kind === 'struct' ? node.fields!.get(k) ?? node.values : node.kind === 'map' ? node.values : undefined;
    if (!child) continue;
    const p = node.kind === 'map' ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`;
    validateRules(obj[k], child, p, errs, oldObj && k in oldObj ? { value: oldObj[k] } : undefined, budget);
  }
}
