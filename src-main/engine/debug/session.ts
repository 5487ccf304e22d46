// One debug session of a Choreo project, on the debuggee's side: it owns the Starlark debugger, answers
// the DAP-modelled requests (src-shared/ipc/channels/debug.ts) and reports stops, output and the end.
// It knows nothing of threads or sockets: a DebugChannel brings requests and takes answers and events.
// When the program stops, the session blocks in DebugChannel.waitRequest() (a worker thread waits on
// Atomics; a test answers from a script) and inspects frames until a resume command arrives.
import { basename } from 'node:path';
import { objectMatches, parseObjectFilter, type ObjectFilter, type ReconciledObject } from '../../../src-shared/debug/object-filter.js';
import type {
  EvaluateResponse,
  LaunchRequest,
  OutputEvent,
  Scope,
  SourceBreakpoint,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Variable,
} from '../../../src-shared/ipc/channels/debug.js';
import type { RunResourceRef } from '../../../src-shared/run/result.js';
import { Debugger, type DebugFrame, type DebugHost, type ResumeCommand, type StopInfo } from '../starlark/debug/debugger.js';
import { childCount, children, evaluateInFrame, frameGlobals, frameLocals, isFrozen, preview, typeOf, type NamedValue } from '../starlark/debug/inspect.js';
import { StarlarkError, type Value } from '../starlark/index.js';
import type { RuntimeDebug } from '../runner/runtime.js';
import type { PlacedBreakpoint } from './breakpoints.js';

/** A request to the session (DAP's, without the ones the host answers itself). */
export type DebugRequest =
  | { command: 'setBreakpoints'; source: string; breakpoints: PlacedBreakpoint[] }
  | { command: 'setExceptionBreakpoints'; filters: string[] }
  | { command: 'continue' | 'next' | 'stepIn' | 'stepOut' | 'pause' | 'disconnect' }
  | { command: 'stackTrace' }
  | { command: 'scopes'; frameId: number }
  | { command: 'variables'; variablesReference: number; start?: number; count?: number }
  | { command: 'evaluate'; expression: string; frameId?: number; context: 'watch' | 'repl' | 'hover' };

export interface DebugRequestMessage {
  seq: number;
  request: DebugRequest;
}

/** An answer: the body, or an error message for the user. */
export type DebugResponse = { ok: true; body: unknown } | { ok: false; message: string };

/** Events as the IPC contract has them, without the session id (the host adds it). */
export type DebugEventMessage =
  | { event: 'stopped'; body: Omit<StoppedEvent, 'sessionId'> }
  | { event: 'continued'; body: { threadId: 1; allThreadsContinued: true } }
  | { event: 'output'; body: Omit<OutputEvent, 'sessionId'> }
  | { event: 'terminated'; body: Omit<TerminatedEvent, 'sessionId'> };

/** Where requests come from and answers go. */
export interface DebugChannel {
  /** The next request, waiting for it (the program is stopped; this blocks the interpreter). */
  waitRequest(): DebugRequestMessage;
  /** Requests that arrived while the program ran; never waits. */
  pollRequests(): DebugRequestMessage[];
  respond(seq: number, response: DebugResponse): void;
  event(e: DebugEventMessage): void;
}

/** Children shown per level; a value with more is split into ranges `[0…99]` (VS Code's chunks). */
export const VARIABLES_PAGE = 100;

/** What a variables reference stands for while the program is stopped. */
type RefTarget =
  | { kind: 'scope'; scope: 'locals' | 'globals'; frame: DebugFrame }
  | { kind: 'value'; value: Value; evaluateName?: string; start: number; count: number };

/** The error a session's end throws into the debuggee (nothing catches it; the run ends). */
export const SESSION_ENDED = 'the debug session was stopped';

export class DebugSession implements DebugHost {
  readonly debugger = new Debugger(this);
  /** The reconcile in progress (undefined while reconciler and library files load). */
  private current: { reconciler: string; resource: RunResourceRef } | undefined;
  private readonly objectFilter: ObjectFilter | undefined;
  private readonly filters = new Map<string, ObjectFilter[]>();
  private stopOnEntryPending: boolean;
  private frames: DebugFrame[] = [];
  private refs = new Map<number, RefTarget>();
  private nextRef = 1;

