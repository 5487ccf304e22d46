// The debugger side of the workbench: every call to the host's debug channels (src-shared/ipc/channels/
// debug.ts, DAP-shaped) and the store updates that follow. Breakpoints live here without a session and are
// placed by the host as they are set (a blank line moves to the next statement); a launch sends them all.
// On a stop it fetches the stack, selects the innermost frame, opens its file at the line, and fetches the
// frame's scopes, the first scope's variables and the watches; deeper values load when expanded.
import type { LaunchRequest, StoppedEvent } from '../../../src-shared/ipc/channels/debug';
import { parseObjectFilter } from '../../../src-shared/debug/object-filter';
import { getApiClient, invoke } from '../../api';
import { needsProject } from '../../kit/command-guards';
import { commands, type Command } from '../../kit/commands';
import { errorMessage } from '../../kit/ipc-errors';
import { useLayout } from '../../state/layout';
import { notify } from '../../state/notices';
import { followProjectRoot } from '../../state/project';
import { openFile, saveAll } from '../editor/editor-controller';
import { dirtyPaths, useEditor } from '../editor/editor-store';
import { appendConsole, applyPlacement, defaultForm, parseTarget, patchDebug, runningState, toggleBreakpointIn, toSource, useDebug, type Breakpoint, type ConsoleLine, type LaunchForm } from './debug-store';

/** Bumped on every stop and every resume: answers that arrive for an older stop are dropped. */
let stopSeq = 0;

// ---- breakpoints -------------------------------------------------------------------------------

/** Breakpoints exist in Starlark files only (reconcilers and libraries). */
export function isDebuggable(path: string | null | undefined): path is string {
  return !!path && path.endsWith('.star');
}

export function toggleBreakpoint(path: string, line: number): Promise<void> {
  const list = useDebug.getState().breakpoints[path] ?? [];
  return setFileBreakpoints(path, toggleBreakpointIn(list, line));
}

/** Changes one breakpoint (condition, hit count, log message, object filter, enabled). */
export function updateBreakpoint(path: string, index: number, patch: Partial<Omit<Breakpoint, 'placed'>>): Promise<void> {
  const list = useDebug.getState().breakpoints[path] ?? [];
  if (!list[index]) return Promise.resolve();
  return setFileBreakpoints(path, list.map((b, i) => (i === index ? { ...b, ...patch } : b)));
}

export function removeBreakpoint(path: string, index: number): Promise<void> {
  const list = useDebug.getState().breakpoints[path] ?? [];
  return setFileBreakpoints(path, list.filter((_, i) => i !== index));
}

export async function removeAllBreakpoints(): Promise<void> {
  const files = Object.keys(useDebug.getState().breakpoints);
  await Promise.all(files.map((f) => setFileBreakpoints(f, [])));
}

/** Lines moved by edits in the editor (the gutter follows its decorations): no new placement until saved. */
export function moveBreakpointLines(path: string, lines: readonly number[]): void {
  const list = useDebug.getState().breakpoints[path];
  if (!list || lines.length !== list.length || list.every((b, i) => b.line === lines[i])) return;
  patchDebug({ breakpoints: { ...useDebug.getState().breakpoints, [path]: list.map((b, i) => ({ ...b, line: lines[i]!, placed: undefined })) } });
}

/** Stores the file's breakpoints and asks the host where they go (and tells a running session). */
async function setFileBreakpoints(path: string, list: Breakpoint[]): Promise<void> {
  const all = { ...useDebug.getState().breakpoints };
  if (list.length) all[path] = list;
  else delete all[path];
  patchDebug({ breakpoints: all });
  await placeBreakpoints(path);
}

/** Asks the host to place the file's breakpoints now (after a save, a launch, a toggle). */
export async function placeBreakpoints(path: string): Promise<void> {
  const sent = useDebug.getState().breakpoints[path] ?? [];
  const session = useDebug.getState().session;
  try {
    const { breakpoints } = await invoke('debug.setBreakpoints', { ...(session && session.state !== 'starting' ? { sessionId: session.id } : {}), source: path, breakpoints: toSource(sent) });
    // a newer change of this file's breakpoints is on its way: its answer wins
    if (useDebug.getState().breakpoints[path] !== sent || !sent.length) return;
    patchDebug({ breakpoints: { ...useDebug.getState().breakpoints, [path]: applyPlacement(sent, breakpoints) } });
  } catch (err) {
    notify('warning', `Could not set the breakpoints of ${path}: ${errorMessage(err)}`);
  }
}

// ---- launch and stepping -----------------------------------------------------------------------

export function updateForm(patch: Partial<LaunchForm>): void {
  patchDebug({ form: { ...useDebug.getState().form, ...patch } });
}

