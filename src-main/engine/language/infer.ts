// A small, best-effort type inference for Starlark, enough to know that `self` in a reconciler is the
// for-kind's object, that `rsp["resource"]` of `client_get(..., {"apiVersion": ..., "kind": "Node"})` is a
// Node, and so that `obj["spec"]["` can complete the CRD's spec fields. It follows assignments, for loops,
// tuple unpacking, dict literals, `.get()`, host builtins and calls of the project's own functions (their
// return statements, with the arguments' types bound to the parameters). Unknown stays unknown: no guess.
import type { JsonSchemaEntry } from '../../../src-shared/ipc/channels/engine.js';
import { decodeUtf8 } from '../starlark/index.js';
import { UNIVERSE_CONSTANTS } from '../starlark/signatures.js';
import type { Call, DefStmt, Expr, Ident, Stmt } from '../starlark/syntax/ast.js';
import type { FileAnalysis } from './analysis.js';
import type { Workspace } from './workspace.js';

export type Schema = Record<string, unknown>;

export type Ty =
  /** A part of a KRM object that a CRD describes; `path` leads from the object to it. */
  | { k: 'schema'; schema: Schema; entry: JsonSchemaEntry; path: string[] }
  | { k: 'str' }
  | { k: 'int' }
  | { k: 'float' }
  | { k: 'bool' }
  | { k: 'none' }
  | { k: 'list'; item?: Ty }
  | { k: 'tuple'; items: (Ty | undefined)[] }
  /** A dict whose keys we know (a literal, or a host builtin's result). */
  | { k: 'dict'; fields: Map<string, Ty | undefined>; label?: string }
  | { k: 'func'; fa: FileAnalysis; def: DefStmt }
  | { k: 'builtin'; name: string; host: boolean }
  | { k: 'method'; receiver: string; name: string; of?: Ty };

/** Parameter types given by a caller: the parameter's identifier → type. */
export type Env = Map<Ident, Ty | undefined>;

const MAX_DEPTH = 40;

/** `string`, `list`, `dict`, ... as `type()` names the value (undefined when unknown). */
export function typeNameOf(t: Ty | undefined): string | undefined {
  if (!t) return undefined;
  switch (t.k) {
    case 'schema':
      switch (schemaType(t.schema)) {
        case 'object':
          return 'dict';
        case 'array':
          return 'list';
        case 'string':
          return 'string';
        case 'integer':
          return 'int';
        case 'number':
          return 'float';
        case 'boolean':
          return 'bool';
        default:
          return undefined;
      }
    case 'str':
      return 'string';
    case 'none':
      return 'NoneType';
    case 'func':
      return 'function';
    case 'builtin':
    case 'method':
      return 'builtin_function_or_method';
    default:
      return t.k;
  }
}

export function schemaType(s: Schema): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (s.properties || s.additionalProperties || s['x-kubernetes-preserve-unknown-fields']) return 'object';
  if (s.items) return 'array';
  return undefined;
}

/** Readable type: `Node (infra.kuid.dev/v1alpha1)`, `Node.spec: object`, `list of Interface`, `rsp dict`. */
export function describeType(t: Ty | undefined): string {
  if (!t) return 'unknown';
  switch (t.k) {
    case 'schema':
      if (!t.path.length) return `${t.entry.kind} (${t.entry.apiVersion})`;
      return `${t.entry.kind}.${t.path.join('.')}: ${schemaLabel(t.schema)}`;
    case 'list':
      return t.item ? `list of ${describeType(t.item)}` : 'list';
    case 'tuple':
      return `tuple (${t.items.map(describeType).join(', ')})`;
    case 'dict':
      return t.label ?? (t.fields.size ? `dict {${[...t.fields.keys()].map((k) => JSON.stringify(k)).join(', ')}}` : 'dict');
    case 'func':
      return 'function';
    case 'builtin':
      return t.host ? 'host builtin' : 'builtin';
    case 'method':
      return `${t.receiver} method`;
    default:
      return typeNameOf(t) ?? t.k;
  }
}

