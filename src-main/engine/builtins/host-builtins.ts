// The Choreo host builtins predeclared for reconcilers and libraries (engine spec §4.8, starlark spec §5),
// for both API generations: `reconcile_result` with 6 (profile A) or 5 (profile B) arguments and both
// spellings of the IP tests. Builtins are created once per reconciler; they act on the reconcile that is
// running through the `ReconcileScope` the runtime installs (reconciles of one runtime never overlap).
import type { KrmObject } from '../../../src-shared/krm/object.js';
import {
  Builtin,
  Dict,
  Float,
  List,
  decodeUtf8,
  encodeUtf8,
  fromStarlark,
  runtimeError,
  toStarlark,
  typeName,
  type Json,
  type Kwargs,
  type ThreadLike,
  type Value,
} from '../starlark/index.js';
import type { WriteVia } from '../../../src-shared/insight/provenance.js';
import { HOST_BUILTIN_SIGNATURES, hostSignature, type HostParamType } from './host-builtin-signatures.js';
import type { Signature } from '../starlark/signatures.js';
import { addressOf, isIPv4, isIPv6, prefixLength, subnetName } from './ip.js';
import { dictToObject } from './self-dict.js';

export { dictToObject, selfDict } from './self-dict.js';

/** What the builtins need from the reconcile in progress. Methods throw errors carrying a `code`. */
export interface ReconcileScope {
  readonly reconcilerName: string;
  clientGet(apiVersion: string, kind: string, namespace: string, name: string): KrmObject;
  clientList(apiVersion: string, kind: string, match: Record<string, string>): KrmObject[];
  /** Registers a child of the for object; returns it with the owner reference set. */
  registerChild(obj: KrmObject): KrmObject;
  applyChildren(): void;
  deleteChildren(): void;
  /** Direct server-side apply with the reconciler as field manager (no pruning). */
  update(obj: KrmObject): KrmObject;
  /** Profile A `reconcile_result`: prune, set the condition, apply the for object. */
  applyResultObject(obj: KrmObject, conditionType: string, msg: string): void;
  /**
   * Field provenance (when the run records it): `obj` (absent: the for object), converted from the
   * Starlark `value`, is written through `via`; `thread` is at the builtin's call (Thread.callers holds
   * its call stack).
   */
  noteWrite?(via: WriteVia, thread: ThreadLike, value: Value, obj?: KrmObject): void;
  /** Field provenance: client_apply was called (it applies the children noted since the reconcile began). */
  noteApply?(thread: ThreadLike): void;
}

/** Which `reconcile_result` wording to use for argument counts other than 5 and 6. */
export type ApiGeneration = 'A' | 'B';

export interface HostBuiltinsOptions {
  /** The reconcile in progress (undefined while a module's top level runs). */
  scope: () => ReconcileScope | undefined;
  generation: ApiGeneration;
}

interface Param {
  name: string;
  type: HostParamType;
}

/** The parameters of a host builtin's signature (./host-builtin-signatures.ts), as `unpack` checks them. */
function paramsOf(sig: Signature): Param[] {
  return sig.params.map((p) => ({ name: p.name, type: (p.type ?? 'any') as HostParamType }));
}
const paramCache = new Map<string, Param[]>();
function params(fn: string): Param[] {
  let list = paramCache.get(fn);
  if (!list) paramCache.set(fn, (list = paramsOf(hostSignature(fn))));
  return list;
}

/** An argument error with Go's UnpackArgs wording; `partial` holds the values unpacked before it. */
class UnpackError extends Error {
  constructor(
    message: string,
    readonly partial: Value[],
  ) {
    super(message);
  }
}

// Go bindings unpack positional arguments only and drop keyword arguments silently (a quirk we keep).
function unpack(fn: string, args: Value[], params: Param[]): Value[] {
  if (args.length > params.length) throw new UnpackError(`${fn}: got ${args.length} arguments, want at most ${params.length}`, []);
  const out: Value[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (i >= args.length) throw new UnpackError(`${fn}: missing argument for ${p.name}`, out);
    const v = args[i]!;
    if (!hasType(v, p.type)) throw new UnpackError(`${fn}: for parameter ${p.name}: got ${typeName(v)}, want ${p.type}`, out);
    out.push(v);
  }
  return out;
}

