// @vitest-environment jsdom
// The Problems list: grouped by file, a run error's traceback frames and input object as links of their
// own (each opens its file at its line), the text filter, keyboard use, and the empty state.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useProblems, type Problem } from './problems-store';

const openFile = vi.fn(async (_path: string, _pos?: { line: number; column: number }) => true);
vi.mock('../editor/editor-controller', () => ({ openFile: (path: string, pos?: { line: number; column: number }) => openFile(path, pos) }));
const { ProblemsPanel } = await import('./ProblemsPanel');

const runError: Problem = {
  path: 'libs/ex.lib.star',
  line: 2,
  column: 12,
  severity: 'error',
  message: 'starlark execution runtime failure: floored division by zero',
  source: 'run',
  context: 'reconciler ex.bad · Greeter default/team',
  frames: [
    { fn: 'reconcile', path: 'reconcilers/ex.bad.star', line: 4, column: 14 },
    { fn: 'half', path: 'libs/ex.lib.star', line: 2, column: 12 },
    { fn: 'fail' },
  ],
  related: { label: 'Greeter team', path: 'in/team.yaml', line: 1 },
};
const yamlError: Problem = { path: 'in/a.yaml', line: 5, column: 4, severity: 'error', message: 'bad indentation of a mapping entry', source: 'yaml' };
const runWarning: Problem = { path: '', line: 1, column: 1, severity: 'warning', message: 'upstream ref r1 is offline', source: 'run' };

describe('ProblemsPanel', () => {
  beforeEach(() => {
    openFile.mockClear();
    useProblems.setState({ editor: [], run: [], items: [] });
  });
  afterEach(cleanup);

  it('says what will show there when there is nothing', () => {
    render(<ProblemsPanel />);
    expect(screen.getByTestId('problems-empty').textContent).toMatch(/load\s+and run errors of the last run/);
  });

  it('groups problems by file and opens a problem at its line', () => {
    useProblems.getState().setEditorProblems([yamlError]);
    useProblems.getState().setRunProblems([runError, runWarning]);
    render(<ProblemsPanel />);
    const groups = screen.getAllByTestId('problems-group');
    expect(groups.map((g) => g.getAttribute('data-path'))).toEqual(['in/a.yaml', 'libs/ex.lib.star', '']);
    expect(screen.getByTestId('problems-counts').textContent).toBe('2 errors · 1 warning');
    fireEvent.click(within(groups[1]!).getByTestId('problem'));
    expect(openFile).toHaveBeenCalledWith('libs/ex.lib.star', { line: 2, column: 12 });
    // A problem of the run as a whole has no place to open.
    openFile.mockClear();
    fireEvent.click(within(groups[2]!).getByTestId('problem'));
    expect(openFile).not.toHaveBeenCalled();
  });

  it('lists the traceback frames with real file names; a frame and the input object open their own place', () => {
    useProblems.getState().setRunProblems([runError]);
    render(<ProblemsPanel />);
    const frames = screen.getAllByTestId('traceback-frame');
    expect(frames.map((f) => f.textContent)).toEqual(['reconcilers/ex.bad.star:4:14', 'libs/ex.lib.star:2:12']);
    expect(screen.getByTestId('traceback').textContent).toContain('failbuiltin');
    fireEvent.click(frames[0]!);
    expect(openFile).toHaveBeenCalledTimes(1);
    expect(openFile).toHaveBeenCalledWith('reconcilers/ex.bad.star', { line: 4, column: 14 });
    fireEvent.click(screen.getByTestId('problem-related'));
    expect(openFile).toHaveBeenLastCalledWith('in/team.yaml', { line: 1, column: 1 });
    expect(openFile).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('problem').textContent).toContain('reconciler ex.bad · Greeter default/team');
  });

  it('filters by text and says when nothing matches', () => {
    useProblems.getState().setEditorProblems([yamlError]);
    useProblems.getState().setRunProblems([runError]);
    render(<ProblemsPanel />);
    fireEvent.change(screen.getByTestId('problems-filter'), { target: { value: 'division' } });
    expect(screen.getAllByTestId('problem')).toHaveLength(1);
    fireEvent.change(screen.getByTestId('problems-filter'), { target: { value: 'no such thing' } });
    expect(screen.queryAllByTestId('problem')).toHaveLength(0);
    expect(screen.getByTestId('problems-list').textContent).toContain('No problem matches');
  });

  it('moves between problems across files with the arrow keys and opens with Enter', () => {
    useProblems.getState().setEditorProblems([yamlError]);
    useProblems.getState().setRunProblems([runError]);
    render(<ProblemsPanel />);
    const [first, second] = screen.getAllByTestId('problem');
    first!.focus();
    fireEvent.keyDown(first!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second!, { key: 'Enter' });
    expect(openFile).toHaveBeenCalledWith('libs/ex.lib.star', { line: 2, column: 12 });
  });
});