/** The launch request the form describes, or what is wrong with the form. */
export function launchRequestOf(form: LaunchForm, breakpoints: Record<string, Breakpoint[]>): LaunchRequest | { error: string } {
  const req: LaunchRequest = {
    mode: form.mode,
    breakpoints: Object.entries(breakpoints).map(([source, list]) => ({ source, breakpoints: toSource(list) })),
    stopOnEntry: form.stopOnEntry,
    stopOnError: form.stopOnError,
  };
  if (form.objectFilter.trim()) {
    const f = parseObjectFilter(form.objectFilter);
    if ('error' in f) return f;
    req.objectFilter = f.text;
  }
  if (form.mode !== 'run') {
    const t = parseTarget(form.target);
    if ('error' in t) return t;
    req.target = t;
  }
  if (form.mode === 'replay') {
    if (!form.snapshot.trim()) return { error: 'Pick the snapshot to replay against.' };
    req.snapshot = form.snapshot.trim();
  }
  return req;
}

export async function startDebugging(): Promise<void> {
  const s = useDebug.getState();
  if (s.session) return notify('info', 'A debug session is already running. Stop it first, then start another.');
  const req = launchRequestOf(s.form, s.breakpoints);
  if ('error' in req) {
    useLayout.setState({ sideView: 'debug', sidebarVisible: true });
    return notify('warning', req.error);
  }
  // The debuggee reads the files on disk: what the user sees in the editor is what runs.
  if (dirtyPaths(useEditor.getState()).length) await saveAll();
  stopSeq++;
  patchDebug({ session: { id: -1, state: 'starting', mode: req.mode }, ...runningState, ended: null, console: [info(launchLine(s.form))] });
  useLayout.getState().showPanel('debug');
  try {
    const { sessionId } = await invoke('debug.launch', req);
    const now = useDebug.getState().session;
    // a stop may have come before the answer, carrying the id already
    if (now && now.state === 'starting') patchDebug({ session: { ...now, id: sessionId, state: 'running' } });
    else if (now) patchDebug({ session: { ...now, id: sessionId } });
  } catch (err) {
    patchDebug({ session: null });
    say('error', `The debug session did not start: ${errorMessage(err)}`);
    notify('error', `The debug session did not start: ${errorMessage(err)}`);
  }
}

function launchLine(form: LaunchForm): string {
  const what = form.mode === 'run' ? 'a run once' : form.mode === 'reconcile' ? `the reconcile of ${form.target.trim()}` : `the reconcile of ${form.target.trim()} against snapshot ${form.snapshot.trim()}`;
  return `Debugging ${what}${form.objectFilter.trim() ? `, stopping only for ${form.objectFilter.trim()}` : ''} (nothing is written to the project).`;
}

type StepCommand = 'debug.continue' | 'debug.next' | 'debug.stepIn' | 'debug.stepOut';

async function resume(channel: StepCommand): Promise<void> {
  const s = useDebug.getState().session;
  if (!s || s.state !== 'stopped') return;
  stopSeq++;
  patchDebug({ session: { ...s, state: 'running' }, ...runningState });
  try {
    await invoke(channel, { sessionId: s.id });
  } catch (err) {
    say('error', errorMessage(err));
  }
}

export const continueRun = () => resume('debug.continue');
export const stepOver = () => resume('debug.next');
export const stepInto = () => resume('debug.stepIn');
export const stepOut = () => resume('debug.stepOut');

export async function pause(): Promise<void> {
  const s = useDebug.getState().session;
  if (!s || s.state !== 'running') return;
  await invoke('debug.pause', { sessionId: s.id }).catch((err) => say('error', errorMessage(err)));
}

export async function stopDebugging(): Promise<void> {
  const s = useDebug.getState().session;
  if (!s) return;
  stopSeq++;
  patchDebug({ session: null, ...runningState, ended: { message: 'Stopped.' } });
  say('info', 'The debug session was stopped.');
  if (s.id >= 0) await invoke('debug.disconnect', { sessionId: s.id }).catch(() => undefined);
}

// ---- a stop: stack, scopes, variables, watches -------------------------------------------------

async function onStopped(e: StoppedEvent): Promise<void> {
  const s = useDebug.getState().session;
  // a stop of a session we no longer follow (stopped from another window, replaced)
  if (!s || (s.id >= 0 && s.id !== e.sessionId)) return;
  const seq = ++stopSeq;
  patchDebug({ session: { ...s, id: e.sessionId, state: 'stopped' }, ...runningState, stopped: e });
  if (e.reason === 'exception') say('error', `Stopped on an error: ${e.text ?? e.description}`);
  try {
    const { stackFrames } = await invoke('debug.stackTrace', { sessionId: e.sessionId });
    if (seq !== stopSeq) return;
    patchDebug({ frames: stackFrames });
    if (stackFrames[0]) await selectFrame(stackFrames[0].id);
  } catch (err) {
    if (seq === stopSeq) say('error', `Could not read the call stack: ${errorMessage(err)}`);
  }
}