function hasType(v: Value, t: HostParamType): boolean {
  switch (t) {
    case 'any':
      return true;
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'int':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'dict':
      return v instanceof Dict;
  }
}

/** `{"fatal": False, "error": None, "resource": <v>}` */
export function okRsp(resource: Value): Dict {
  const d = new Dict();
  d.set('fatal', false);
  d.set('error', null);
  d.set('resource', resource);
  return d;
}

/** `{"fatal": <b>, "error": "<text>", "resource": None}` */
export function errRsp(message: string, fatal: boolean): Dict {
  const d = new Dict();
  d.set('fatal', fatal);
  d.set('error', encodeUtf8(message));
  d.set('resource', null);
  return d;
}

/**
 * Errors with gRPC code InvalidArgument are fatal for the client builtins (spec §4.8), except a backend
 * index that is not initialized yet: another reconciler of the same run may still create it, so the
 * reconcile is retried instead (upstream's Starlark reconciler requeues on "not initialized" too).
 */
export function isFatalError(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'InvalidArgument' && !isIndexNotReady(e);
}

/** A claim written before its backend index exists or is initialized (engine spec §11). */
export function isIndexNotReady(e: unknown): boolean {
  return errorText(e).includes('not initialized');
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}


/** KRM object → Starlark dict (numbers become floats, as in Go). */
export function objectToDict(o: unknown): Value {
  return toStarlark(o as Json);
}

function str(v: Value): string {
  return decodeUtf8(v as string);
}

