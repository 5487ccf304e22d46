// One "runner" of engine spec §4.1: informers (one store watch), the For/Own/Watch trigger handlers, one
// work queue per reconciler and a single-threaded step function that runs one reconcile at a time.
// Driving the steps (run once until idle, or continuously) is the caller's job (run-once.ts, prod-runner.ts).
import { gvkString, parseApiVersion, type GroupVersionKind, type KrmObject } from '../../../src-shared/krm/object.js';
import { getCondition } from '../../../src-shared/krm/condition.js';
import type { RunError, RunEvent, RunOperation, RunResourceRef } from '../../../src-shared/run/result.js';
import { taskIdOf } from '../../../src-shared/run/result.js';
import type { LibraryDef, ReconcilerDef } from '../loader/types.js';
import type { Clock } from '../reconcilers/clock.js';
import { problemAt, ReconcilerLoadError, type ReconcileOutcome, type TypedReconciler } from '../reconcilers/outcome.js';
import type { RunLoadProblem } from '../../../src-shared/run/result.js';
import { clearEmbeddedCodeCache } from '../reconcilers/embedded-code.js';
import { StarlarkHost, type StarlarkHostOptions } from '../reconcilers/starlark-host.js';
import { StarlarkReconciler } from '../reconcilers/starlark-reconciler.js';
import { WorkQueue } from '../reconcilers/work-queue.js';
import { TemplateReconciler } from '../templates/template-reconciler.js';
import { fieldValue } from '../selectors/field-value.js';
import { compileSelector, fieldSelector, SelectorError, type Selector } from '../selectors/selector.js';
import type { ApiStore, WatchEvent } from '../store/types.js';
import type { InterruptHook } from '../starlark/index.js';
import type { Debugger } from '../starlark/debug/debugger.js';
import { FieldIndex } from './field-index.js';
import type { ProvenanceRecorder } from '../provenance/recorder.js';
import { ReconcileClock, STEP_LIMIT_HINT, type ReconcileLimits } from './limits.js';
import { hashText, type MemoBook, type ReconcilerMemo } from '../reconcilers/reconcile-memo.js';

