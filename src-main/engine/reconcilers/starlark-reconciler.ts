// A Starlark reconciler (engine spec §4.6 profile A, §4.7 profile B). The reconciler file is executed
// once per runtime (its globals are frozen, so re-executing it per reconcile, as Go does, could not be
// observed); `reconcile(self)` is called per key with a fresh child registry.
import { gvkOf, type GroupVersionKind, type KrmObject } from '../../../src-shared/krm/object.js';
import type { RunLoadProblem, RunSourcePosition, RunTraceFrame } from '../../../src-shared/run/result.js';
import { dictToObject, errorText, selfDict, type ReconcileScope } from '../builtins/host-builtins.js';
import type { ReconcilerDef } from '../loader/types.js';
import { fieldSelector } from '../selectors/selector.js';
import type { ApiStore } from '../store/types.js';
import { call, callStack, decodeUtf8, Dict, Float, StarlarkError, StarlarkFunction, typeName, type Module, type Thread, type ThreadLike, type Value } from '../starlark/index.js';
import type { ObjectIdentity, WriteVia } from '../../../src-shared/insight/provenance.js';
import { writtenKey, type PositionMapper, type ProvenanceRecorder, type RawWriteHandle } from '../provenance/recorder.js';
import { ReconcileTrace, TracingStore, type MemoHit, type ReconcilerMemo } from './reconcile-memo.js';
import { ChildRegistry } from './children.js';
import { setReconcilerCondition } from './conditions.js';
import { problemAt, type ReconcileOutcome, type TypedReconciler } from './outcome.js';
import { codeSource, findEmbeddedCode } from './embedded-code.js';
import { getAsUpstream } from './lookup.js';
import { pruneUnmanagedFields } from './prune.js';
import type { StarlarkHost } from './starlark-host.js';

export interface StarlarkReconcilerOptions {
  def: ReconcilerDef;
  store: ApiStore;
  host: StarlarkHost;
  /** Project profile: B adds Choreo-managed finalizers, deletion and conditions (§4.7). */
  profile: 'A' | 'B';
  /** Project folder, to map positions in code embedded in in/ YAML files back to those files. */
  projectDir?: string;
  /** Records field provenance of the objects this reconciler writes (issue 13). */
  provenance?: ProvenanceRecorder;
  /** Remembered no-op reconciles (incremental reruns, reconcile-memo.ts): skipped while their reads agree. */
  memo?: ReconcilerMemo;
}

const FILE = 'reconciler.star';

export class StarlarkReconciler implements TypedReconciler {
  readonly name: string;
  private readonly def: ReconcilerDef;
  private readonly store: ApiStore;
  private readonly host: StarlarkHost;
  private readonly profile: 'A' | 'B';
  private readonly forGvk: GroupVersionKind;
  private readonly owns: GroupVersionKind[];
  private fn: Value | undefined;
  private readonly projectDir: string | undefined;
  private readonly provenance: ProvenanceRecorder | undefined;
  private readonly memo: ReconcilerMemo | undefined;
  /** With a memo: the store through which every read and write of a reconcile is traced. */
  private readonly tracing: TracingStore | undefined;
  /** The store itself (memo checks read it untraced). */
  private readonly inner: ApiStore;

  constructor(opts: StarlarkReconcilerOptions) {
    this.projectDir = opts.projectDir;
    this.provenance = opts.provenance;
    this.def = opts.def;
    this.name = opts.def.name;
    this.memo = opts.memo;
    this.inner = opts.store;
    this.tracing = opts.memo ? new TracingStore(opts.store) : undefined;
    this.store = this.tracing ?? opts.store;
    this.host = opts.host;
    this.profile = opts.profile;
    this.forGvk = { group: opts.def.for.group, version: opts.def.for.version, kind: opts.def.for.kind };
    this.owns = opts.def.owns.map((o) => ({ group: o.group, version: o.version, kind: o.kind }));
  }

  /**
   * Set by prepare() when the reconciler file failed because a library it loads failed: that library's
   * own error, named by its file and line (the same text for every reconciler that loads it).
   */
  libraryProblem: RunLoadProblem | undefined;

