// The structural type model compiled once per API from a CRD's openAPIV3Schema. Validation,
// defaulting and server-side apply all walk objects against this model (engine.md §3.5, §3.6).
import { compileRules, hasRules, type CelRule } from './cel-rules.js';
import { compilePattern, type Pattern } from './pattern.js';

export type NodeKind = 'struct' | 'map' | 'list' | 'scalar' | 'any';

export interface SchemaNode {
  kind: NodeKind;
  /** struct: declared fields. */
  fields?: Map<string, SchemaNode>;
  /** struct: unknown fields are accepted (x-kubernetes-preserve-unknown-fields). */
  allowUnknown?: boolean;
  /** map: schema of the values (undefined = free-form values). */
  values?: SchemaNode;
  /** struct/map: `x-kubernetes-map-type: atomic`. */
  atomic?: boolean;
  /** list: element schema. */
  items?: SchemaNode;
  listType?: 'atomic' | 'map' | 'set';
  listKeys?: string[];
  /** OpenAPI `type` ('' when absent). */
  type: string;
  intOrString?: boolean;
  nullable?: boolean;
  required?: string[];
  enum?: unknown[];
  pattern?: Pattern;
  patternSource?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  format?: string;
  default?: unknown;
  hasDefaults?: boolean;
  /** x-kubernetes-embedded-resource: a nested object with apiVersion, kind and metadata. */
  embedded?: boolean;
  /** x-kubernetes-validations, compiled. */
  rules?: CelRule[];
  /** The root only: some node of the tree has rules. */
  anyRules?: boolean;
}


type Raw = Record<string, any>;

const ANY: SchemaNode = { kind: 'any', type: '' };
export const anyNode = ANY;

/** Compiles one openAPIV3Schema (sub)schema. */
export function compileSchema(s: Raw | undefined): SchemaNode {
  if (!s || typeof s !== 'object') return ANY;
  const type: string = typeof s.type === 'string' ? s.type : '';
  const n: SchemaNode = { kind: 'scalar', type };
  if (s['x-kubernetes-int-or-string'] === true) n.intOrString = true;
  if (s.nullable === true) n.nullable = true;
  if (Array.isArray(s.enum)) n.enum = s.enum;
  if (typeof s.pattern === 'string') {
    try {
      n.pattern = compilePattern(s.pattern);
    } catch {
      // checkSchema reports it when the CRD loads; an uncompilable pattern matches nothing
      n.pattern = { test: () => false };
    }
    n.patternSource = s.pattern;
  }
  for (const k of ['minLength', 'maxLength', 'minimum', 'maximum', 'multipleOf', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    if (typeof s[k] === 'number') n[k] = s[k];
  }
  if (s.exclusiveMinimum === true) n.exclusiveMinimum = true;
  if (s.exclusiveMaximum === true) n.exclusiveMaximum = true;
  if (s.uniqueItems === true) n.uniqueItems = true;
  if (typeof s.format === 'string') n.format = s.format;
  if (s.default !== undefined) n.default = s.default;
  if (Array.isArray(s.required)) n.required = s.required;

  if (type === 'array' || (type === '' && s.items)) {
    n.kind = 'list';
    n.items = compileSchema(s.items);
    const lt = s['x-kubernetes-list-type'];
    n.listType = lt === 'map' || lt === 'set' ? lt : 'atomic';
    if (n.listType === 'map') n.listKeys = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  } else if (type === 'object' || (type === '' && (s.properties || s.additionalProperties))) {
    const props = s.properties && typeof s.properties === 'object' ? Object.keys(s.properties) : [];
    if (s['x-kubernetes-map-type'] === 'atomic') n.atomic = true;
    if (props.length > 0) {
      n.kind = 'struct';
      n.fields = new Map();
      for (const p of props) n.fields.set(p, compileSchema(s.properties[p]));
      if (s['x-kubernetes-preserve-unknown-fields'] === true) n.allowUnknown = true;
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        n.allowUnknown = true;
        n.values = compileSchema(s.additionalProperties);
      }
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      n.kind = 'map';
      n.values = compileSchema(s.additionalProperties);
    } else if (s.additionalProperties === false) {
      n.kind = 'struct';
      n.fields = new Map();
    } else {
      // type: object without properties = free-form (engine.md §3.5)
      n.kind = 'map';
      n.values = undefined;
    }
  } else if (type === '' && s['x-kubernetes-preserve-unknown-fields'] === true && !n.intOrString) {
    n.kind = 'any';
  }
  if (s['x-kubernetes-embedded-resource'] === true) {
    n.embedded = true;
    if (n.kind === 'struct') {
      // Kubernetes adds the type and object metadata fields to an embedded resource's schema
      n.fields = new Map(n.fields);
      if (!n.fields.has('apiVersion')) n.fields.set('apiVersion', { kind: 'scalar', type: 'string' });
      if (!n.fields.has('kind')) n.fields.set('kind', { kind: 'scalar', type: 'string' });
      if (!n.fields.has('metadata')) n.fields.set('metadata', { kind: 'map', type: 'object' });
    }
  }
  const rules = compileRules(s['x-kubernetes-validations']);
  if (rules) n.rules = rules;
  n.hasDefaults = n.default !== undefined || childHasDefaults(n);
  return n;
}