export function schemaLabel(s: Schema): string {
  const t = schemaType(s);
  if (t === 'array') {
    const items = s.items as Schema | undefined;
    return items ? `list of ${schemaLabel(items)}` : 'list';
  }
  if (Array.isArray(s.enum)) return `${t ?? 'value'} (${s.enum.map((v) => JSON.stringify(v)).join(' | ')})`;
  return t ?? 'any';
}

/** The properties a schema object lists (own, and from allOf parts). */
export function schemaProperties(s: Schema): Record<string, Schema> {
  const props: Record<string, Schema> = { ...((s.properties as Record<string, Schema> | undefined) ?? {}) };
  for (const part of (s.allOf as Schema[] | undefined) ?? []) Object.assign(props, schemaProperties(part));
  return props;
}

function objectType(entry: JsonSchemaEntry): Ty {
  return { k: 'schema', schema: entry.schema as Schema, entry, path: [] };
}

/** The rsp dict the client builtins return. */
function rsp(resource: Ty | undefined): Ty {
  return { k: 'dict', label: `rsp dict (resource: ${describeType(resource)})`, fields: new Map<string, Ty | undefined>([['fatal', { k: 'bool' }], ['error', { k: 'str' }], ['resource', resource]]) };
}

export class Inferer {
  /** Identifiers whose type is being computed (a cycle ends as unknown). */
  private readonly busy = new Set<object>();
  /** Types of identifiers outside any caller's bindings (env empty), and of calls by argument types. */
  private readonly identMemo = new Map<Ident, Ty | undefined>();
  private readonly returnMemo = new Map<DefStmt, Map<string, Ty | undefined>>();

  constructor(private readonly ws: Workspace) {}

