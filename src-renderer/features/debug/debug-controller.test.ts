// The debugger controller against a fake host: breakpoints placed as they are set, a launch with them, a
// stop that fetches the stack, scopes and variables and opens the frame's line, lazy expansion, watches,
// the console, stepping, and the end of a session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoppedEvent } from '../../../src-shared/ipc/channels/debug';
import { setApiClient } from '../../api';
import { commands } from '../../kit/commands';
import { useNotices } from '../../state/notices';
import { useProject } from '../../state/project';
import { installFakeClient, type FakeClient, type Handlers } from '../../testing/fake-client';
import { useEditor } from '../editor/editor-store';
import { addWatch, debugCommands, evaluateInConsole, expandVariable, installDebugger, launchRequestOf, selectFrame, startDebugging, stepOver, stopDebugging, toggleBreakpoint, updateBreakpoint, updateForm } from './debug-controller';
import { defaultForm, runningState, useDebug } from './debug-store';

const opened: Array<{ path: string; line: number }> = [];
vi.mock('../editor/editor-controller', () => ({
  openFile: async (path: string, pos: { line: number }) => void opened.push({ path, line: pos.line }),
  saveAll: async () => undefined,
}));

const REC = 'reconcilers/studio.example.com.greeters.greeter.star';
const LIB = 'libs/studio.example.com.greetings.star';

const stopped = (over: Partial<StoppedEvent> = {}): StoppedEvent => ({
  sessionId: 7,
  reason: 'breakpoint',
  description: 'breakpoint',
  threadId: 1,
  allThreadsStopped: true,
  hitBreakpointIds: [1],
  reconcile: { reconciler: 'studio.example.com.greeters.greeter', kind: 'Greeter', namespace: 'default', name: 'world' },
  ...over,
});

/** A stopped debuggee: two frames (a library function called from reconcile), locals with a dict. */
const stoppedHost: Handlers = {
  'debug.setBreakpoints': (req) => ({ breakpoints: req.breakpoints.map((b) => ({ verified: true, line: b.line === 11 ? 12 : b.line })) }),
  'debug.launch': () => ({ sessionId: 7 }),
  'debug.stackTrace': () => ({
    stackFrames: [
      { id: 2, name: 'greeting_text', source: { path: LIB, name: 'studio.example.com.greetings.star' }, line: 9, column: 3 },
      { id: 1, name: 'reconcile', source: { path: REC, name: 'studio.example.com.greeters.greeter.star' }, line: 10, column: 3 },
    ],
    totalFrames: 2,
  }),
  'debug.scopes': (req) => ({ scopes: [{ name: 'Locals', variablesReference: 100 + req.frameId, expensive: false }, { name: 'Globals', variablesReference: 200, expensive: false }] }),
  'debug.variables': (req) =>
    req.variablesReference === 50
      ? { variables: [{ name: '"name"', value: '"world"', type: 'string', variablesReference: 0 }] }
      : { variables: [{ name: 'spec', value: '{"name": "world"}', type: 'dict', variablesReference: 50, namedVariables: 1 }, { name: 'language', value: '"en"', type: 'string', variablesReference: 0, presentationHint: { attributes: ['readOnly'] } }] },
  'debug.evaluate': (req) => {
    if (req.expression === 'nope') throw new Error('undefined: nope');
    return { result: `${req.expression}@${req.frameId}`, type: 'string', variablesReference: 0 };
  },
  'debug.next': () => ({}),
  'debug.disconnect': () => ({}),
};

let host: FakeClient;
let off: () => void = () => {};

beforeEach(() => {
  opened.length = 0;
  useNotices.setState({ notices: [] });
  useProject.setState({ status: 'closed', info: null } as never);
  useEditor.setState({ active: null, cursor: null, buffers: {}, order: [] });
  useDebug.setState({ breakpoints: {}, form: defaultForm, session: null, ...runningState, watches: [], console: [], ended: null });
  host = installFakeClient(stoppedHost);
  off = installDebugger();
});

afterEach(() => {
  off();
  setApiClient(undefined);
});

const flush = () => new Promise((r) => setTimeout(r, 0));
const called = (channel: string) => host.calls.filter((c) => c.channel === channel).map((c) => c.req as any);

describe('breakpoints', () => {
  it('are placed by the host as they are set (a blank line moves to the next statement), and go away on a second toggle', async () => {
    await toggleBreakpoint(REC, 11);
    expect(called('debug.setBreakpoints')[0]).toEqual({ source: REC, breakpoints: [{ line: 11 }] });
    expect(useDebug.getState().breakpoints[REC]![0]!.placed).toEqual({ verified: true, line: 12 });
    await updateBreakpoint(REC, 0, { condition: 'language == "nl"' });
    expect(called('debug.setBreakpoints')[1].breakpoints).toEqual([{ line: 11, condition: 'language == "nl"' }]);
    await toggleBreakpoint(REC, 12);
    expect(useDebug.getState().breakpoints[REC]).toBeUndefined();
    expect(called('debug.setBreakpoints')[2].breakpoints).toEqual([]);
  });

  it('F9 toggles at the cursor of the active .star file only', async () => {
    const offCmds = debugCommands().map((c) => commands.register(c));
    try {
      useProject.setState({ status: 'open' } as never);
      useEditor.setState({ active: 'in/x.yaml', cursor: { line: 3, column: 1 } });
      expect(commands.disabledReason('debug.toggleBreakpoint')).toMatch(/Starlark/);
      useEditor.setState({ active: LIB, cursor: { line: 4, column: 1 } });
      await commands.execute('debug.toggleBreakpoint');
      expect(useDebug.getState().breakpoints[LIB]!.map((b) => b.line)).toEqual([4]);
    } finally {
      offCmds.forEach((o) => o());
    }
  });
});

