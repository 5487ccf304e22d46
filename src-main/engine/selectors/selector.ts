// Expression selectors (engine spec §4.2): `selector.match` maps and `matchExpressions`, used as the
// `for` filter of a reconciler, by watch handlers and by `client_list` field selectors.
import { fieldValue } from './field-value.js';

export type SelectorOperator =
  | 'Equals'
  | 'DoubleEquals'
  | 'NotEquals'
  | 'In'
  | 'NotIn'
  | 'Exists'
  | 'DoesNotExist'
  | 'GreaterThan'
  | 'LessThan';

/** A selector as written in a Reconciler spec (`for.selector`, `watches[].selector`). */
export interface SelectorSpec {
  match?: Record<string, string> | null;
  matchExpressions?: Array<{ expression: string; operator?: string; values?: unknown[] }> | null;
}

export interface Requirement {
  expression: string;
  operator: SelectorOperator;
  values: string[];
}

/** A compiled filter. `null` spec (absent selector) matches nothing — a Go quirk every example relies on. */
export interface Selector {
  readonly matchesNothing: boolean;
  readonly requirements: readonly Requirement[];
  matches(object: unknown): boolean;
}

export class SelectorError extends Error {
  override name = 'SelectorError';
}

const operators = new Set<string>(['Equals', 'DoubleEquals', 'NotEquals', 'In', 'NotIn', 'Exists', 'DoesNotExist', 'GreaterThan', 'LessThan']);

/** Builds a selector; throws SelectorError when a requirement has the wrong number of values. */
export function compileSelector(spec: SelectorSpec | null | undefined): Selector {
  if (spec === null || spec === undefined) return nothing;
  const requirements: Requirement[] = [];
  for (const [expression, value] of Object.entries(spec.match ?? {})) {
    requirements.push({ expression, operator: 'Equals', values: [String(value)] });
  }
  for (const m of spec.matchExpressions ?? []) {
    // Unknown operator strings are treated as Equals (Go behaviour).
    const operator = (m.operator && operators.has(m.operator) ? m.operator : 'Equals') as SelectorOperator;
    const values = (m.values ?? []).map((v) => String(v));
    checkArity(m.expression, operator, values);
    requirements.push({ expression: m.expression, operator, values });
  }
  return {
    matchesNothing: false,
    requirements,
    matches: (object) => requirements.every((r) => requirementMatches(r, object)),
  };
}

/** A `match`-only field selector (client_list, watch builder). */
export function fieldSelector(match: Record<string, string>): Selector {
  return compileSelector({ match });
}

const nothing: Selector = { matchesNothing: true, requirements: [], matches: () => false };

function checkArity(expr: string, op: SelectorOperator, values: string[]): void {
  const fail = (want: string) => {
    throw new SelectorError(`selector requirement ${JSON.stringify(expr)}: operator ${op} needs ${want}, got ${values.length}`);
  };
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length < 1) fail('at least one value');
      break;
    case 'Equals':
    case 'DoubleEquals':
    case 'NotEquals':
      if (values.length !== 1) fail('exactly one value');
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) fail('no values');
      break;
    case 'GreaterThan':
    case 'LessThan':
      if (values.length !== 1 || !/^[+-]?\d+$/.test(values[0]!)) fail('exactly one integer value');
      break;
  }
}

export function requirementMatches(r: Requirement, object: unknown): boolean {
  const v = fieldValue(object, r.expression);
  switch (r.operator) {
    case 'Equals':
    case 'DoubleEquals':
    case 'In':
      return v.found && r.values.includes(v.value);
    case 'NotEquals':
    case 'NotIn':
      return !v.found || !r.values.includes(v.value);
    case 'Exists':
      return v.found;
    case 'DoesNotExist':
      return !v.found;
    case 'GreaterThan':
    case 'LessThan': {
      if (!v.found || !/^[+-]?\d+$/.test(v.value)) return false;
      const a = BigInt(v.value);
      const b = BigInt(r.values[0]!);
      return r.operator === 'GreaterThan' ? a > b : a < b;
    }
  }
}