  /** Executes the reconciler file (and its loads); returns the problem, or undefined when it is runnable. */
  prepare(): RunLoadProblem | undefined {
    const code = this.def.code[FILE];
    if (code === undefined) return problemAt(`reconciler ${this.name}: spec.code has no ${FILE} (${this.where(FILE)})`, this.def.origin);
    let mod: Module;
    const before = this.host.loadFailures;
    try {
      mod = this.host.exec(FILE, code, this.host.debugger && codeSource(this.def.codeFiles[FILE] ?? this.def.origin, code, this.projectDir, `${this.name}/${FILE}`));
    } catch (e) {
      const failed = this.host.libraryFailureSince(before);
      if (failed) {
        const lib = this.describe(failed.error);
        this.libraryProblem = { ...lib.place, message: `library ${failed.library.name} err: ${lib.text}` };
        return { ...lib.place, message: `reconciler ${this.name} err: ${this.libraryProblem.message}` };
      }
      const own = this.describe(e);
      return { ...own.place, message: `reconciler ${this.name} err: ${own.text}` };
    }
    const fn = mod.globals.get('reconcile');
    if (!(fn instanceof StarlarkFunction)) return problemAt(`reconciler ${this.name}: ${this.where(FILE)} defines no function reconcile(self)`, this.def.codeFiles[FILE] ?? this.def.origin);
    this.fn = fn;
    return undefined;
  }

  reconcile(namespace: string, name: string): ReconcileOutcome {
    if (!this.fn) {
      const problem = this.prepare();
      if (problem) return { kind: 'error', message: problem.message };
    }
    const memo = this.memo;
    const tracing = this.tracing;
    if (!memo || !tracing) return this.reconcileNow(namespace, name);
    const key = `${namespace}/${name}`;
    const hit = memo.lookup(this.inner, key, this.provenance !== undefined);
    if (hit) return this.replay(hit);
    const trace = new ReconcileTrace();
    tracing.trace = trace;
    let outcome: ReconcileOutcome;
    try {
      outcome = this.reconcileNow(namespace, name);
    } finally {
      tracing.trace = undefined;
    }
    memo.ran(key, trace, outcome);
    return outcome;
  }

  /** What a skipped reconcile owes the run: its print lines and provenance records, then its outcome. */
  private replay(hit: MemoHit): ReconcileOutcome {
    for (const msg of hit.prints) this.host.print(msg, FILE);
    if (this.provenance && hit.provenance) for (const [key, record] of hit.provenance) this.provenance.replay(key, record);
    return hit.outcome;
  }

  private reconcileNow(namespace: string, name: string): ReconcileOutcome {
    let forObj: KrmObject | undefined;
    try {
      // The stored object itself (read only): the Starlark conversion copies it (selfDict shares only its frozen field sets).
      forObj = this.store.tryGet(this.forGvk, namespace, name, { showManagedFields: true, readOnly: true });
    } catch (e) {
      return { kind: 'error', message: errorText(e) };
    }
    if (!forObj) return { kind: 'stop' };
    const registry = new ChildRegistry(this.store, forObj, this.owns, this.name);
    const scope = this.scope(registry, forObj);
    const previous = this.host.current;
    this.host.current = scope;
    try {
      if (this.profile === 'B' && forObj.metadata.deletionTimestamp) return this.deleteB(forObj, registry);
      let result: Value;
      try {
        result = this.callReconcile(forObj);
      } catch (e) {
        return this.starlarkFailure(e, forObj);
      }
      if (result instanceof Dict && result.has('obj')) return this.handleResultB(result, registry);
      return this.handleResultA(result);
    } finally {
      this.host.current = previous;
    }
  }

  private readonly printFn = (msg: string): void => {
    this.tracing?.trace?.prints.push(msg);
    this.host.print(msg, FILE);
  };

  private callReconcile(forObj: KrmObject): Value {
    return call(this.host.thread(this.name, this.printFn), this.fn!, [selfDict(forObj)]);
  }

  private starlarkFailure(e: unknown, forObj: KrmObject): ReconcileOutcome {
    if (e instanceof StarlarkError) {
      // A budget ran out: say whose reconcile of which object, since the run goes on without it.
      const whose = e.kind === 'limit' ? ` (reconciler ${this.name} reconciling ${forObj.kind} ${forObj.metadata.namespace ? `${forObj.metadata.namespace}/` : ''}${forObj.metadata.name})` : '';
      return {
        kind: 'error',
        message: `starlark execution runtime failure: ${e.msg}${whose}`,
        position: this.position(e),
        traceback: e.format(),
        frames: this.frames(e),
      };
    }
    return { kind: 'error', message: `starlark execution runtime failure: ${errorText(e)}` };
  }