describe('a launch', () => {
  it('checks the form: the object to reconcile, the filter, the snapshot of a replay', () => {
    expect(launchRequestOf({ ...defaultForm, mode: 'reconcile', target: 'Greeter' }, {})).toHaveProperty('error');
    expect(launchRequestOf({ ...defaultForm, objectFilter: 'x' }, {})).toHaveProperty('error', expect.stringContaining('Object filter'));
    expect(launchRequestOf({ ...defaultForm, mode: 'replay', target: 'Greeter/world', snapshot: ' ' }, {})).toHaveProperty('error');
    expect(launchRequestOf({ ...defaultForm, mode: 'replay', target: 'Greeter/world', snapshot: 'abc', objectFilter: 'Greeter/*' }, { [REC]: [{ line: 12, enabled: true }] })).toEqual({
      mode: 'replay',
      target: { kind: 'Greeter', name: 'world' },
      snapshot: 'abc',
      objectFilter: 'Greeter/*',
      breakpoints: [{ source: REC, breakpoints: [{ line: 12 }] }],
      stopOnEntry: false,
      stopOnError: true,
    });
  });

  it('refuses a bad form with the reason, without calling the host', async () => {
    updateForm({ mode: 'reconcile', target: '' });
    await startDebugging();
    expect(called('debug.launch')).toHaveLength(0);
    expect(useNotices.getState().notices.at(-1)?.message).toMatch(/KIND\/NAME/);
  });

  it('sends the breakpoints; a stop fetches the stack, opens the innermost frame at its line, its scopes and first scope', async () => {
    await toggleBreakpoint(LIB, 9);
    await startDebugging();
    expect(called('debug.launch')[0]).toMatchObject({ mode: 'run', breakpoints: [{ source: LIB, breakpoints: [{ line: 9 }] }] });
    expect(useDebug.getState().session).toEqual({ id: 7, state: 'running', mode: 'run' });
    host.emit('debug.stopped', stopped());
    await flush();
    await flush();
    const s = useDebug.getState();
    expect(s.session?.state).toBe('stopped');
    expect(s.frames.map((f) => f.name)).toEqual(['greeting_text', 'reconcile']);
    expect(s.frameId).toBe(2);
    expect(opened).toEqual([{ path: LIB, line: 9 }]);
    expect(s.scopes.map((x) => x.name)).toEqual(['Locals', 'Globals']);
    expect(s.children[102]!.map((v) => v.name)).toEqual(['spec', 'language']);
    // deeper values load when expanded, once
    await expandVariable(50);
    await expandVariable(50);
    expect(useDebug.getState().children[50]![0]!.value).toBe('"world"');
    expect(called('debug.variables').filter((r) => r.variablesReference === 50)).toHaveLength(1);
  });

  it('evaluates watches and the console in the selected frame, and reports errors', async () => {
    await startDebugging();
    host.emit('debug.stopped', stopped());
    await flush();
    await flush();
    await addWatch('spec');
    await addWatch('nope');
    expect(useDebug.getState().watches).toEqual([
      { expression: 'spec', result: { result: 'spec@2', type: 'string', variablesReference: 0 } },
      { expression: 'nope', error: 'undefined: nope' },
    ]);
    await selectFrame(1);
    expect(opened.at(-1)).toEqual({ path: REC, line: 10 });
    expect(useDebug.getState().watches[0]!.result?.result).toBe('spec@1');
    await evaluateInConsole('text.upper()');
    expect(useDebug.getState().console.slice(-2)).toEqual([
      { kind: 'input', text: 'text.upper()' },
      { kind: 'result', text: 'text.upper()@1' },
    ]);
  });

  it('a step clears the stop, output goes to the console, and the session ends with the host', async () => {
    await startDebugging();
    host.emit('debug.stopped', stopped());
    await flush();
    await stepOver();
    expect(called('debug.next')).toEqual([{ sessionId: 7 }]);
    expect(useDebug.getState()).toMatchObject({ session: { state: 'running' }, frames: [], scopes: [], stopped: null });
    host.emit('debug.output', { sessionId: 7, category: 'console', output: 'word=Hallo\n', source: { path: LIB }, line: 5 });
    expect(useDebug.getState().console.at(-1)).toEqual({ kind: 'output', text: 'word=Hallo', source: LIB, line: 5 });
    host.emit('debug.terminated', { sessionId: 7, message: 'run once: 2 reconciles, 0 failed', success: true });
    expect(useDebug.getState().session).toBeNull();
    expect(useDebug.getState().ended).toEqual({ message: 'run once: 2 reconciles, 0 failed', success: true });
  });

  it('stop disconnects the session', async () => {
    await startDebugging();
    await stopDebugging();
    expect(called('debug.disconnect')).toEqual([{ sessionId: 7 }]);
    expect(useDebug.getState().session).toBeNull();
  });

  it('ignores events of another session', async () => {
    await startDebugging();
    host.emit('debug.stopped', stopped({ sessionId: 99 }));
    host.emit('debug.terminated', { sessionId: 99, message: 'other' });
    await flush();
    expect(useDebug.getState().session).toEqual({ id: 7, state: 'running', mode: 'run' });
  });
});
