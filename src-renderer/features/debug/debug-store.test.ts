import { describe, expect, it } from 'vitest';
import { appendConsole, applyPlacement, MAX_CONSOLE_LINES, parseTarget, shownLine, toggleBreakpointIn, toSource, type Breakpoint } from './debug-store';

const bp = (line: number, more: Partial<Breakpoint> = {}): Breakpoint => ({ line, enabled: true, ...more });

describe('breakpoints', () => {
  it('toggles: adds in line order, removes the one on the line, also where the host moved it', () => {
    let list = toggleBreakpointIn([], 12);
    list = toggleBreakpointIn(list, 5);
    expect(list.map((b) => b.line)).toEqual([5, 12]);
    expect(toggleBreakpointIn(list, 5).map((b) => b.line)).toEqual([12]);
    const moved = [bp(11, { placed: { verified: true, line: 12 } })];
    expect(toggleBreakpointIn(moved, 12)).toEqual([]);
  });

  it('sends enabled breakpoints only, trimmed, and puts the answers back in the same order', () => {
    const list = [bp(3, { condition: '  x > 1 ', hitCondition: '' }), bp(7, { enabled: false }), bp(9, { logMessage: 'n={n}', object: ' Greeter/* ' })];
    expect(toSource(list)).toEqual([{ line: 3, condition: 'x > 1' }, { line: 9, logMessage: 'n={n}', object: 'Greeter/*' }]);
    const placed = applyPlacement(list, [
      { verified: true, line: 4 },
      { verified: false, line: 9, message: 'No code at or after line 9' },
    ]);
    expect(placed.map((b) => b.placed)).toEqual([{ verified: true, line: 4 }, undefined, { verified: false, line: 9, message: 'No code at or after line 9' }]);
    expect(placed.map(shownLine)).toEqual([4, 7, 9]);
  });
});

describe('the launch target', () => {
  it('reads KIND/NAME and KIND/NAMESPACE/NAME, and says what to type otherwise', () => {
    expect(parseTarget(' Greeter/world ')).toEqual({ kind: 'Greeter', name: 'world' });
    expect(parseTarget('Greeter/default/team')).toEqual({ kind: 'Greeter', namespace: 'default', name: 'team' });
    for (const bad of ['', 'Greeter', 'Greeter/', 'a/b/c/d', 'Greeter/*']) expect(parseTarget(bad)).toHaveProperty('error', expect.stringContaining('KIND/NAME'));
  });
});

describe('the console', () => {
  it('keeps the last lines only', () => {
    const many = Array.from({ length: MAX_CONSOLE_LINES }, (_, i) => ({ kind: 'output' as const, text: String(i) }));
    const next = appendConsole(many, { kind: 'info', text: 'last' });
    expect(next).toHaveLength(MAX_CONSOLE_LINES);
    expect(next[0]!.text).toBe('1');
    expect(next.at(-1)!.text).toBe('last');
  });
});