function childHasDefaults(n: SchemaNode): boolean {
  if (n.fields) for (const f of n.fields.values()) if (f.hasDefaults) return true;
  if (n.values?.hasDefaults) return true;
  if (n.items?.hasDefaults) return true;
  return false;
}

const str: SchemaNode = { kind: 'scalar', type: 'string' };
const int: SchemaNode = { kind: 'scalar', type: 'integer' };
const time: SchemaNode = { kind: 'scalar', type: 'string', nullable: true };
const strMap: SchemaNode = { kind: 'map', type: 'object', values: str };

/** Kubernetes ObjectMeta as the store and SSA see `metadata` (a CRD's own `metadata` schema is replaced). */
export const objectMetaNode: SchemaNode = {
  kind: 'struct',
  type: 'object',
  fields: new Map<string, SchemaNode>([
    ['name', str],
    ['generateName', str],
    ['namespace', str],
    ['selfLink', str],
    ['uid', str],
    ['resourceVersion', str],
    ['generation', int],
    ['creationTimestamp', time],
    ['deletionTimestamp', time],
    ['deletionGracePeriodSeconds', int],
    ['labels', strMap],
    ['annotations', strMap],
    ['finalizers', { kind: 'list', type: 'array', listType: 'set', items: str }],
    [
      'ownerReferences',
      {
        kind: 'list',
        type: 'array',
        listType: 'map',
        listKeys: ['uid'],
        items: {
          kind: 'struct',
          type: 'object',
          atomic: true,
          fields: new Map<string, SchemaNode>([
            ['apiVersion', str],
            ['kind', str],
            ['name', str],
            ['uid', str],
            ['controller', { kind: 'scalar', type: 'boolean' }],
            ['blockOwnerDeletion', { kind: 'scalar', type: 'boolean' }],
          ]),
        },
      },
    ],
    ['managedFields', { kind: 'list', type: 'array', listType: 'atomic', items: ANY }],
  ]),
};

/**
 * The model of a whole object of an API: the CRD's root schema with apiVersion, kind and metadata
 * forced to their Kubernetes shapes. A missing schema gives a free-form object.
 */
export function compileRootSchema(openAPIV3Schema: unknown): SchemaNode {
  const compiled = compileSchema(openAPIV3Schema as Raw | undefined);
  const root: SchemaNode =
    compiled.kind === 'struct'
      ? { ...compiled, fields: new Map(compiled.fields) }
      : { kind: 'struct', type: 'object', fields: new Map(), allowUnknown: true, values: compiled.kind === 'map' ? compiled.values : undefined };
  root.fields!.set('apiVersion', str);
  root.fields!.set('kind', str);
  root.fields!.set('metadata', objectMetaNode);
  root.hasDefaults = childHasDefaults(root);
  root.anyRules = hasRules(root);
  return root;
}