  constructor(
    private readonly channel: DebugChannel,
    launch: Pick<LaunchRequest, 'objectFilter' | 'stopOnEntry' | 'stopOnError'>,
    breakpoints: Array<{ source: string; breakpoints: PlacedBreakpoint[] }> = [],
  ) {
    if (launch.objectFilter && launch.objectFilter.trim() !== '') {
      const f = parseObjectFilter(launch.objectFilter);
      if ('error' in f) throw new Error(f.error);
      this.objectFilter = f;
    }
    this.stopOnEntryPending = !!launch.stopOnEntry;
    this.debugger.stopOnError = launch.stopOnError !== false;
    for (const b of breakpoints) this.setBreakpoints(b.source, b.breakpoints);
  }

  /** What the engine's runtime calls (ReconcilerRuntime's `debug` option). */
  readonly runtime: RuntimeDebug = {
    debugger: this.debugger,
    reconcile: (r) => {
      this.current = r;
      // a step does not carry over from one reconcile into the next
      this.debugger.resetStepping();
      if (r && this.stopOnEntryPending) {
        this.stopOnEntryPending = false;
        this.debugger.stopAtNextStatement();
      }
      this.poll();
    },
  };

  /** Handles what arrived while the program ran (breakpoint changes, pause, disconnect). Call often. */
  poll(): void {
    for (const m of this.channel.pollRequests()) this.handleWhileRunning(m);
  }

  /** Text the run printed (print(), progress, warnings) for the debug console. */
  print(output: string, category: OutputEvent['category'] = 'stdout'): void {
    this.channel.event({ event: 'output', body: { category, output } });
  }

  /** The debuggee ended. */
  terminated(message: string, success?: boolean): void {
    this.channel.event({ event: 'terminated', body: { message, ...(success !== undefined ? { success } : {}) } });
  }

  // ---- DebugHost ------------------------------------------------------------------------------

  stopped(info: StopInfo): ResumeCommand {
    this.frames = info.frames;
    this.refs = new Map();
    const c = this.current;
    this.channel.event({
      event: 'stopped',
      body: {
        reason: info.reason,
        description: info.reason === 'breakpoint' ? 'Paused on breakpoint' : info.reason === 'exception' ? 'Paused on exception' : info.reason === 'entry' ? 'Paused on entry' : info.reason === 'pause' ? 'Paused' : 'Paused on step',
        ...(info.error ? { text: info.error.msg } : {}),
        threadId: 1,
        allThreadsStopped: true,
        hitBreakpointIds: info.breakpointIds,
        ...(c ? { reconcile: { reconciler: c.reconciler, kind: c.resource.kind, namespace: c.resource.namespace, name: c.resource.name } } : {}),
      },
    });
    for (;;) {
      const { seq, request } = this.channel.waitRequest();
      const resume = this.resumeOf(request);
      if (resume === undefined) {
        this.channel.respond(seq, this.answer(request));
        continue;
      }
      this.frames = [];
      this.refs = new Map();
      this.channel.respond(seq, { ok: true, body: {} });
      if (resume === 'disconnect') {
        this.debugger.end(new StarlarkError('limit', SESSION_ENDED));
        return 'continue';
      }
      this.channel.event({ event: 'continued', body: { threadId: 1, allThreadsContinued: true } });
      return resume;
    }
  }

  output(text: string, where: { path: string; line: number }): void {
    this.channel.event({ event: 'output', body: { category: 'console', output: text, source: { path: where.path }, line: where.line } });
  }

  matchesFilter(filter: string): boolean {
    const c = this.current;
    if (!c) return false;
    let list = this.filters.get(filter);
    if (!list) {
      list = filter.split('\n').map((t) => parseObjectFilter(t) as ObjectFilter);
      this.filters.set(filter, list);
    }
    const o: ReconciledObject = { kind: c.resource.kind, namespace: c.resource.namespace, name: c.resource.name };
    return list.every((f) => objectMatches(f, o));
  }

