// The Starlark side of one runtime: host builtins, the library loader (modules cached and frozen, shared by
// every reconciler of the runtime) and the pointer to the reconcile in progress. Reconciles never overlap
// (the runtime is single-threaded), so one "current scope" serves every builtin and every library.
import type { LibraryDef } from '../loader/types.js';
import { hostBuiltins, type ApiGeneration, type ReconcileScope } from '../builtins/host-builtins.js';
import { execFile, runtimeError, StarlarkError, Thread, type InterruptHook, type Module, type StarlarkOptions, type Value } from '../starlark/index.js';
import type { Debugger, DebugSource } from '../starlark/debug/debugger.js';
import { codeSource } from './embedded-code.js';

export interface StarlarkHostOptions {
  libraries: LibraryDef[];
  generation: ApiGeneration;
  /** Library and reconciler `print` output (the run log). */
  print?: (msg: string, file: string) => void;
  /**
   * Extension point: extra predeclared names added to the host builtins (they win on a name clash).
   * Delivery passes `config(key, default)` and `secret(key)` here (src-main/delivery/config-builtins.ts).
   */
  extraBuiltins?: Record<string, Value>;
  /** Step budget and the hint its error gives (per reconcile: every thread starts at 0). */
  limits?: Pick<StarlarkOptions, 'maxSteps' | 'stepLimitHint'>;
  /** Asked at Starlark checkpoints: a reason stops the running code (time budget, cancelled run). */
  interrupt?: InterruptHook;
  /** Debug mode: every file runs under this debugger (../starlark/debug/), named by its project file. */
  debugger?: Debugger;
  /** Project folder, to name code embedded in YAML files by its file and line (debug mode). */
  projectDir?: string;
}

/** A library whose own code failed while loading (syntax, resolve or top-level runtime error). */
export interface LibraryFailure {
  library: LibraryDef;
  error: StarlarkError;
}

export class StarlarkHost {
  readonly predeclared: Record<string, Value>;
  current: ReconcileScope | undefined;
  private readonly libraries = new Map<string, LibraryDef>();
  private readonly modules = new Map<string, Module | StarlarkError>();
  private readonly loading = new Set<string>();
  /** Per failed library: the library whose own code is at fault (itself, or one it loads). */
  private readonly failures = new Map<string, LibraryFailure>();
  /** The failure behind the last failed load, and a counter that moves with every failed load. */
  private lastFailure: LibraryFailure | undefined;
  private failedLoads = 0;
  private readonly printFn: (msg: string, file: string) => void;
  private readonly limits: StarlarkHostOptions['limits'];
  private readonly interrupt: InterruptHook | undefined;
  /** Debug mode's debugger (threads carry it; files then compile with its hooks). */
  readonly debugger: Debugger | undefined;
  readonly projectDir: string | undefined;

  constructor(opts: StarlarkHostOptions) {
    this.limits = opts.limits;
    this.interrupt = opts.interrupt;
    this.debugger = opts.debugger;
    this.projectDir = opts.projectDir;
    // Duplicate names: the last one wins, as with objects keyed by name (spec §8.2).
    for (const l of opts.libraries) this.libraries.set(l.name, l);
    this.predeclared = { ...hostBuiltins({ scope: () => this.current, generation: opts.generation }), ...opts.extraBuiltins };
    this.printFn = opts.print ?? (() => {});
  }

  /** The library behind a module name (for mapping error positions to files). */
  library(name: string): LibraryDef | undefined {
    return this.libraries.get(name);
  }

  /** The load() hook: executes a library once, then serves the frozen module. */
  readonly load = (name: string): Module => {
    const cached = this.modules.get(name);
    if (cached instanceof StarlarkError) {
      this.noteFailure(this.failures.get(name));
      throw cached;
    }
    if (cached) return cached;
    if (this.loading.has(name)) throw runtimeError('cycle in load graph');
    const lib = this.libraries.get(name);
    if (!lib || (lib.type !== '' && lib.type !== 'starlark')) throw runtimeError(`module ${name} not found in library`);
    this.loading.add(name);
    const before = this.failedLoads;
    try {
      const mod = this.exec(name, lib.code, this.debugger && codeSource(lib.origin, lib.code, this.projectDir, name));
      this.modules.set(name, mod);
      return mod;
    } catch (e) {
      if (e instanceof StarlarkError) {
        this.modules.set(name, e);
        // A library that fails because a library it loads failed keeps that one as the cause.
        const failure = this.failedLoads !== before && this.lastFailure ? this.lastFailure : { library: lib, error: e };
        this.failures.set(name, failure);
        this.noteFailure(failure);
      }
      throw e;
    } finally {
      this.loading.delete(name);
    }
  };

  private noteFailure(f: LibraryFailure | undefined): void {
    this.failedLoads++;
    this.lastFailure = f;
  }

  /** How many loads have failed so far (compare before and after running a file). */
  get loadFailures(): number {
    return this.failedLoads;
  }

  /**
   * The library at fault when a file that ran since `loadFailures` was `before` failed in a load: the
   * innermost library whose own code failed, so the error names its file and line rather than the load().
   */
  libraryFailureSince(before: number): LibraryFailure | undefined {
    return this.failedLoads !== before ? this.lastFailure : undefined;
  }

  /** A thread with this host's loader, budget and interrupt hook. */
  thread(name: string, print: (msg: string) => void): Thread {
    const t = new Thread({ name, load: this.load, print, options: { ...this.limits }, interrupt: this.interrupt });
    t.debugger = this.debugger;
    return t;
  }

  /**
   * Executes a file with the host builtins and loader; its globals come back frozen. `source` names the
   * file for the debugger (debug mode only).
   */
  exec(filename: string, source: string, debugSource?: DebugSource): Module {
    return execFile(filename, source, {
      predeclared: this.predeclared,
      thread: this.thread(filename, (msg) => this.printFn(msg, filename)),
      source: debugSource,
    });
  }

  print(msg: string, file: string): void {
    this.printFn(msg, file);
  }
}