/** Shows a frame: its line in the editor, its scopes (the first expanded), and the watches in it. */
export async function selectFrame(frameId: number): Promise<void> {
  const s = useDebug.getState();
  const frame = s.frames.find((f) => f.id === frameId);
  if (!s.session || !frame) return;
  const seq = stopSeq;
  const sessionId = s.session.id;
  patchDebug({ frameId, scopes: [], children: {}, expanded: {} });
  void openFile(frame.source.path, { line: frame.line, column: Math.max(1, frame.column) });
  try {
    const { scopes } = await invoke('debug.scopes', { sessionId, frameId });
    if (seq !== stopSeq || useDebug.getState().frameId !== frameId) return;
    patchDebug({ scopes });
    if (scopes[0]) await expandVariable(scopes[0].variablesReference);
  } catch (err) {
    if (seq === stopSeq) say('error', `Could not read the variables: ${errorMessage(err)}`);
  }
  await evaluateWatches();
}

/** Expands a scope or value; its children are fetched once per stop. */
export async function expandVariable(ref: number): Promise<void> {
  const s = useDebug.getState();
  if (!s.session || s.session.state !== 'stopped' || ref <= 0) return;
  patchDebug({ expanded: { ...s.expanded, [ref]: true } });
  if (s.children[ref]) return;
  const seq = stopSeq;
  try {
    const { variables } = await invoke('debug.variables', { sessionId: s.session.id, variablesReference: ref });
    if (seq !== stopSeq) return;
    patchDebug({ children: { ...useDebug.getState().children, [ref]: variables } });
  } catch (err) {
    if (seq === stopSeq) say('error', `Could not read the value: ${errorMessage(err)}`);
  }
}

export function collapseVariable(ref: number): void {
  const { [ref]: _, ...rest } = useDebug.getState().expanded;
  patchDebug({ expanded: rest });
}

// ---- watches and the console -------------------------------------------------------------------

export async function addWatch(expression: string): Promise<void> {
  const e = expression.trim();
  if (!e) return;
  patchDebug({ watches: [...useDebug.getState().watches, { expression: e }] });
  await evaluateWatches();
}

export function removeWatch(index: number): void {
  patchDebug({ watches: useDebug.getState().watches.filter((_, i) => i !== index) });
}

/** Evaluates every watch in the selected frame (while stopped; running, they keep their last values). */
export async function evaluateWatches(): Promise<void> {
  const s = useDebug.getState();
  if (!s.session || s.session.state !== 'stopped' || !s.watches.length) return;
  const seq = stopSeq;
  const sessionId = s.session.id;
  const frameId = s.frameId ?? undefined;
  const results = await Promise.all(
    s.watches.map((w) =>
      invoke('debug.evaluate', { sessionId, expression: w.expression, frameId, context: 'watch' }).then(
        (result) => ({ expression: w.expression, result }),
        (err) => ({ expression: w.expression, error: errorMessage(err) }),
      ),
    ),
  );
  if (seq !== stopSeq) return;
  const byExpr = new Map(results.map((r) => [r.expression, r]));
  patchDebug({ watches: useDebug.getState().watches.map((w) => byExpr.get(w.expression) ?? w) });
}

/** The debug console: evaluates a Starlark expression in the selected frame of the stopped program. */
export async function evaluateInConsole(expression: string): Promise<void> {
  const e = expression.trim();
  if (!e) return;
  say('input', e);
  const s = useDebug.getState();
  if (!s.session || s.session.state !== 'stopped') return say('error', 'The program is not stopped: evaluation needs a stopped frame (set a breakpoint, or Pause).');
  try {
    const r = await invoke('debug.evaluate', { sessionId: s.session.id, expression: e, frameId: s.frameId ?? undefined, context: 'repl' });
    say('result', r.result);
  } catch (err) {
    say('error', errorMessage(err));
  }
}

export function clearConsole(): void {
  patchDebug({ console: [] });
}

function say(kind: ConsoleLine['kind'], text: string, place?: { source?: string; line?: number }): void {
  patchDebug({ console: appendConsole(useDebug.getState().console, { kind, text, ...place }) });
}

const info = (text: string): ConsoleLine => ({ kind: 'info', text });

// ---- wiring ------------------------------------------------------------------------------------