/** A condition of a for-object changed (live view in prod mode). */
export interface ConditionChange {
  reconciler: string;
  resource: RunResourceRef;
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface RuntimeOptions {
  store: ApiStore;
  reconcilers: ReconcilerDef[];
  libraries: LibraryDef[];
  profile: 'A' | 'B';
  /** Scheduling clock (virtual in run once). */
  clock: Clock;
  onEvent?: (e: RunEvent) => void;
  onCondition?: (c: ConditionChange) => void;
  onWarning?: (msg: string) => void;
  /** Library/reconciler `print` output. */
  onPrint?: (msg: string, file: string) => void;
  /** Stop processing at the first ERROR (run once, spec §5.2). */
  failFast?: boolean;
  /** Project folder (maps error positions in code embedded in in/ files). */
  projectDir?: string;
  /** Extra reconciler types (by `spec.type`), e.g. host-implemented reconcilers and test doubles. */
  types?: Record<string, (def: ReconcilerDef, store: ApiStore) => TypedReconciler>;
  /** Extra Starlark predeclared names (extension point, see StarlarkHostOptions.extraBuiltins). */
  extraBuiltins?: StarlarkHostOptions['extraBuiltins'];
  /** Step and time budgets of each reconcile. */
  limits?: ReconcileLimits;
  /** The run's own reasons to stop a reconcile mid-way (cancelled, run timeout), asked at checkpoints. */
  interrupt?: InterruptHook;
  /** Debug mode: Starlark runs under a debugger, which learns which reconcile is in progress. */
  debug?: RuntimeDebug;
  /** Records field provenance of Starlark reconcilers' writes (runs that store a snapshot). */
  provenance?: ProvenanceRecorder;
  /**
   * Remembered no-op reconciles of earlier runs (incremental reruns, reconcilers/reconcile-memo.ts). Not used
   * with extra builtins (they read outside the store) nor under a debugger (every reconcile must run).
   */
  memo?: MemoBook;
}

/** What a debug run adds to a runtime (engine/debug/ drives it). */
export interface RuntimeDebug {
  debugger: Debugger;
  /** A reconcile starts (which reconciler, which object), or the one in progress ended (undefined). */
  reconcile(r: { reconciler: string; resource: RunResourceRef } | undefined): void;
}

/** The object a reconcile of one object is about: kind (or plural resource name) and name, namespace optional. */
export interface ReconcileTarget {
  kind: string;
  namespace?: string;
  name: string;
}

interface Entry {
  def: ReconcilerDef;
  typed: TypedReconciler;
  queue: WorkQueue;
  forGvk: GroupVersionKind;
  forSelector: Selector;
}

/**
 * Handlers and field indexes are per kind (group and kind): the store sends events at a kind's preferred
 * version, while a reconciler may name any served version of it.
 */
function kindKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.kind}`;
}

const groupOf = (apiVersion: unknown): string => (typeof apiVersion === 'string' ? parseApiVersion(apiVersion).group : '');

type Handler = (e: WatchEvent) => void;

export class ReconcilerRuntime {
  readonly events: RunEvent[] = [];
  readonly errors: RunError[] = [];
  /** The first ERROR (fail fast). */
  failure: RunError | undefined;
  private readonly entries: Entry[] = [];
  private readonly handlers = new Map<string, Map<string, Handler>>();
  private readonly indexes = new Map<string, Map<string, FieldIndex>>();
  private rr = 0;
  private unwatch: (() => void) | undefined;
  private uidSeq = 0;
  private readonly runTag = Math.random().toString(16).slice(2, 10);
  private readonly lastCondition = new Map<string, string>();
  /** Called whenever a key is queued (prod mode wakes up on it). */
  onWork: (() => void) | undefined;
  private readonly clock: ReconcileClock;

  constructor(private readonly opts: RuntimeOptions) {
    this.clock = new ReconcileClock(opts.limits, opts.interrupt);
  }

  /**
   * Load-time checks (spec §1.6 step 3, §2.2): supported type, registered for/owns/watches kinds, valid
   * selectors, Starlark that parses, resolves and loads. Throws one ReconcilerLoadError listing every problem.
   */
  prepare(): void {
    const problems: RunLoadProblem[] = [];
    clearEmbeddedCodeCache();
    const host = new StarlarkHost({
      libraries: this.opts.libraries,
      generation: this.opts.profile,
      print: this.opts.onPrint,
      extraBuiltins: this.opts.extraBuiltins,
      limits: { maxSteps: this.opts.limits?.maxSteps, stepLimitHint: STEP_LIMIT_HINT },
      interrupt: this.clock.interrupt,
      debugger: this.opts.debug?.debugger,
      projectDir: this.opts.projectDir,
    });
    const seen = new Set<string>();
    // a broken library's problem (by its text) → the reconcilers it stops
    const libraryProblems = new Map<string, { problem: RunLoadProblem; users: string[] }>();
    for (const def of this.opts.reconcilers) {
      if (seen.has(def.name)) {
        this.opts.onWarning?.(`unexpected error, duplicate application name ${def.name} (${def.origin.file}): ignored`);
        continue;
      }
      seen.add(def.name);
      const where = def.origin.file ? ` (${def.origin.file})` : '';
      let ok = true;
      for (const r of [def.for, ...def.owns, ...def.watches]) {
        if (!this.opts.store.api({ group: r.group, version: r.version, kind: r.kind })) {
          problems.push(problemAt(`reconciler ${def.name} api ${gvkString(r)} of reconciler not available in apigroup${where}`, def.origin));
          ok = false;
        }
      }
      let forSelector: Selector;
      try {
        forSelector = compileSelector(def.for.selector ?? null);
      } catch (e) {
        problems.push(problemAt(`reconciler ${def.name}${where}: for selector: ${(e as SelectorError).message}`, def.origin));
        continue;
      }
      if (!def.type) {
        problems.push(problemAt(`reconcilerTypenot specified for ${def.name}${where}`, def.origin));
        continue;
      }
      let typed: TypedReconciler;
      const custom = this.opts.types?.[def.type];
      if (custom) typed = custom(def, this.opts.store);
      else if (def.type === 'starlark') {
        const memo = this.memoOf(def);
        const star = new StarlarkReconciler({ def, store: this.opts.store, host, profile: this.opts.profile, projectDir: this.opts.projectDir, provenance: this.opts.provenance, memo });
        this.clock.start(); // the reconciler file's top level runs now, on the same budgets
        const problem = star.prepare();
        if (problem) {
          // a broken library is reported once, at its own file and line, with the reconcilers it stops
          const lib = star.libraryProblem;
          if (lib !== undefined) {
            let entry = libraryProblems.get(lib.message);
            if (!entry) libraryProblems.set(lib.message, (entry = { problem: lib, users: [] }));
            entry.users.push(def.name);
          } else problems.push(problem);
          continue;
        }
        typed = star;
      } else if (def.type === 'gotemplate' || def.type === 'jinjatemplate') {
        const tpl = new TemplateReconciler(def, this.opts.store);
        const problem = tpl.prepare();
        if (problem) {
          problems.push(problem);
          continue;
        }
        typed = tpl;
      } else {
        problems.push(problemAt(`reconcilerType ${def.type} is unsupported (reconciler ${def.name}${where})`, def.origin));
        continue;
      }
      if (!ok) continue;
      const forGvk = { group: def.for.group, version: def.for.version, kind: def.for.kind };
      this.entries.push({ def, typed, queue: new WorkQueue(this.opts.clock), forGvk, forSelector });
    }
    for (const { problem, users } of libraryProblems.values()) problems.push({ ...problem, message: `${problem.message} (needed by reconciler${users.length > 1 ? 's' : ''} ${users.join(', ')})` });
    if (problems.length) throw new ReconcilerLoadError(problems);
    this.registerHandlers();
  }

  private apisKey: string | undefined;

  /**
   * The memo of a Starlark reconciler, keyed by everything a reconcile depends on besides the store's objects:
   * its definition and code, the libraries, the registered APIs, the profile and the step budget.
   */
  private memoOf(def: ReconcilerDef): ReconcilerMemo | undefined {
    const { memo, extraBuiltins, debug } = this.opts;
    if (!memo || extraBuiltins || debug) return undefined;
    this.apisKey ??= hashText(JSON.stringify(this.opts.store.apis()));
    const key = hashText(JSON.stringify({ def, libraries: this.opts.libraries, apis: this.apisKey, profile: this.opts.profile, maxSteps: this.opts.limits?.maxSteps ?? null }));
    return memo.memo(def.name, key);
  }

  /** Opens the informers: every existing object is delivered as ADDED, then live events follow. */
  start(): void {
    this.unwatch = this.opts.store.watch((e) => this.dispatch(e), { replay: true });
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }

  get reconcilerNames(): string[] {
    return this.entries.map((e) => e.def.name);
  }

  /** Runs one reconcile of the next reconciler (round robin) that has a ready key. False when none is ready. */
  step(): boolean {
    const n = this.entries.length;
    for (let i = 0; i < n; i++) {
      const entry = this.entries[(this.rr + i) % n]!;
      const key = entry.queue.get();
      if (key === undefined) continue;
      this.rr = (this.rr + i + 1) % n;
      this.process(entry, key);
      return true;
    }
    return false;
  }

  /** Earliest due time of a delayed key over all queues. */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const e of this.entries) {
      const d = e.queue.nextDue();
      if (d !== undefined && (due === undefined || d < due)) due = d;
    }
    return due;
  }

  hasReady(): boolean {
    return this.entries.some((e) => e.queue.readyCount() > 0);
  }

  idle(): boolean {
    return this.entries.every((e) => e.queue.idle());
  }

  /** Reconcilers with work still queued or delayed. */
  busyReconcilers(): string[] {
    return this.entries.filter((e) => !e.queue.idle()).map((e) => e.def.name);
  }

  /** Queues every object of every reconciler's for kind again (prod mode "reconcile all"). */
  requeueAll(): void {
    for (const e of this.entries) {
      for (const o of this.opts.store.list(e.forGvk)) if (e.forSelector.matches(o)) this.enqueue(e, o.metadata.namespace ?? '', o.metadata.name ?? '');
    }
  }

  private process(entry: Entry, key: string): void {
    const slash = key.indexOf('/');
    const outcome = this.reconcileKey(entry, key.slice(0, slash), key.slice(slash + 1));
    switch (outcome.kind) {
      case 'error':
        entry.queue.forget(key);
        break;
      case 'requeueAfter':
        entry.queue.forget(key);
        entry.queue.addAfter(key, outcome.delayMs);
        break;
      case 'requeue':
        entry.queue.addRateLimited(key);
        break;
      case 'stop':
        entry.queue.forget(key);
        break;
    }
    entry.queue.done(key);
  }

  /** One reconcile with its events, error record and condition report; the queues are the caller's. */
  private reconcileKey(entry: Entry, namespace: string, name: string): ReconcileOutcome {
    const resource: RunResourceRef = { ...entry.forGvk, namespace, name };
    const reconcileUid = `${this.runTag}-${(this.uidSeq++).toString(16)}`;
    this.emit(entry, resource, reconcileUid, 'START', '');
    let outcome: ReconcileOutcome;
    this.clock.start();
    this.opts.debug?.reconcile({ reconciler: entry.def.name, resource });
    try {
      outcome = entry.typed.reconcile(namespace, name);
    } catch (e) {
      // A bug or an unexpected store error must not kill the runner: report it as the reconcile's error.
      outcome = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    } finally {
      this.opts.debug?.reconcile(undefined);
    }
    switch (outcome.kind) {
      case 'error': {
        this.emit(entry, resource, reconcileUid, 'ERROR', outcome.message);
        const err: RunError = {
          taskId: taskIdOf(entry.def.name, resource),
          reconciler: entry.def.name,
          resource,
          message: outcome.message,
          position: outcome.position,
          traceback: outcome.traceback,
          ...(outcome.frames ? { frames: outcome.frames } : {}),
        };
        this.errors.push(err);
        this.failure ??= err;
        break;
      }
      case 'requeueAfter':
        this.emit(entry, resource, reconcileUid, 'REQUEUE', '');
        break;
      case 'requeue':
        this.emit(entry, resource, reconcileUid, 'REQUEUE', outcome.message);
        break;
      case 'stop':
        this.emit(entry, resource, reconcileUid, 'STOP', '');
        break;
    }
    this.reportCondition(entry, resource);
    return outcome;
  }

  /**
   * Reconciles one object now, outside the queues, with every reconciler whose `for` is its kind (or the one
   * named): the debugger's "reconcile one object". Returns each reconciler's outcome; throws an Error that
   * says what to fix when the object or reconciler does not exist.
   */
  reconcileObject(target: ReconcileTarget, reconciler?: string): Array<{ reconciler: string; resource: RunResourceRef; outcome: ReconcileOutcome }> {
    const kind = target.kind.toLowerCase();
    const entries = this.entries.filter(
      (e) => (e.forGvk.kind.toLowerCase() === kind || this.opts.store.api(e.forGvk)?.resource === kind) && (reconciler === undefined || e.def.name === reconciler),
    );
    if (!entries.length) {
      const known = [...new Set(this.entries.map((e) => e.forGvk.kind))].sort().join(', ') || '(none)';
      throw new Error(
        reconciler !== undefined
          ? `No reconciler ${reconciler} reconciles ${target.kind}; reconcilers: ${this.entries.map((e) => `${e.def.name} (${e.forGvk.kind})`).join(', ') || '(none)'}`
          : `No reconciler reconciles the kind ${target.kind}; the reconciled kinds are ${known}`,
      );
    }
    const out: Array<{ reconciler: string; resource: RunResourceRef; outcome: ReconcileOutcome }> = [];
    for (const entry of entries) {
      const candidates = this.opts.store.list(entry.forGvk).filter((o) => o.metadata.name === target.name && (target.namespace === undefined || (o.metadata.namespace ?? '') === target.namespace));
      const where = target.namespace !== undefined ? ` in namespace "${target.namespace}"` : '';
      if (!candidates.length) throw new Error(`There is no ${entry.forGvk.kind} named "${target.name}"${where} in the store`);
      if (candidates.length > 1) {
        throw new Error(`Several ${entry.forGvk.kind} objects are named "${target.name}" (namespaces ${candidates.map((o) => o.metadata.namespace ?? '').join(', ')}): name the namespace too (KIND/NAMESPACE/NAME)`);
      }
      const namespace = candidates[0]!.metadata.namespace ?? '';
      const outcome = this.reconcileKey(entry, namespace, target.name);
      out.push({ reconciler: entry.def.name, resource: { ...entry.forGvk, namespace, name: target.name }, outcome });
    }
    return out;
  }

  private emit(entry: Entry, resource: RunResourceRef, reconcileUid: string, operation: RunOperation, message: string): void {
    const e: RunEvent = { timeMs: performance.timeOrigin + performance.now(), reconciler: entry.def.name, reconcileUid, resource, operation, message };
    this.events.push(e);
    this.opts.onEvent?.(e);
  }

  private reportCondition(entry: Entry, resource: RunResourceRef): void {
    if (!this.opts.onCondition) return;
    const obj = this.opts.store.tryGet(entry.forGvk, resource.namespace, resource.name);
    if (!obj) return;
    for (const type of entry.def.conditionType ? [entry.def.conditionType] : ['Ready']) {
      const c = getCondition(obj, type);
      if (!c) continue;
      const k = `${entry.def.name}|${resource.namespace}/${resource.name}|${type}`;
      const sig = `${c.status}|${c.reason}|${c.message}`;
      if (this.lastCondition.get(k) === sig) continue;
      this.lastCondition.set(k, sig);
      this.opts.onCondition({ reconciler: entry.def.name, resource, type, status: c.status, reason: c.reason, message: c.message });
    }
  }

  private enqueue(entry: Entry, namespace: string, name: string): void {
    entry.queue.add(`${namespace}/${name}`);
    this.onWork?.();
  }

  private on(gvk: GroupVersionKind, reconciler: string, h: Handler): void {
    const k = kindKey(gvk);
    let m = this.handlers.get(k);
    if (!m) this.handlers.set(k, (m = new Map()));
    // [quirk, spec §4.1] handlers are keyed by reconciler name per kind: the last registration wins.
    m.set(reconciler, h);
  }

  private registerHandlers(): void {
    for (const entry of this.entries) {
      const { def } = entry;
      this.on(entry.forGvk, def.name, (e) => {
        if (entry.forSelector.matches(e.object)) this.enqueue(entry, e.object.metadata.namespace ?? '', e.object.metadata.name ?? '');
      });
      for (const own of def.owns) {
        this.on(own, def.name, (e) => {
          for (const ref of e.object.metadata.ownerReferences ?? []) {
            if (ref.kind === entry.forGvk.kind && groupOf(ref.apiVersion) === entry.forGvk.group) this.enqueue(entry, e.object.metadata.namespace ?? '', ref.name);
          }
        });
      }
      for (const w of def.watches) {
        const match = w.selector?.match;
        if (!match || Object.keys(match).length === 0) {
          this.opts.onWarning?.(`reconciler ${def.name}: watch on ${gvkString(w)} has no selector.match; its events are ignored`);
          this.on(w, def.name, () => {});
          continue;
        }
        this.on(w, def.name, (e) => this.watchEvent(entry, match, e.object));
      }
    }
  }

  // [quirk, spec §4.3] the Go "selector builder": values of the watched object select for-objects whose
  // field named by the configured *value* equals it; then the for-selector is checked on the watched object.
  private watchEvent(entry: Entry, match: Record<string, string>, watched: KrmObject): void {
    const sel: Record<string, string> = {};
    for (const [expr, valueExpr] of Object.entries(match)) {
      const v = fieldValue(watched, expr);
      if (!v.found) return;
      sel[valueExpr] = v.value;
    }
    if (!entry.forSelector.matches(watched)) return;
    const filter = fieldSelector(sel);
    const [firstExpr, firstValue] = Object.entries(sel)[0]!;
    for (const key of this.index(entry.forGvk, firstExpr).keys(firstValue)) {
      const slash = key.indexOf('/');
      const o = this.opts.store.tryGet(entry.forGvk, key.slice(0, slash), key.slice(slash + 1));
      if (o && filter.matches(o)) this.enqueue(entry, o.metadata.namespace ?? '', o.metadata.name ?? '');
    }
  }

  /** The field index of a kind by V(expr), built on first use and then kept current by dispatch(). */
  private index(gvk: GroupVersionKind, expr: string): FieldIndex {
    const k = kindKey(gvk);
    let byExpr = this.indexes.get(k);
    if (!byExpr) this.indexes.set(k, (byExpr = new Map()));
    let idx = byExpr.get(expr);
    if (!idx) {
      idx = new FieldIndex(expr);
      for (const o of this.opts.store.list(gvk)) idx.add(o);
      byExpr.set(expr, idx);
    }
    return idx;
  }

  /** kindKey per event gvk object (the store's per-API gvk objects are long-lived and never change). */
  private readonly eventKeys = new WeakMap<GroupVersionKind, string>();

  private dispatch(e: WatchEvent): void {
    let key = this.eventKeys.get(e.gvk);
    if (key === undefined) this.eventKeys.set(e.gvk, (key = kindKey(e.gvk)));
    const byExpr = this.indexes.get(key);
    if (byExpr) for (const idx of byExpr.values()) idx.update(e);
    const m = this.handlers.get(key);
    if (!m) return;
    for (const h of m.values()) h(e);
  }
}

export { ReconcilerLoadError };
