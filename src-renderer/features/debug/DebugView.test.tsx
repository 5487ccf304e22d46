// @vitest-environment jsdom
// The Run and Debug view and the Debug Console: what they show before a session, while stopped (the
// status, the call stack, variables with frozen values, watches), and that they mount and unmount cleanly.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeClient } from '../../testing/fake-client';
import { defaultForm, runningState, useDebug } from './debug-store';
import { DebugView } from './DebugView';
import { DebugConsolePanel } from './DebugConsolePanel';

vi.mock('../../monaco/monaco-setup', () => import('../../testing/stub-monaco'));

const LIB = 'libs/api.k8s.io.object.star';

beforeEach(() => {
  installFakeClient({});
  Element.prototype.scrollIntoView = function () {};
  useDebug.setState({ breakpoints: {}, form: defaultForm, session: null, ...runningState, watches: [], console: [], ended: null });
});
afterEach(cleanup);

describe('Run and Debug', () => {
  it('before a session: the launch form, the breakpoints with where the host placed them', () => {
    useDebug.setState({ breakpoints: { [LIB]: [{ line: 4, enabled: true, placed: { verified: true, line: 5 } }, { line: 90, enabled: true, placed: { verified: false, line: 90, message: 'No code at or after line 90' } }] } });
    render(<DebugView />);
    expect(screen.getByTestId('debug-form')).toBeTruthy();
    const rows = screen.getAllByTestId('debug-breakpoint');
    expect(rows[0]!.textContent).toContain('api.k8s.io.object.star:5');
    expect(rows[1]!.textContent).toContain('No code at or after line 90');
  });

  it('stopped: the status names the object, the stack, variables marked frozen, and watches', () => {
    useDebug.setState({
      session: { id: 1, state: 'stopped', mode: 'run' },
      stopped: { sessionId: 1, reason: 'breakpoint', description: 'breakpoint', threadId: 1, allThreadsStopped: true, hitBreakpointIds: [], reconcile: { reconciler: 'r', kind: 'HelloWorld', namespace: 'default', name: 'test' } },
      frames: [{ id: 1, name: 'getName', source: { path: LIB, name: 'api.k8s.io.object.star' }, line: 5, column: 3 }],
      frameId: 1,
      scopes: [{ name: 'Locals', variablesReference: 10, expensive: false }],
      expanded: { 10: true },
      children: { 10: [{ name: 'self', value: '{…}', type: 'dict', variablesReference: 11 }, { name: 'finalizer', value: '"x"', type: 'string', variablesReference: 0, presentationHint: { attributes: ['readOnly'] } }] },
      watches: [{ expression: 'self["metadata"]', error: 'key "metadata" not found' }],
    });
    render(<DebugView />);
    expect(screen.getByTestId('debug-status').textContent).toBe('Paused on breakpoint — HelloWorld/default/test');
    expect(screen.getByTestId('debug-frame').textContent).toContain('api.k8s.io.object.star:5');
    expect(screen.getByTestId('debug-var-finalizer').textContent).toContain('frozen');
    expect(screen.getByTestId('debug-var-self').textContent).not.toContain('frozen');
    expect(screen.getByTestId('debug-watch-row').textContent).toContain('key "metadata" not found');
    expect(screen.queryByTestId('debug-form')).toBeNull();
  });

  it('the console shows output and mounts, updates and unmounts without errors', () => {
    const { unmount } = render(<DebugConsolePanel />);
    act(() => useDebug.setState({ console: [{ kind: 'output', text: 'hello', source: LIB, line: 5 }] }));
    expect(screen.getByTestId('debug-console').textContent).toContain('hello');
    expect(screen.getByTestId('debug-console').textContent).toContain('api.k8s.io.object.star:5');
    unmount();
  });
});
