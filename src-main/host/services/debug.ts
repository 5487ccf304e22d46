// Handlers of the debugger channels (src-shared/ipc/channels/debug.ts). One debug session per host at a
// time, its debuggee in a worker thread (workers/debug-client.ts). The service answers what it can itself
// (breakpoint placement, state, pause), forwards inspection and stepping to the stopped debuggee, and
// re-emits the debuggee's events with the session id.
import { promises as fs } from 'node:fs';
import { parseObjectFilter } from '../../../src-shared/debug/object-filter.js';
import type { debugChannels, DebugSessionState, LaunchRequest, SourceBreakpoint, StoppedEvent } from '../../../src-shared/ipc/channels/debug.js';
import type { Response } from '../../../src-shared/ipc/contract.js';
import { placeInText, type DebugRequest, type PlacedBreakpoint } from '../../engine/index.js';
import { confinePath } from '../../project/confine.js';
import { HostError, type HandlerGroup, type HostContext } from '../handlers.js';
import { DebugClient } from '../workers/debug-client.js';
import { mapProjectErrors } from './project-errors.js';

interface Session {
  id: number;
  root: string;
  launch: LaunchRequest;
  client: DebugClient;
  stopped?: StoppedEvent;
}

/** Largest source file the service reads to place breakpoints (the editor's own limit is larger). */
const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

export class DebugService {
  private session: Session | undefined;
  private seq = 0;

  constructor(private readonly ctx: HostContext) {}

  async launch(launch: LaunchRequest): Promise<{ sessionId: number }> {
    // a session of a project that is no longer open ends with it
    if (this.session && this.session.root !== this.ctx.projectRoot()) await this.dispose();
    if (this.session) throw new HostError('unavailable', 'A debug session is already running. Stop it first (Stop Debugging in Run and Debug), then start another.');
    const root = this.ctx.projectRoot();
    if (launch.objectFilter && launch.objectFilter.trim() !== '') {
      const f = parseObjectFilter(launch.objectFilter);
      if ('error' in f) throw new HostError('invalid-request', f.error);
    }
    const breakpoints = await Promise.all(launch.breakpoints.map(async (b) => ({ source: b.source, breakpoints: await this.place(root, b.source, b.breakpoints) })));
    const id = ++this.seq;
    const session: Session = {
      id,
      root,
      launch,
      client: new DebugClient({
        dir: root,
        launch,
        breakpoints,
        options: { internalReconcilers: launch.mode === 'run' ? this.ctx.internalReconcilers : undefined, folders: this.ctx.folders, limits: this.ctx.limits },
        onEvent: (e) => {
          switch (e.event) {
            case 'stopped':
              session.stopped = { ...e.body, sessionId: id };
              return this.ctx.emit('debug.stopped', session.stopped);
            case 'continued':
              session.stopped = undefined;
              return this.ctx.emit('debug.continued', { ...e.body, sessionId: id });
            case 'output':
              return this.ctx.emit('debug.output', { ...e.body, sessionId: id });
            case 'terminated':
              if (this.session === session) this.session = undefined;
              return this.ctx.emit('debug.terminated', { ...e.body, sessionId: id });
          }
        },
      }),
    };
    this.session = session;
    return { sessionId: id };
  }

  /** Places breakpoints on the file's statement lines; a running session gets them too. */
  async setBreakpoints(source: string, specs: SourceBreakpoint[], sessionId?: number) {
    const root = this.ctx.projectRoot();
    const placed = await this.place(root, source, specs);
    const s = this.session;
    if (s && (sessionId === undefined || sessionId === s.id) && s.root === root) void s.client.request({ command: 'setBreakpoints', source, breakpoints: placed });
    return { breakpoints: placed.map((p) => p.result) };
  }

  setExceptionBreakpoints(sessionId: number, filters: Array<'uncaught'>) {
    const s = this.current(sessionId);
    void s.client.request({ command: 'setExceptionBreakpoints', filters });
    return {};
  }

  /** continue, next, stepIn, stepOut: the program must be stopped. */
  async resume(sessionId: number, command: 'continue' | 'next' | 'stepIn' | 'stepOut') {
    await this.ask(sessionId, { command });
    return {};
  }

  pause(sessionId: number) {
    this.current(sessionId).client.pause();
    return {};
  }