  typeOf(fa: FileAnalysis, e: Expr, env: Env = new Map(), depth = 0): Ty | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (e.kind) {
      case 'Literal':
        if (typeof e.value === 'string') return e.isBytes ? undefined : { k: 'str' };
        return e.isFloat ? { k: 'float' } : { k: 'int' };
      case 'Ident':
        return this.identType(fa, e, env, depth);
      case 'List':
        return { k: 'list', item: e.elems[0] ? this.typeOf(fa, e.elems[0], env, depth + 1) : undefined };
      case 'Tuple':
        return { k: 'tuple', items: e.elems.map((x) => this.typeOf(fa, x, env, depth + 1)) };
      case 'Dict': {
        const fields = new Map<string, Ty | undefined>();
        const consts = new Map<string, string>();
        for (const en of e.entries) {
          const key = this.constString(fa, en.key, depth + 1);
          if (key === undefined) continue;
          fields.set(key, this.typeOf(fa, en.value, env, depth + 1));
          const v = this.constString(fa, en.value, depth + 1);
          if (v !== undefined) consts.set(key, v);
        }
        const kind = consts.get('kind');
        if (kind) {
          const entry = this.ws.schemaFor(consts.get('apiVersion'), kind);
          if (entry) return objectType(entry);
        }
        return { k: 'dict', fields };
      }
      case 'Comp':
        if (e.curly) return { k: 'dict', fields: new Map() };
        return { k: 'list', item: e.body.kind === 'DictEntry' ? undefined : this.typeOf(fa, e.body, env, depth + 1) };
      case 'Index':
        return this.indexType(this.typeOf(fa, e.x, env, depth + 1), fa, e.index, depth + 1);
      case 'Slice': {
        const t = this.typeOf(fa, e.x, env, depth + 1);
        return t?.k === 'str' || t?.k === 'list' ? t : undefined;
      }
      case 'Dot': {
        const of = this.typeOf(fa, e.x, env, depth + 1);
        const receiver = typeNameOf(of);
        return { k: 'method', receiver: receiver ?? 'unknown', name: e.name, ...(of ? { of } : {}) };
      }
      case 'Call':
        return this.callType(fa, e, env, depth + 1);
      case 'Binary': {
        if (['==', '!=', '<', '>', '<=', '>=', 'in', 'not in'].includes(e.op)) return { k: 'bool' };
        const x = this.typeOf(fa, e.x, env, depth + 1);
        if (e.op === 'and' || e.op === 'or') return x ?? this.typeOf(fa, e.y, env, depth + 1);
        if (e.op === '%' && x?.k === 'str') return x;
        if (e.op === '+') return x ?? this.typeOf(fa, e.y, env, depth + 1);
        return x?.k === 'int' || x?.k === 'float' ? x : undefined;
      }
      case 'Unary':
        return e.op === 'not' ? { k: 'bool' } : this.typeOf(fa, e.x, env, depth + 1);
      case 'Cond':
        return this.typeOf(fa, e.t, env, depth + 1) ?? this.typeOf(fa, e.f, env, depth + 1);
      case 'Lambda':
        return undefined;
    }
  }

  /** The string a constant expression always has: a literal, a name assigned one literal, or a sum of those. */
  constString(fa: FileAnalysis, e: Expr, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (e.kind === 'Literal') return typeof e.value === 'string' && !e.isBytes ? decodeUtf8(e.value) : undefined;
    if (e.kind === 'Binary' && e.op === '+') {
      const a = this.constString(fa, e.x, depth + 1);
      const b = a === undefined ? undefined : this.constString(fa, e.y, depth + 1);
      return a !== undefined && b !== undefined ? a + b : undefined;
    }
    if (e.kind === 'Ident' && e.binding) {
      const b = e.binding;
      if (b.scope === 'global' && (b as { fileLocal?: boolean }).fileLocal) {
        const t = this.ws.loadTarget(fa, e);
        const first = t?.binding.first;
        return first ? this.constString(t.fa, first, depth + 1) : undefined;
      }
      const sites = b.first ? fa.assigns.get(b.first) : undefined;
      if (sites?.length === 1 && !sites[0]!.iter && sites[0]!.path.length === 0) return this.constString(fa, sites[0]!.rhs, depth + 1);
    }
    return undefined;
  }

  /** The object type of a kind named by constant strings (`get_resource("a/v1", "K")`). */
  kindType(apiVersion: string | undefined, kind: string | undefined): Ty | undefined {
    if (!kind) return undefined;
    const entry = this.ws.schemaFor(apiVersion, kind);
    return entry ? objectType(entry) : undefined;
  }

  identType(fa: FileAnalysis, id: Ident, env: Env, depth: number): Ty | undefined {
    const b = id.binding;
    if (!b) return undefined;
    if (b.scope === 'universal') {
      const c = UNIVERSE_CONSTANTS[b.name];
      if (c) return c.name === 'None' ? { k: 'none' } : { k: 'bool' };
      return { k: 'builtin', name: b.name, host: false };
    }
    if (b.scope === 'predeclared') return { k: 'builtin', name: b.name, host: true };
    if (b.scope === 'undefined' || !b.first) return undefined;
    if ((b as { fileLocal?: boolean }).fileLocal) {
      const t = this.ws.loadTarget(fa, id);
      return t?.binding.first ? this.identType(t.fa, t.binding.first, new Map(), depth + 1) : undefined;
    }
    const key = b.first;
    if (env.has(key)) return env.get(key);
    const def = fa.defs.get(key);
    if (def) return { k: 'func', fa, def };
    const memoable = env.size === 0;
    if (memoable && this.identMemo.has(key)) return this.identMemo.get(key);
    if (this.busy.has(key)) {
      return undefined;
    }
    this.busy.add(key);
    let result: Ty | undefined;
    try {
      const param = fa.params.get(key);
      if (param) result = this.paramType(fa, param.scope.node as DefStmt, param.index, depth + 1);
      else {
        for (const site of fa.assigns.get(key) ?? []) {
          let t = this.typeOf(fa, site.rhs, env, depth + 1);
          if (site.iter) t = elementType(t);
          for (const i of site.path) t = t?.k === 'tuple' ? t.items[i] : undefined;
          if (t) {
            result = t;
            break;
          }
        }
      }
    } finally {
      this.busy.delete(key);
    }
    // A cycle may have cut this short; remembering the answer anyway keeps cyclic call graphs linear.
    if (memoable) this.identMemo.set(key, result);
    return result;
  }

  /** The type of parameter `index` of `def`: a reconciler's object, a kind library's `self`, or what callers pass. */
  private paramType(fa: FileAnalysis, def: DefStmt, index: number, depth: number): Ty | undefined {
    if (def.kind !== 'Def') return undefined;
    const param = def.params[index];
    const topLevel = fa.ast?.stmts.includes(def) ?? false;
    if (topLevel && index === 0) {
      const rec = this.ws.reconcilerOf(fa.path);
      if (rec?.for && def.name.name === 'reconcile') {
        const entry = this.ws.schemaForRef(rec.for);
        if (entry) return objectType(entry);
      }
      const kind = param?.name?.name === 'self' ? this.ws.kindOfLibrary(fa.path) : undefined;
      if (kind) {
        const entry = this.ws.schemaForRef(kind);
        if (entry) return objectType(entry);
      }
    }
    // What callers pass: calls in this file, then in the files that load it.
    for (const site of this.callersOf(fa, def)) {
      const arg = argumentFor(site.call, def, index);
      const t = arg ? this.typeOf(site.fa, arg, new Map(), depth + 1) : undefined;
      if (t) return t;
    }
    if (param?.default) return this.typeOf(fa, param.default, new Map(), depth + 1);
    return undefined;
  }

  /** Calls of a top-level def: in its own file, and through load() in other files (at most 8). */
  private *callersOf(fa: FileAnalysis, def: DefStmt): Generator<{ fa: FileAnalysis; call: Call }> {
    let n = 0;
    for (const c of fa.calls) {
      if (c.call.fn.kind === 'Ident' && c.call.fn.binding?.first === def.name) {
        yield { fa, call: c.call };
        if (++n >= 8) return;
      }
    }
    const module = this.ws.moduleOf(fa.path);
    if (!module) return;
    for (const path of this.ws.paths()) {
      if (path === fa.path) continue;
      const other = this.ws.analysis(path);
      if (!other) continue;
      const locals = new Set<Ident>();
      for (const l of other.loads) if (l.module === module) for (const nm of l.names) if (nm.orig === def.name.name) locals.add(nm.local);
      if (!locals.size) continue;
      for (const c of other.calls) {
        const f = c.call.fn;
        if (f.kind === 'Ident' && f.binding?.first && locals.has(f.binding.first)) {
          yield { fa: other, call: c.call };
          if (++n >= 8) return;
        }
      }
    }
  }

  private callType(fa: FileAnalysis, call: Call, env: Env, depth: number): Ty | undefined {
    const fn = this.typeOf(fa, call.fn, env, depth + 1);
    if (!fn) return undefined;
    const arg = (i: number): Expr | undefined => {
      const a = call.args[i];
      return a && a.kind === 'pos' ? a.value : undefined;
    };
    const argType = (i: number) => {
      const a = arg(i);
      return a ? this.typeOf(fa, a, env, depth + 1) : undefined;
    };
    const argString = (i: number) => {
      const a = arg(i);
      return a ? this.constString(fa, a, depth + 1) : undefined;
    };
    if (fn.k === 'builtin' && fn.host) {
      switch (fn.name) {
        case 'client_get':
          return rsp(argType(2));
        case 'client_list': {
          const item = argType(0);
          return rsp({ k: 'dict', fields: new Map<string, Ty | undefined>([['apiVersion', { k: 'str' }], ['kind', { k: 'str' }], ['items', { k: 'list', item }]]) });
        }
        case 'client_create':
        case 'client_update':
        case 'client_update_status':
        case 'add_finalizer':
        case 'del_finalizer':
          return rsp(argType(0));
        case 'client_apply':
        case 'client_delete':
          return rsp({ k: 'none' });
        case 'get_resource':
          return rsp(this.kindType(argString(0), argString(1)));
        case 'reconcile_result':
          return { k: 'dict', label: 'result dict', fields: new Map<string, Ty | undefined>([['fatal', { k: 'bool' }], ['error', { k: 'str' }], ['requeue', { k: 'bool' }], ['requeueAfter', { k: 'int' }]]) };
        case 'get_prefixlength':
          return { k: 'int' };
        case 'get_address':
        case 'get_subnetname':
        case 'secret':
          return { k: 'str' };
        case 'config':
          return undefined;
        default:
          return { k: 'bool' };
      }
    }
    if (fn.k === 'builtin') {
      switch (fn.name) {
        case 'str':
        case 'repr':
        case 'type':
        case 'chr':
          return { k: 'str' };
        case 'len':
        case 'int':
        case 'hash':
        case 'ord':
        case 'abs':
          return { k: 'int' };
        case 'float':
          return { k: 'float' };
        case 'bool':
        case 'any':
        case 'all':
        case 'hasattr':
          return { k: 'bool' };
        case 'list':
        case 'sorted':
        case 'reversed':
          return { k: 'list', item: elementType(argType(0)) };
        case 'tuple':
          return { k: 'tuple', items: [] };
        case 'dict':
          return { k: 'dict', fields: new Map() };
        case 'enumerate':
          return { k: 'list', item: { k: 'tuple', items: [{ k: 'int' }, elementType(argType(0))] } };
        case 'range':
          return { k: 'list', item: { k: 'int' } };
        case 'min':
        case 'max':
          return call.args.length === 1 ? elementType(argType(0)) : argType(0);
        default:
          return undefined;
      }
    }
    if (fn.k === 'func') return this.returnType(fn.fa, fn.def, call, fa, env, depth + 1);
    if (fn.k === 'method') return this.methodResult(fn, fa, call, env, depth + 1);
    return undefined;
  }

  /** What a call of the project's function returns: its first return whose type is known, parameters bound. */
  private returnType(defFa: FileAnalysis, def: DefStmt, call: Call, callerFa: FileAnalysis, callerEnv: Env, depth: number): Ty | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const env: Env = new Map();
    def.params.forEach((p, i) => {
      if (!p.name) return;
      const a = argumentFor(call, def, i);
      if (a) env.set(p.name, this.typeOf(callerFa, a, callerEnv, depth + 1));
    });
    // The same function called with arguments of the same types returns the same type.
    const memoKey = [...env.values()].map(typeKey).join('|');
    const memo = this.returnMemo.get(def) ?? new Map<string, Ty | undefined>();
    this.returnMemo.set(def, memo);
    if (memo.has(memoKey)) return memo.get(memoKey);
    if (this.busy.has(def)) {
      return undefined;
    }
    this.busy.add(def);
    let result: Ty | undefined;
    try {
      for (const r of returnsOf(def.body)) {
        const t = r ? this.typeOf(defFa, r, env, depth + 1) : undefined;
        if (t && t.k !== 'none') {
          result = t;
          break;
        }
      }
    } finally {
      this.busy.delete(def);
    }
    memo.set(memoKey, result);
    return result;
  }

  private methodResult(m: Extract<Ty, { k: 'method' }>, fa: FileAnalysis, call: Call, env: Env, depth: number): Ty | undefined {
    const of = m.of;
    const first = call.args[0]?.kind === 'pos' ? call.args[0].value : undefined;
    switch (m.receiver) {
      case 'dict':
        switch (m.name) {
          case 'get':
          case 'pop':
          case 'setdefault': {
            const t = first ? this.indexType(of, fa, first, depth + 1) : undefined;
            if (t) return t;
            const def = call.args[1]?.kind === 'pos' ? call.args[1].value : undefined;
            return def ? this.typeOf(fa, def, env, depth + 1) : undefined;
          }
          case 'keys':
            return { k: 'list', item: { k: 'str' } };
          case 'values':
            return { k: 'list', item: valueType(of) };
          case 'items':
            return { k: 'list', item: { k: 'tuple', items: [{ k: 'str' }, valueType(of)] } };
          case 'popitem':
            return { k: 'tuple', items: [{ k: 'str' }, valueType(of)] };
          default:
            return undefined;
        }
      case 'list':
        return m.name === 'pop' ? elementType(of) : m.name === 'index' ? { k: 'int' } : undefined;
      case 'string':
        switch (m.name) {
          case 'split':
          case 'rsplit':
          case 'splitlines':
            return { k: 'list', item: { k: 'str' } };
          case 'partition':
          case 'rpartition':
            return { k: 'tuple', items: [{ k: 'str' }, { k: 'str' }, { k: 'str' }] };
          case 'find':
          case 'rfind':
          case 'index':
          case 'rindex':
          case 'count':
            return { k: 'int' };
          case 'startswith':
          case 'endswith':
            return { k: 'bool' };
          default:
            return m.name.startsWith('is') ? { k: 'bool' } : { k: 'str' };
        }
      default:
        return undefined;
    }
  }

  /** `x[key]`: a schema property, a known dict field, a list element. */
  indexType(x: Ty | undefined, fa: FileAnalysis, key: Expr, depth: number): Ty | undefined {
    if (!x) return undefined;
    const k = this.constString(fa, key, depth + 1);
    if (x.k === 'schema') {
      const t = schemaType(x.schema);
      if (t === 'object' && k !== undefined) {
        const prop = schemaProperties(x.schema)[k];
        if (prop) return { ...x, schema: prop, path: [...x.path, k] };
        const extra = x.schema.additionalProperties;
        if (extra && typeof extra === 'object') return { ...x, schema: extra as Schema, path: [...x.path, k] };
        return undefined;
      }
      if (t === 'array' && k === undefined) return elementType(x);
      return undefined;
    }
    if (x.k === 'dict' && k !== undefined) return x.fields.get(k);
    if (x.k === 'list') return x.item;
    if (x.k === 'tuple' && key.kind === 'Literal' && typeof key.value === 'number') return x.items[key.value];
    if (x.k === 'str') return x;
    return undefined;
  }
}