/** Builds the predeclared names. */
export function hostBuiltins(opts: HostBuiltinsOptions): Record<string, Value> {
  const scope = (fn: string): ReconcileScope => {
    const s = opts.scope();
    if (!s) throw runtimeError(`${fn}: can only be called while a reconcile runs`);
    return s;
  };
  const raising = (fn: string, body: (vals: Value[], thread: ThreadLike) => Value): Builtin =>
    new Builtin(fn, (thread, args: Value[], _kwargs: Kwargs | null) => {
      let vals: Value[];
      try {
        vals = unpack(fn, args, params(fn));
      } catch (e) {
        throw runtimeError((e as Error).message);
      }
      return body(vals, thread);
    });
  // These builtins return a fatal rsp instead of raising on an argument error (a Go quirk).
  const lenient = (fn: string, body: (vals: Value[]) => Value, name = fn): Builtin =>
    new Builtin(name, (_thread, args: Value[], _kwargs: Kwargs | null) => {
      let vals: Value[];
      try {
        vals = unpack(fn, args, params(fn));
      } catch (e) {
        return errRsp((e as Error).message, true);
      }
      return body(vals);
    });
  const ipFn = (fn: string, impl: (s: string) => Value, name = fn) =>
    lenient(fn, ([s]) => {
      try {
        return impl(str(s!));
      } catch (e) {
        throw runtimeError(errorText(e));
      }
    }, name);

  const client = <T>(fn: string, call: () => T, wrap: (r: T) => Value): Value => {
    let r: T;
    try {
      r = call();
    } catch (e) {
      if ((e as { name?: string }).name === 'StarlarkError') throw e;
      return errRsp(errorText(e), isFatalError(e));
    }
    return okRsp(wrap(r));
  };

  const gvOf = (d: Value): { apiVersion: string; kind: string } => {
    const o = dictToObject(d) as unknown as Record<string, unknown>;
    return { apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? '') };
  };

  const b: Record<string, Value> = {
    client_get: raising('client_get', ([name, ns, obj]) => {
      const { apiVersion, kind } = gvOf(obj!);
      return client('client_get', () => scope('client_get').clientGet(apiVersion, kind, str(ns!), str(name!)), objectToDict);
    }),
    client_list: raising('client_list', ([obj, sel]) => {
      const { apiVersion, kind } = gvOf(obj!);
      const match: Record<string, string> = {};
      for (const [k, v] of (sel as Dict).items()) {
        if (typeof k !== 'string' || typeof v !== 'string') throw runtimeError('client_list: fieldSelector keys and values must be strings');
        match[str(k)] = str(v);
      }
      return client(
        'client_list',
        () => scope('client_list').clientList(apiVersion, kind, match),
        (items) => objectToDict({ apiVersion, kind: `${kind}List`, items }),
      );
    }),
    client_create: raising('client_create', ([obj], thread) => {
      let o: KrmObject;
      try {
        o = dictToObject(obj!);
      } catch (e) {
        return errRsp(errorText(e), true);
      }
      return client(
        'client_create',
        () => {
          const s = scope('client_create');
          const child = s.registerChild(o);
          s.noteWrite?.('client_create', thread, obj!, child);
          return child;
        },
        objectToDict,
      );
    }),
    client_apply: raising('client_apply', (_vals, thread) =>
      client(
        'client_apply',
        () => {
          const s = scope('client_apply');
          s.noteApply?.(thread);
          s.applyChildren();
        },
        () => null,
      ),
    ),
    client_delete: raising('client_delete', () => client('client_delete', () => scope('client_delete').deleteChildren(), () => null)),
    client_update: raising('client_update', ([obj], thread) => client('client_update', () => updateVia(scope('client_update'), 'client_update', thread, obj!), objectToDict)),
    client_update_status: raising('client_update_status', ([obj], thread) =>
      client('client_update_status', () => updateVia(scope('client_update_status'), 'client_update_status', thread, obj!), objectToDict),
    ),
    reconcile_result: new Builtin('reconcile_result', (thread, args: Value[]) => reconcileResult(thread, args, opts.generation, scope, opts.scope)),
    get_resource: lenient('get_resource', ([apiVersion, kind]) => {
      const d = new Dict();
      d.set('apiVersion', apiVersion!);
      d.set('kind', kind!);
      return okRsp(d);
    }),
    add_finalizer: lenient('add_finalizer', ([obj, fin]) => {
      const o = fromStarlark(obj!) as Record<string, any>;
      const meta = (o.metadata ??= {});
      const list: unknown[] = Array.isArray(meta.finalizers) ? meta.finalizers : [];
      if (!list.includes(str(fin!))) list.push(str(fin!));
      meta.finalizers = list;
      return okRsp(objectToDict(o));
    }),
    del_finalizer: lenient('del_finalizer', ([obj, fin]) => {
      const o = fromStarlark(obj!) as Record<string, any>;
      if (o.metadata && Array.isArray(o.metadata.finalizers)) o.metadata.finalizers = o.metadata.finalizers.filter((f: unknown) => f !== str(fin!));
      return okRsp(objectToDict(o));
    }),
    // The builtin's own name (tracebacks, str()) is is_condition_ready; reconcilers call is_conditionready.
    is_conditionready: lenient(
      'is_conditionready',
      ([obj, type]) => {
        const o = fromStarlark(obj!) as Record<string, any>;
        const conds = o?.status?.conditions;
        return Array.isArray(conds) && conds.some((c) => c && c.type === str(type!) && c.status === 'True');
      },
      'is_condition_ready',
    ),
    get_prefixlength: ipFn('get_prefixlength', (s) => prefixLength(s)),
    get_address: ipFn('get_address', (s) => encodeUtf8(addressOf(s))),
    get_subnetname: ipFn('get_subnetname', (s) => encodeUtf8(subnetName(s))),
    isIPv4: ipFn('isIPv4', isIPv4),
    isIPv6: ipFn('isIPv6', isIPv6),
    is_ipv4: ipFn('is_ipv4', isIPv4),
    is_ipv6: ipFn('is_ipv6', isIPv6),
    // Delivery's configuration builtins, as they behave without an environment (dev runs, the editor's
    // checks): config(key, default) gives the default ("" without one), secret(key) gives "". A deployment
    // replaces both with its environment's values through the runtime's `extraBuiltins` option
    // (src-main/delivery/config-builtins.ts).
    config: new Builtin('config', (_t, args: Value[], kwargs: Kwargs | null) => {
      const def = kwargs?.find(([k]) => k === 'default')?.[1] ?? args[1];
      if (typeof (kwargs?.find(([k]) => k === 'key')?.[1] ?? args[0]) !== 'string') throw runtimeError('config: for parameter key: want string');
      return def ?? '';
    }),
    secret: new Builtin('secret', (_t, args: Value[], kwargs: Kwargs | null) => {
      if (typeof (kwargs?.find(([k]) => k === 'key')?.[1] ?? args[0]) !== 'string') throw runtimeError('secret: for parameter key: want string');
      return '';
    }),
  };
  return b;
}