  // Profile A: reconcile_result already applied the object; the dict only says what to do next.
  private handleResultA(result: Value): ReconcileOutcome {
    if (!(result instanceof Dict)) {
      return { kind: 'error', message: `starlark execution cannot convert result: expected dict value to convert to map, got starlark.${typeName(result)}` };
    }
    const r = readResult(result, 'starlark execution cannot convert result: ');
    if (typeof r === 'string') return { kind: 'error', message: r };
    if (r.fatal) return { kind: 'error', message: r.error };
    // A non-empty message always requeues (§4.6 step 6); requeueAfter takes precedence (§4.5 table).
    if (r.requeueAfter > 0) return { kind: 'requeueAfter', delayMs: r.requeueAfter * 1000 };
    if (r.error !== '' || r.requeue) return { kind: 'requeue', message: r.error };
    return { kind: 'stop' };
  }

  // Profile B: Choreo writes status/condition/finalizer and applies the children itself (§4.7).
  private handleResultB(result: Dict, registry: ChildRegistry): ReconcileOutcome {
    const prefix = `starlark reconciler ${this.name} cannot convert result: `;
    const objV = result.get('obj') ?? null;
    if (!(objV instanceof Dict)) return { kind: 'error', message: `${prefix}reconcileResult obj is not map[string]any, got: ${typeName(objV)}` };
    const r = readResult(result, prefix);
    if (typeof r === 'string') return { kind: 'error', message: r };
    const obj = dictToObject(objV);
    if (r.fatal) {
      const err = this.statusUpdate(obj, r.error);
      return { kind: 'error', message: err ?? r.error };
    }
    if (r.error !== '') {
      const err = this.statusUpdate(obj, r.error);
      if (err) return { kind: 'error', message: err };
      return r.requeueAfter > 0 ? { kind: 'requeueAfter', delayMs: r.requeueAfter * 1000 } : { kind: 'requeue', message: r.error };
    }
    try {
      registry.apply();
    } catch (e) {
      const text = errorText(e);
      if (text.includes('not initialized')) return { kind: 'requeue', message: `starlark reconciler ${this.name} apply resources failed, err: ${text}` };
      return { kind: 'error', message: `apply resources failed reconciler ${this.name} err: ${text}` };
    }
    const err = this.statusUpdate(obj, '');
    if (err) return { kind: 'error', message: err };
    if (r.requeueAfter > 0) return { kind: 'requeueAfter', delayMs: r.requeueAfter * 1000 };
    if (r.requeue) return { kind: 'requeue', message: '' };
    return { kind: 'stop' };
  }

  /** [B] Write status (and spec with specUpdate), finalizer and condition on the fresh object. */
  private statusUpdate(obj: KrmObject, msg: string): string | undefined {
    const fresh = this.store.tryGet(this.forGvk, obj.metadata?.namespace ?? '', obj.metadata?.name ?? '', { showManagedFields: true });
    if (!fresh) return undefined;
    const target = fresh as Record<string, any>;
    if (obj.status !== undefined) target.status = obj.status;
    if (this.def.specUpdate && obj.spec !== undefined) target.spec = obj.spec;
    pruneUnmanagedFields(target, this.name);
    const fins: string[] = Array.isArray(target.metadata.finalizers) ? target.metadata.finalizers : [];
    if (!fins.includes(this.name)) fins.push(this.name);
    target.metadata.finalizers = fins;
    if (this.def.conditionType) setReconcilerCondition(target, this.def.conditionType, msg, this.store.clock.now());
    try {
      this.store.apply(target as KrmObject, { fieldManager: this.name, handOver: true });
    } catch (e) {
      return `cannot apply resource, err: ${errorText(e)}`;
    }
    return undefined;
  }

