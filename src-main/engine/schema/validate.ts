// Validation of objects against the compiled schema with Kubernetes' error texts (engine.md §3.5):
// `<path>: <Type>[: <value>][: <detail>]`, e.g.
// `spec.fieldA: Invalid value: "w": spec.fieldA in body should be at least 3 chars long`.
import type { SchemaNode } from './model.js';

/** Go-like rendering of a value inside an error message. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goValue).join(', ')}}`;
  return `map[string]interface {}{${Object.keys(v as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goValue((v as Record<string, unknown>)[k])}`)
    .join(', ')}}`;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const formats: Record<string, (v: unknown) => boolean> = {
  'date-time': (v) => typeof v !== 'string' || DATE_TIME.test(v),
  date: (v) => typeof v !== 'string' || /^\d{4}-\d{2}-\d{2}$/.test(v),
  int32: (v) => typeof v !== 'number' || (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647),
  int64: (v) => typeof v !== 'number' || Number.isInteger(v),
};

/**
 * Validates `value` (at k8s path `path`, '' = root) and pushes error strings.
 * Each schema node is compiled once into a NodeValidator (below), which knows in advance which checks the
 * node has, so a value is not checked against a dozen absent constraints.
 */
export function validateValue(value: unknown, node: SchemaNode, path: string, errs: string[]): void {
  validatorOf(node).value(value, path, errs);
}

/**
 * validateValue for a new version of a value whose previous version `old` passed validation against the
 * same schema node at the same path (a stored object): subtrees that are the very same objects as before
 * (shared by copy-on-write, so unchanged) cannot have errors and are skipped. Same errors, same order.
 */
export function validateChanged(value: unknown, old: unknown, node: SchemaNode, path: string, errs: string[]): void {
  validatorOf(node).changed(value, old, path, errs);
}

/** The validators of the schema nodes seen so far (a node never changes once compiled, model.ts). */
const validators = new WeakMap<SchemaNode, NodeValidator>();

function validatorOf(node: SchemaNode): NodeValidator {
  let v = validators.get(node);
  if (!v) validators.set(node, (v = new NodeValidator(node)));
  return v;
}

/**
 * One schema node prepared for validation: which groups of checks it has, decided once, and the validators
 * of its fields, values and items, found once (on first use, so a schema is compiled only as deep as the
 * values validated against it go). All instances share one shape, unlike SchemaNodes, whose optional
 * properties vary from node to node and make every property read a slow lookup.
 */
class NodeValidator {
  private readonly isAny: boolean;
  private readonly hasStringChecks: boolean;
  private readonly hasNumberChecks: boolean;
  /** validateChanged may compare an object with its previous version field by field. */
  private readonly comparesFields: boolean;
  /** A string, number, integer or boolean node with no check but its type (most leaves): `accepts` decides. */
  private readonly typeOnly: boolean;
  /** struct: the validators of the declared fields (made on first use). */
  private fieldValidators: Map<string, NodeValidator> | undefined;

  constructor(private readonly node: SchemaNode) {
    const n = node;
    this.isAny = n.kind === 'any';
    const checksFormat = n.format !== undefined && formats[n.format] !== undefined;
    this.hasStringChecks = n.minLength !== undefined || n.maxLength !== undefined || n.pattern !== undefined || checksFormat;
    this.hasNumberChecks = n.minimum !== undefined || n.maximum !== undefined || n.multipleOf !== undefined || checksFormat;
    // for a struct/map node without enum/int-or-string, validating an object is exactly checking it as an object
    this.comparesFields = (n.kind === 'struct' || n.kind === 'map') && !n.intOrString && !n.enum && (n.type === '' || n.type === 'object');
    this.typeOnly = n.kind === 'scalar' && !n.intOrString && !n.enum && n.format === undefined && ['string', 'integer', 'number', 'boolean'].includes(n.type) &&
      (n.type === 'string' ? !this.hasStringChecks : n.type === 'boolean' || !this.hasNumberChecks);
  }

  /**
   * True when `value` certainly passes with no error (a leaf of the right type and nothing else to check),
   * decided without the value's path: callers build the path string only when this says no.
   */
  accepts(value: unknown): boolean {
    return this.isAny || (this.typeOnly && hasType(value, this.node.type));
  }