/** client_update[_status]: a direct apply, noted for provenance once it succeeded. */
function updateVia(s: ReconcileScope, via: WriteVia, thread: ThreadLike, value: Value): KrmObject {
  const obj = dictToObject(value);
  const written = s.update(obj);
  s.noteWrite?.(via, thread, value, obj);
  return written;
}

const [paramsA, paramsB] = HOST_BUILTIN_SIGNATURES.reconcile_result!.map(paramsOf) as [Param[], Param[]];

/** reconcile_result, dispatched on the argument count: 6 = profile A (applies), 5 = profile B (packages). */
function reconcileResult(
  thread: ThreadLike,
  args: Value[],
  generation: ApiGeneration,
  scope: (fn: string) => ReconcileScope,
  current: () => ReconcileScope | undefined,
): Value {
  const isA = args.length === 6 || (args.length !== 5 && generation === 'A');
  const params = isA ? paramsA : paramsB;
  const msgIndex = isA ? 4 : 3;
  let vals: Value[];
  try {
    vals = unpack('reconcile_result', args, params);
  } catch (e) {
    const u = e as UnpackError;
    const msg = typeof u.partial[msgIndex] === 'string' ? str(u.partial[msgIndex]!) : '';
    const d = new Dict();
    if (!isA) d.set('obj', args[0] ?? null);
    d.set('fatal', true);
    d.set('error', encodeUtf8(`error: ${u.message}, msg: ${msg}`));
    return d;
  }
  const requeueAfter = vals[2] as number | bigint;
  if (isA) {
    const [obj, requeue, , conditionType, msg, fatal] = vals;
    try {
      const s = scope('reconcile_result');
      const o = dictToObject(obj!);
      s.applyResultObject(o, str(conditionType!), str(msg!));
      s.noteWrite?.('reconcile_result', thread, obj!, o);
    } catch (e) {
      if ((e as { name?: string }).name === 'StarlarkError') throw e;
      const d = new Dict();
      d.set('fatal', (e as { code?: string }).code !== 'NotFound');
      d.set('error', encodeUtf8(errorText(e)));
      return d;
    }
    return resultDict({ msg: str(msg!), fatal: fatal!, requeue: requeue!, requeueAfter, requeueWhenFailed: false });
  }
  const [obj, requeue, , msg, fatal] = vals;
  // Profile B: the reconciler writes the object (and applies the children) after this returns
  if (obj instanceof Dict) current()?.noteWrite?.('reconcile_result', thread, obj);
  return resultDict({ obj: obj!, msg: str(msg!), fatal: fatal!, requeue: requeue!, requeueAfter, requeueWhenFailed: true });
}

/**
 * The dict reconcile_result returns: `fatal` and `error` (empty msg = success), then the requeue fields.
 * The profiles differ in two ways the reconciler reads: profile B carries the object first, and keeps the
 * requeue fields on a failed result too; profile A's failed result has only `fatal` and `error`.
 */
function resultDict(r: {
  obj?: Value;
  msg: string;
  fatal: Value;
  requeue: Value;
  requeueAfter: number | bigint;
  requeueWhenFailed: boolean;
}): Dict {
  const d = new Dict();
  if (r.obj !== undefined) d.set('obj', r.obj);
  const failed = r.msg !== '';
  d.set('fatal', failed ? r.fatal : false);
  d.set('error', failed ? encodeUtf8(`reconcile failed ${r.msg}`) : null);
  if (failed && !r.requeueWhenFailed) return d;
  d.set('requeueAfter', r.requeueAfter);
  d.set('requeue', r.requeue);
  return d;
}

// Re-exported for the reconciler, which reads result dicts.
export { Dict, Float, List };