  /** [B] Deletion: children go, then Choreo's finalizer (§4.7 step 2). */
  private deleteB(forObj: KrmObject, registry: ChildRegistry): ReconcileOutcome {
    if (this.def.specUpdate) {
      let result: Value;
      try {
        result = this.callReconcile(forObj);
      } catch (e) {
        return this.starlarkFailure(e, forObj);
      }
      if (result instanceof Dict && result.has('obj')) {
        const out = this.handleResultB(result, new ChildRegistry(this.store, forObj, [], this.name));
        if (out.kind === 'error') return out;
      }
    }
    try {
      registry.delete();
    } catch (e) {
      return { kind: 'error', message: `starlark reconciler ${this.name} cannot delete child resource, err: ${errorText(e)}` };
    }
    const fresh = this.store.tryGet(this.forGvk, forObj.metadata.namespace ?? '', forObj.metadata.name ?? '', { showManagedFields: true });
    if (!fresh) return { kind: 'stop' };
    const target = fresh as Record<string, any>;
    pruneUnmanagedFields(target, this.name);
    if (Array.isArray(target.metadata.finalizers)) target.metadata.finalizers = target.metadata.finalizers.filter((f: string) => f !== this.name);
    try {
      this.store.apply(target as KrmObject, { fieldManager: this.name, handOver: true });
    } catch (e) {
      return { kind: 'error', message: `starlark reconciler ${this.name} cannot set finalizer, err: ${errorText(e)}` };
    }
    return { kind: 'stop' };
  }

  private scope(registry: ChildRegistry, forObj: KrmObject): ReconcileScope {
    if (!this.provenance) return new Scope(this.name, this.store, registry);
    const trigger: ObjectIdentity = { apiVersion: forObj.apiVersion, kind: forObj.kind, namespace: forObj.metadata.namespace ?? '', name: forObj.metadata.name ?? '' };
    return new RecordingScope(this.name, this.store, registry, this.provenance, trigger, this.mapPosition, this.tracing?.trace);
  }

  private readonly mapPosition: PositionMapper = (file, line, col) => this.mapPos(file, line, col);

  /** Where a Starlark error happened, mapped from `reconciler.star`/module names to project files. */
  private position(e: StarlarkError): RunSourcePosition | undefined {
    const frames = e.traceback.filter((f) => f.pos);
    const pos = e.pos ?? frames[frames.length - 1]?.pos;
    if (!pos) return undefined;
    return this.mapPos(pos.file, pos.line, pos.col);
  }

  /** The traceback's frames with project file names (a builtin frame has no position). */
  private frames(e: StarlarkError): RunTraceFrame[] {
    return e.traceback.map((f) => (f.pos && !f.builtin ? { fn: f.fn, position: this.mapPos(f.pos.file, f.pos.line, f.pos.col) } : { fn: f.fn }));
  }

  private mapPos(file: string, line: number, col: number): RunSourcePosition {
    let loc = file === FILE ? this.def.codeFiles[FILE] : this.host.library(file)?.origin;
    const code = file === FILE ? this.def.code[FILE] : this.host.library(file)?.code;
    // Code that came from an in/ object (no separate code file): find it inside that YAML file.
    if (!loc && file === FILE) loc = this.def.origin;
    if (!loc || !loc.file) return { file, line, col };
    if (loc.file.endsWith('.star')) return { file: loc.file, line, col };
    const embedded = this.projectDir && code !== undefined ? findEmbeddedCode(this.projectDir, loc.file, code) : undefined;
    if (!embedded) return { file, line, col };
    return { file: loc.file, line: embedded.firstLine + line, col: col + embedded.indent };
  }

  private where(file: string): string {
    return this.def.codeFiles[file]?.file ?? this.def.origin.file;
  }

  /** An error's text as printed (`file:line:col: message` when it has a place) and that place. */
  private describe(e: unknown): { text: string; place: Omit<RunLoadProblem, 'message'> } {
    if (e instanceof StarlarkError) {
      const pos = e.pos ?? e.traceback.filter((f) => f.pos).pop()?.pos;
      if (!pos) return { text: e.msg, place: {} };
      const p = this.mapPos(pos.file, pos.line, pos.col);
      return { text: `${p.file}:${p.line}:${p.col}: ${e.msg}`, place: { file: p.file, line: p.line, col: p.col } };
    }
    return { text: errorText(e), place: {} };
  }
}

/**
 * What the host builtins reach of one reconcile. A class rather than an object of arrow functions: one
 * allocation per reconcile instead of a closure (and, under tsx, a name definition) per builtin.
 */