  value(value: unknown, p: string, errs: string[]): void {
    const node = this.node;
    if (value === null) {
      if (node.nullable || this.isAny) return;
      // k8s accepts null for absent optional fields in most places; unstructured nulls for typed
      // fields are reported as a type error.
      if (node.type) errs.push(`${p}: Invalid value: "null": ${p} in body must be of type ${node.type}: "null"`);
      return;
    }
    if (this.isAny) return;
    if (node.intOrString) {
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
        errs.push(`${p}: Invalid value: ${goValue(value)}: ${p} in body must be of type integer,string: ${JSON.stringify(typeName(value))}`);
        return;
      }
    } else if (node.type && !hasType(value, node.type)) {
      const shown = isObj(value) || Array.isArray(value) ? JSON.stringify(typeName(value)) : goValue(value);
      errs.push(`${p}: Invalid value: ${shown}: ${p} in body must be of type ${node.type}: ${JSON.stringify(typeName(value))}`);
      return;
    }
    if (node.enum && !node.enum.some((e) => e === value)) {
      errs.push(`${p}: Unsupported value: ${goValue(value)}: supported values: ${node.enum.map(goValue).join(', ')}`);
    }
    if (typeof value === 'string') {
      if (this.hasStringChecks) checkString(value, node, p, errs);
    } else if (typeof value === 'number') {
      if (this.hasNumberChecks) checkNumber(value, node, p, errs);
    } else if (Array.isArray(value)) {
      this.list(value, p, errs);
    } else if (isObj(value)) {
      this.object(value, p, errs, undefined);
    }
  }

  changed(value: unknown, old: unknown, p: string, errs: string[]): void {
    if (value === old && value !== undefined) return;
    if (this.comparesFields && isObj(value) && isObj(old)) this.object(value, p, errs, old);
    else this.value(value, p, errs);
  }

  /** The validator of a struct's field `k` (declared, else the node's `values`), undefined when unchecked. */
  private field(k: string): NodeValidator | undefined {
    if (!this.fieldValidators) {
      this.fieldValidators = new Map();
      for (const [name, f] of this.node.fields!) this.fieldValidators.set(name, validatorOf(f));
    }
    const f = this.fieldValidators.get(k);
    if (f) return f;
    return this.node.values ? validatorOf(this.node.values) : undefined;
  }

  private object(value: Record<string, unknown>, p: string, errs: string[], old: Record<string, unknown> | undefined): void {
    const node = this.node;
    const keys = Object.keys(value);
    if (node.embedded) {
      for (const f of ['apiVersion', 'kind'] as const) {
        if (typeof value[f] !== 'string' || value[f] === '') errs.push(`${join(p, f)}: Required value: must not be empty`);
      }
    }
    if (node.minProperties !== undefined && keys.length < node.minProperties)
      errs.push(`${p}: Invalid value: ${keys.length}: ${p} in body should have at least ${node.minProperties} properties`);
    if (node.maxProperties !== undefined && keys.length > node.maxProperties)
      errs.push(`${p}: Too many: ${keys.length}: must have at most ${node.maxProperties} items`);
    if (node.required) for (const r of node.required) if (!(r in value) || value[r] === undefined) errs.push(`${join(p, r)}: Required value`);
    if (node.kind === 'struct') {
      for (const k of keys) {
        const f = this.field(k);
        if (!f || f.accepts(value[k])) continue;
        if (old) f.changed(value[k], old[k], join(p, k), errs);
        else f.value(value[k], join(p, k), errs);
      }
    } else if (node.kind === 'map' && node.values) {
      const f = validatorOf(node.values);
      for (const k of keys) {
        if (f.accepts(value[k])) continue;
        if (old) f.changed(value[k], old[k], `${p}[${k}]`, errs);
        else f.value(value[k], `${p}[${k}]`, errs);
      }
    }
  }

  private list(value: unknown[], p: string, errs: string[]): void {
    const node = this.node;
    if (node.minItems !== undefined && value.length < node.minItems)
      errs.push(`${p}: Invalid value: ${value.length}: ${p} in body should have at least ${node.minItems} items`);
    if (node.maxItems !== undefined && value.length > node.maxItems)
      errs.push(`${p}: Too many: ${value.length}: must have at most ${node.maxItems} items`);
    if (node.items) {
      const items = validatorOf(node.items);
      for (let i = 0; i < value.length; i++) if (!items.accepts(value[i])) items.value(value[i], `${p}[${i}]`, errs);
    }
    if (node.uniqueItems || node.listType === 'set') {
      const seen = new Set<string>();
      value.forEach((v, i) => {
        const k = JSON.stringify(v);
        if (seen.has(k)) errs.push(`${p}[${i}]: Duplicate value: ${goValue(v)}`);
        seen.add(k);
      });
    } else if (node.listType === 'map' && node.listKeys) {
      checkMapKeys(value, node, node.listKeys, p, errs);
    }
  }
}