async function onProjectOpened(): Promise<void> {
  stopSeq++;
  useDebug.setState({ breakpoints: {}, form: defaultForm, session: null, ...runningState, watches: [], console: [], ended: null });
  // a session that outlived a reload of the window: follow it again
  try {
    const state = await invoke('debug.session', {});
    if (!state) return;
    patchDebug({ session: { id: state.sessionId, state: 'running', mode: state.launch.mode } });
    if (state.stopped) await onStopped(state.stopped);
  } catch {
    // no debugger on this host: the view shows its start button, which reports the error when used
  }
}

let installed = false;

/** Follows the host's debug events (once per page). */
export function installDebugger(): () => void {
  if (installed) return () => {};
  installed = true;
  const client = getApiClient();
  const mine = (id: number) => {
    const s = useDebug.getState().session;
    return !!s && (s.id === id || s.id < 0);
  };
  const offs = [
    client.on('debug.stopped', (e) => void onStopped(e)),
    client.on('debug.continued', (e) => {
      const s = useDebug.getState().session;
      if (!s || !mine(e.sessionId) || s.state === 'running') return;
      stopSeq++;
      patchDebug({ session: { ...s, id: e.sessionId, state: 'running' }, ...runningState });
    }),
    client.on('debug.output', (e) => {
      if (mine(e.sessionId)) say(e.category === 'stderr' ? 'error' : 'output', e.output.replace(/\n$/, ''), { source: e.source?.path, line: e.line });
    }),
    client.on('debug.terminated', (e) => {
      if (!mine(e.sessionId)) return;
      stopSeq++;
      patchDebug({ session: null, ...runningState, ended: { message: e.message, success: e.success } });
      say(e.success === false ? 'error' : 'info', e.message);
    }),
  ];
  const unsub = followProjectRoot((root) => {
    if (root) void onProjectOpened();
  });
  // the debug commands' enabled states follow the session
  const offContext = useDebug.subscribe((now, prev) => {
    if (now.session?.state !== prev.session?.state) commands.contextChanged();
  });
  return () => {
    offs.forEach((off) => off());
    unsub();
    offContext();
    installed = false;
  };
}

const notStopped = () => (useDebug.getState().session?.state === 'stopped' ? undefined : 'The program is not stopped at a breakpoint.');
const noSession = () => needsProject() ?? (useDebug.getState().session ? 'A debug session is running: stop it first.' : undefined);
const noRunning = () => (useDebug.getState().session?.state === 'running' ? undefined : 'The program is not running.');
const noDebugSession = () => (useDebug.getState().session ? undefined : 'No debug session is running.');
const needsStarFile = () => needsProject() ?? (isDebuggable(useEditor.getState().active) ? undefined : 'Breakpoints go in Starlark (.star) files: open one first.');

/** The debugger's commands (F8 continue, F9 breakpoint, F10/F11/Shift+F11 steps, F6 pause). */
export function debugCommands(): Command[] {
  installDebugger();
  return [
    { id: 'debug.start', title: 'Start Debugging', category: 'Debug', aliases: ['debug run', 'debugger', 'replay'], disabledReason: noSession, run: () => startDebugging() },
    { id: 'debug.continue', title: 'Continue', category: 'Debug', shortcut: 'F8', aliases: ['resume'], disabledReason: notStopped, run: () => continueRun() },
    { id: 'debug.stepOver', title: 'Step Over', category: 'Debug', shortcut: 'F10', aliases: ['next'], disabledReason: notStopped, run: () => stepOver() },
    { id: 'debug.stepInto', title: 'Step Into', category: 'Debug', shortcut: 'F11', disabledReason: notStopped, run: () => stepInto() },
    { id: 'debug.stepOut', title: 'Step Out', category: 'Debug', shortcut: 'Shift+F11', disabledReason: notStopped, run: () => stepOut() },
    { id: 'debug.pause', title: 'Pause', category: 'Debug', shortcut: 'F6', disabledReason: noRunning, run: () => pause() },
    { id: 'debug.stop', title: 'Stop Debugging', category: 'Debug', aliases: ['disconnect', 'end debug session'], disabledReason: noDebugSession, run: () => stopDebugging() },
    {
      id: 'debug.toggleBreakpoint',
      title: 'Toggle Breakpoint',
      category: 'Debug',
      shortcut: 'F9',
      disabledReason: needsStarFile,
      run: () => {
        const path = useEditor.getState().active;
        const line = useEditor.getState().cursor?.line;
        if (isDebuggable(path) && line) return toggleBreakpoint(path, line);
      },
    },
    { id: 'debug.removeAllBreakpoints', title: 'Remove All Breakpoints', category: 'Debug', disabledReason: needsProject, run: () => removeAllBreakpoints() },
  ];
}