class Scope implements ReconcileScope {
  constructor(
    readonly reconcilerName: string,
    private readonly store: ApiStore,
    private readonly registry: ChildRegistry,
  ) {}

  clientGet(apiVersion: string, kind: string, namespace: string, objName: string): KrmObject {
    return getAsUpstream(this.store, gvkOf({ apiVersion, kind }), namespace, objName);
  }

  clientList(apiVersion: string, kind: string, match: Record<string, string>): KrmObject[] {
    const items = this.store.list(gvkOf({ apiVersion, kind }));
    if (Object.keys(match).length === 0) return items;
    const sel = fieldSelector(match);
    return items.filter((o) => sel.matches(o));
  }

  registerChild(obj: KrmObject): KrmObject {
    return this.registry.register(obj);
  }

  applyChildren(): void {
    this.registry.apply();
  }

  deleteChildren(): void {
    this.registry.delete();
  }

  // objects from the builtins are fresh conversions of Starlark values: handed over to the store
  update(obj: KrmObject): KrmObject {
    return this.store.apply(obj, { fieldManager: this.reconcilerName, handOver: true }).object;
  }

  applyResultObject(obj: KrmObject, conditionType: string, msg: string): void {
    const o = obj as Record<string, any>;
    pruneUnmanagedFields(o, this.reconcilerName);
    if (conditionType !== '') setReconcilerCondition(o, conditionType, msg, this.store.clock.now());
    this.store.apply(obj, { fieldManager: this.reconcilerName, handOver: true });
  }
}

/** A Scope that also records field provenance (runs that store it; the editor's checks do not). */
class RecordingScope extends Scope {
  /** The children noted since the reconcile began, applied by client_apply or profile B's result. */
  private pending: RawWriteHandle[] = [];

  constructor(
    reconcilerName: string,
    store: ApiStore,
    registry: ChildRegistry,
    private readonly recorder: ProvenanceRecorder,
    private readonly trigger: ObjectIdentity,
    private readonly map: PositionMapper,
    /** The trace of the reconcile (incremental reruns): it keeps the writes noted, to replay them. */
    private readonly trace: ReconcileTrace | undefined,
  ) {
    super(reconcilerName, store, registry);
  }

  noteWrite(via: WriteVia, thread: ThreadLike, value: Value, obj?: KrmObject): void {
    const stack = callStack(thread as Thread);
    const h = this.recorder.noteWrite({ reconciler: this.reconcilerName, via, trigger: this.trigger, callStack: stack, value, obj, map: this.map });
    this.trace?.provenance.push([writtenKey(h), h]);
    if (via === 'client_create') this.pending.push(h);
    // profile B applies the registered children after its reconcile_result
    else if (via === 'reconcile_result' && this.pending.length) this.noteAppliedAt(stack);
  }

  noteApply(thread: ThreadLike): void {
    this.noteAppliedAt(callStack(thread as Thread));
  }

  private noteAppliedAt(stack: ReturnType<typeof callStack>): void {
    this.recorder.noteApplied(this.pending, stack);
    this.pending = [];
  }
}

interface DecodedResult {
  requeue: boolean;
  requeueAfter: number;
  error: string;
  fatal: boolean;
}

// Keys of the reconcile_result dict, with Go's type-error wording.
function readResult(d: Dict, prefix: string): DecodedResult | string {
  const requeue = d.get('requeue') ?? false;
  if (typeof requeue !== 'boolean') return `${prefix}reconcileResult requeue is not a bool, got ${typeName(requeue)}`;
  let after = d.get('requeueAfter') ?? 0;
  if (after instanceof Float) after = Math.trunc(after.v);
  if (typeof after !== 'number' && typeof after !== 'bigint') return `${prefix}reconcileResult requeueAfter is not an int, got ${typeName(after)}`;
  const err = d.get('error') ?? null;
  if (err !== null && typeof err !== 'string') return `${prefix}reconcileResult error is not a string, got ${typeName(err)}`;
  const fatal = d.get('fatal') ?? false;
  if (typeof fatal !== 'boolean') return `${prefix}reconcileResult fatal is not a bool, got ${typeName(fatal)}`;
  return { requeue, requeueAfter: Number(after), error: err === null ? '' : decodeUtf8(err), fatal };
}