  async disconnect(sessionId: number) {
    const s = this.session;
    if (!s || s.id !== sessionId) return {};
    this.session = undefined;
    await s.client.disconnect();
    return {};
  }

  /** A request for the stopped program: its answer, or the debuggee's error as an invalid-request. */
  async ask(sessionId: number, request: DebugRequest): Promise<unknown> {
    const s = this.current(sessionId);
    if (s.client.state !== 'stopped') throw new HostError('unavailable', `The program is running: ${request.command} needs it stopped. Pause it (F6) or wait for a breakpoint.`);
    const r = await s.client.request(request);
    if (!r.ok) throw new HostError('invalid-request', r.message);
    return r.body;
  }

  state(): DebugSessionState | null {
    const s = this.session;
    if (!s) return null;
    return { sessionId: s.id, state: s.client.state === 'stopped' ? 'stopped' : 'running', launch: s.launch, ...(s.stopped ? { stopped: s.stopped } : {}) };
  }

  async dispose(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    await s?.client.disconnect();
  }

  private current(sessionId: number): Session {
    const s = this.session;
    if (!s || s.id !== sessionId) throw new HostError('not-found', `Debug session ${sessionId} is not running (it ended, or another one replaced it).`);
    return s;
  }

  /** Confines the source to the project, reads it, and places the breakpoints on its statement lines. */
  private async place(root: string, source: string, specs: SourceBreakpoint[]): Promise<PlacedBreakpoint[]> {
    const file = confinePath(root, source);
    let text: string | undefined;
    try {
      const st = await fs.stat(file);
      text = st.isFile() && st.size <= MAX_SOURCE_BYTES ? await fs.readFile(file, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    return placeInText(source, text, specs);
  }
}

const services = new WeakMap<HostContext, DebugService>();

export function debugServiceFor(ctx: HostContext): DebugService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new DebugService(ctx)));
  return s;
}

/** Stops the host's debug session (host shutdown, tests). */
export async function disposeDebugService(ctx: HostContext): Promise<void> {
  await services.get(ctx)?.dispose();
  services.delete(ctx);
}

export const debugHandlers: HandlerGroup<typeof debugChannels> = mapProjectErrors({
  'debug.launch': async (req, ctx) => debugServiceFor(ctx).launch(req),
  'debug.setBreakpoints': async ({ sessionId, source, breakpoints }, ctx) => debugServiceFor(ctx).setBreakpoints(source, breakpoints, sessionId),
  'debug.setExceptionBreakpoints': async ({ sessionId, filters }, ctx) => debugServiceFor(ctx).setExceptionBreakpoints(sessionId, filters),
  'debug.continue': async ({ sessionId }, ctx) => debugServiceFor(ctx).resume(sessionId, 'continue'),
  'debug.next': async ({ sessionId }, ctx) => debugServiceFor(ctx).resume(sessionId, 'next'),
  'debug.stepIn': async ({ sessionId }, ctx) => debugServiceFor(ctx).resume(sessionId, 'stepIn'),
  'debug.stepOut': async ({ sessionId }, ctx) => debugServiceFor(ctx).resume(sessionId, 'stepOut'),
  'debug.pause': async ({ sessionId }, ctx) => debugServiceFor(ctx).pause(sessionId),
  'debug.disconnect': async ({ sessionId }, ctx) => debugServiceFor(ctx).disconnect(sessionId),
  'debug.stackTrace': async ({ sessionId }, ctx) => (await debugServiceFor(ctx).ask(sessionId, { command: 'stackTrace' })) as Response<'debug.stackTrace'>,
  'debug.scopes': async ({ sessionId, frameId }, ctx) => (await debugServiceFor(ctx).ask(sessionId, { command: 'scopes', frameId })) as Response<'debug.scopes'>,
  'debug.variables': async ({ sessionId, variablesReference, start, count }, ctx) =>
    (await debugServiceFor(ctx).ask(sessionId, { command: 'variables', variablesReference, start, count })) as Response<'debug.variables'>,
  'debug.evaluate': async ({ sessionId, expression, frameId, context }, ctx) =>
    (await debugServiceFor(ctx).ask(sessionId, { command: 'evaluate', expression, frameId, context })) as Response<'debug.evaluate'>,
  'debug.session': async (_req, ctx) => debugServiceFor(ctx).state(),
});