  // ---- requests ---------------------------------------------------------------------------------

  private resumeOf(r: DebugRequest): ResumeCommand | 'disconnect' | undefined {
    switch (r.command) {
      case 'continue':
      case 'next':
      case 'stepIn':
      case 'stepOut':
      case 'disconnect':
        return r.command;
      default:
        return undefined;
    }
  }

  private handleWhileRunning({ seq, request }: DebugRequestMessage): void {
    switch (request.command) {
      case 'pause':
        this.debugger.requestPause();
        return this.channel.respond(seq, { ok: true, body: {} });
      case 'disconnect':
        this.debugger.end(new StarlarkError('limit', SESSION_ENDED));
        return this.channel.respond(seq, { ok: true, body: {} });
      case 'setBreakpoints':
      case 'setExceptionBreakpoints':
        return this.channel.respond(seq, this.answer(request));
      default:
        return this.channel.respond(seq, { ok: false, message: `The program is running: ${request.command} needs it stopped (pause it first).` });
    }
  }

  /** Answers a request that does not resume the program. */
  private answer(r: DebugRequest): DebugResponse {
    try {
      switch (r.command) {
        case 'setBreakpoints':
          this.setBreakpoints(r.source, r.breakpoints);
          return { ok: true, body: {} };
        case 'setExceptionBreakpoints':
          this.debugger.stopOnError = r.filters.includes('uncaught');
          return { ok: true, body: {} };
        case 'pause':
          return { ok: true, body: {} };
        case 'stackTrace':
          return { ok: true, body: { stackFrames: this.stackTrace(), totalFrames: this.frames.length } };
        case 'scopes':
          return { ok: true, body: { scopes: this.scopes(r.frameId) } };
        case 'variables':
          return { ok: true, body: { variables: this.variables(r.variablesReference, r.start, r.count) } };
        case 'evaluate':
          return { ok: true, body: this.evaluate(r.expression, r.frameId, r.context) };
        default:
          return { ok: false, message: `unexpected request ${r.command}` };
      }
    } catch (e) {
      return { ok: false, message: errorMessage(e) };
    }
  }

  /** Applies placed breakpoints (./breakpoints.ts): the unverified ones are left out. */
  setBreakpoints(source: string, placed: PlacedBreakpoint[]): void {
    const specs = placed.filter((p) => p.result.verified).map((p) => this.specOf(p.spec));
    this.debugger.setBreakpoints(source, specs);
  }

  private specOf(s: SourceBreakpoint) {
    const filter = [this.objectFilter?.text, s.object?.trim() || undefined].filter((f): f is string => !!f).join('\n');
    return {
      line: s.line,
      ...(s.condition ? { condition: s.condition } : {}),
      ...(s.hitCondition ? { hitCondition: s.hitCondition } : {}),
      ...(s.logMessage ? { logMessage: s.logMessage } : {}),
      ...(filter ? { filter } : {}),
    };
  }

  stackTrace(): StackFrame[] {
    return this.frames.map((f, i) => ({
      id: i + 1,
      name: f.code.name,
      source: { path: f.code.source.path, name: basename(f.code.source.path) },
      line: f.line,
      column: f.col,
    }));
  }

  private frame(frameId: number | undefined): DebugFrame {
    if (!this.frames.length) throw new Error('The program is not stopped.');
    if (frameId === undefined) return this.frames[0]!;
    const f = this.frames[frameId - 1];
    if (!f) throw new Error(`There is no frame ${frameId} (the stack has ${this.frames.length}).`);
    return f;
  }

  scopes(frameId: number): Scope[] {
    const frame = this.frame(frameId);
    const locals = frameLocals(frame);
    const globals = frameGlobals(frame);
    return [
      { name: 'Locals', variablesReference: this.ref({ kind: 'scope', scope: 'locals', frame }), namedVariables: locals.length, expensive: false },
      { name: 'Globals', variablesReference: this.ref({ kind: 'scope', scope: 'globals', frame }), namedVariables: globals.length, expensive: false },
    ];
  }