function hasType(value: unknown, t: string): boolean {
  return t === 'string' ? typeof value === 'string'
    : t === 'integer' ? typeof value === 'number' && Number.isInteger(value)
    : t === 'number' ? typeof value === 'number'
    : t === 'boolean' ? typeof value === 'boolean'
    : t === 'object' ? isObj(value)
    : t === 'array' ? Array.isArray(value)
    : true;
}

function checkString(value: string, node: SchemaNode, p: string, errs: string[]): void {
  if (node.minLength !== undefined && value.length < 2 * node.minLength && codePoints(value) < node.minLength)
    errs.push(`${p}: Invalid value: ${goValue(value)}: ${p} in body should be at least ${node.minLength} chars long`);
  if (node.maxLength !== undefined && value.length > node.maxLength && codePoints(value) > node.maxLength)
    errs.push(`${p}: Too long: may not be more than ${node.maxLength} bytes`);
  if (node.pattern && !node.pattern.test(value))
    errs.push(`${p}: Invalid value: ${goValue(value)}: ${p} in body should match '${node.patternSource}'`);
  if (node.format && formats[node.format] && !formats[node.format]!(value))
    errs.push(`${p}: Invalid value: ${goValue(value)}: ${p} in body must be of type ${node.format}: ${goValue(value)}`);
}

function checkNumber(value: number, node: SchemaNode, p: string, errs: string[]): void {
  if (node.minimum !== undefined && (node.exclusiveMinimum ? value <= node.minimum : value < node.minimum))
    errs.push(`${p}: Invalid value: ${value}: ${p} in body should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${node.minimum}`);
  if (node.maximum !== undefined && (node.exclusiveMaximum ? value >= node.maximum : value > node.maximum))
    errs.push(`${p}: Invalid value: ${value}: ${p} in body should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${node.maximum}`);
  if (node.multipleOf !== undefined && node.multipleOf !== 0 && Math.abs(value / node.multipleOf - Math.round(value / node.multipleOf)) > 1e-9)
    errs.push(`${p}: Invalid value: ${value}: ${p} in body should be a multiple of ${node.multipleOf}`);
  if (node.format && formats[node.format] && !formats[node.format]!(value))
    errs.push(`${p}: Invalid value: ${value}: ${p} in body must be of type ${node.format}: ${value}`);
}

/** x-kubernetes-list-type map: every item has its keys (or a default for them), and no two items the same keys. */
function checkMapKeys(value: unknown[], node: SchemaNode, listKeys: string[], p: string, errs: string[]): void {
  // one item cannot be a duplicate: most such lists (conditions) have one or none
  const seen = value.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (!isObj(v)) continue;
    for (const k of listKeys) {
      if (v[k] === undefined) {
        // a key with a default is filled in by defaulting; otherwise it is required
        if (node.items?.fields?.get(k)?.default === undefined) errs.push(`${p}[${i}].${k}: Required value`);
      }
    }
    if (!seen) continue;
    // With one key its value's JSON identifies the item as well as the JSON of {key: value} would
    // (`undefined` has no JSON and is told apart by a text no JSON can be).
    const k = listKeys.length === 1 ? (JSON.stringify(v[listKeys[0]!]) ?? 'undefined') : JSON.stringify(keyObject(v, listKeys));
    if (seen.has(k)) errs.push(`${p}[${i}]: Duplicate value: ${goValue(keyObject(v, listKeys))}`);
    seen.add(k);
  }
}

/** The map keys of a list item, as an object (undefined values left out of its JSON). */
function keyObject(item: Record<string, unknown>, listKeys: string[]): Record<string, unknown> {
  const keys: Record<string, unknown> = {};
  for (const k of listKeys) keys[k] = item[k];
  return keys;
}

/**
 * Length in code points (what `[...s].length` counts, a lone surrogate as one) without building an array.
 * Callers skip it when the UTF-16 length already decides: code points ≤ length ≤ 2 × code points.
 */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}