/** A key that tells types apart well enough for memoising calls. */
function typeKey(t: Ty | undefined): string {
  if (!t) return '?';
  switch (t.k) {
    case 'schema':
      return `S:${t.entry.apiVersion}/${t.entry.kind}:${t.path.join('.')}`;
    case 'list':
      return `L(${typeKey(t.item)})`;
    case 'tuple':
      return `T(${t.items.map(typeKey).join(',')})`;
    case 'dict':
      return `D(${[...t.fields].map(([k, v]) => `${k}:${typeKey(v)}`).join(',')})`;
    case 'func':
      return `F:${t.fa.path}:${t.def.line}`;
    case 'builtin':
      return `B:${t.name}`;
    case 'method':
      return `M:${t.receiver}.${t.name}`;
    default:
      return t.k;
  }
}

/** The type of the elements of an iterable (a for loop's variable). */
export function elementType(t: Ty | undefined): Ty | undefined {
  if (!t) return undefined;
  switch (t.k) {
    case 'list':
      return t.item;
    case 'tuple':
      return t.items.find(Boolean);
    case 'str':
      return t;
    case 'dict':
      return { k: 'str' };
    case 'schema': {
      const st = schemaType(t.schema);
      if (st === 'array' && t.schema.items) return { ...t, schema: t.schema.items as Schema, path: [...t.path.slice(0, -1), `${t.path[t.path.length - 1] ?? ''}[]`] };
      if (st === 'object') return { k: 'str' };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The values of a dict-like type, when they share one type. */
function valueType(t: Ty | undefined): Ty | undefined {
  if (t?.k === 'schema' && t.schema.additionalProperties && typeof t.schema.additionalProperties === 'object') {
    return { ...t, schema: t.schema.additionalProperties as Schema, path: [...t.path, '*'] };
  }
  return undefined;
}

/** The argument a call passes for parameter `index` of `def` (positional, or by name). */
export function argumentFor(call: Call, def: DefStmt, index: number): Expr | undefined {
  const param = def.params[index];
  const named = call.args.find((a) => a.kind === 'named' && a.name === param?.name?.name);
  if (named) return named.value;
  const positional = call.args.filter((a) => a.kind === 'pos');
  return param && (param.kind === 'plain' || param.kind === 'default') ? positional[index]?.value : undefined;
}

/** The return expressions of a function body (not of nested defs); undefined for a bare `return`. */
function returnsOf(body: Stmt[]): (Expr | undefined)[] {
  const out: (Expr | undefined)[] = [];
  const visit = (stmts: Stmt[]) => {
    for (const s of stmts) {
      if (s.kind === 'Return') out.push(s.x);
      else if (s.kind === 'If') {
        visit(s.then);
        visit(s.else);
      } else if (s.kind === 'For' || s.kind === 'While') visit(s.body);
    }
  };
  visit(body);
  return out;
}