  variables(reference: number, start?: number, count?: number): Variable[] {
    const t = this.refs.get(reference);
    if (!t) throw new Error(this.frames.length ? `Variable reference ${reference} is not valid (it belongs to an earlier stop).` : 'The program is not stopped.');
    if (t.kind === 'scope') {
      const list = t.scope === 'locals' ? frameLocals(t.frame) : frameGlobals(t.frame);
      return list.map((v) => this.variable(v.name, v.value, v.name));
    }
    const from = t.start + (start ?? 0);
    const n = Math.min(count ?? t.count, t.start + t.count - from);
    if (n <= 0) return [];
    // many children: ranges first (each a reference of its own), pages of VARIABLES_PAGE at the bottom
    let size = VARIABLES_PAGE;
    while (n / size > VARIABLES_PAGE) size *= VARIABLES_PAGE;
    if (n > VARIABLES_PAGE && count === undefined) {
      const out: Variable[] = [];
      for (let i = from; i < from + n; i += size) {
        const c = Math.min(size, from + n - i);
        out.push({ name: `[${i}…${i + c - 1}]`, value: '', type: '', variablesReference: this.ref({ kind: 'value', value: t.value, evaluateName: t.evaluateName, start: i, count: c }), indexedVariables: c });
      }
      return out;
    }
    const kind = childCount(t.value)?.kind;
    return children(t.value, from, n).map((c) => this.variable(c.name, c.value, childExpression(t.value, t.evaluateName, c, kind)));
  }

  evaluate(expression: string, frameId: number | undefined, context: 'watch' | 'repl' | 'hover'): EvaluateResponse {
    const frame = this.frame(frameId);
    const value = this.debugger.quietly(() => evaluateInFrame(frame, expression, (msg) => this.print(msg)));
    const v = this.variable('', value, `(${expression})`, context === 'repl' ? 4000 : 1000);
    return { result: v.value, type: v.type, variablesReference: v.variablesReference, ...(v.indexedVariables !== undefined ? { indexedVariables: v.indexedVariables } : {}), ...(v.namedVariables !== undefined ? { namedVariables: v.namedVariables } : {}) };
  }

  private variable(name: string, value: Value, evaluateName: string | undefined, max = 200): Variable {
    const cc = childCount(value);
    const v: Variable = { name, value: preview(value, max), type: typeOf(value), variablesReference: 0 };
    if (cc) {
      v.variablesReference = this.ref({ kind: 'value', value, evaluateName, start: 0, count: cc.count });
      if (cc.kind === 'indexed') v.indexedVariables = cc.count;
      else v.namedVariables = cc.count;
    }
    if (evaluateName) v.evaluateName = evaluateName;
    if (isFrozen(value)) v.presentationHint = { attributes: ['readOnly'] };
    return v;
  }

  private ref(t: RefTarget): number {
    const id = this.nextRef++;
    this.refs.set(id, t);
    return id;
  }
}

/** The expression that gives a child in the frame, when there is one. */
function childExpression(parent: Value, parentExpr: string | undefined, c: NamedValue, kind: 'indexed' | 'named' | undefined): string | undefined {
  if (!parentExpr) return undefined;
  const type = typeOf(parent);
  if (type === 'list' || type === 'tuple') return `${parentExpr}[${c.name}]`;
  if (type === 'dict') return `${parentExpr}[${c.name}]`;
  if (kind === 'named' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name)) return `${parentExpr}.${c.name}`;
  return undefined;
}

/** An error as the user should read it; a syntax error in a typed expression says at which column. */
export function errorMessage(e: unknown): string {
  if (e instanceof StarlarkError) return e.kind === 'syntax' && e.pos?.file === '<expr>' ? `${e.msg} (line ${e.pos.line}, column ${e.pos.col})` : e.msg;
  return e instanceof Error ? e.message : String(e);
}
