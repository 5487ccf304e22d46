import { beforeEach, describe, expect, it } from 'vitest';
import { groupProblems, problemCounts, sortProblems, useProblems, type Problem } from './problems-store';

const p = (path: string, line: number, severity: Problem['severity'], extra: Partial<Problem> = {}): Problem => ({ path, line, column: 1, severity, message: 'm', ...extra });

describe('problems', () => {
  beforeEach(() => useProblems.setState({ editor: [], run: [], items: [] }));

  it('sorts errors first, then by file and line', () => {
    const sorted = sortProblems([p('b.yaml', 1, 'warning'), p('b.yaml', 9, 'error'), p('a.yaml', 3, 'error')]);
    expect(sorted.map((x) => `${x.severity}:${x.path}:${x.line}`)).toEqual(['error:a.yaml:3', 'error:b.yaml:9', 'warning:b.yaml:1']);
  });
  it('counts by severity', () => {
    expect(problemCounts([p('a', 1, 'error'), p('a', 2, 'info')])).toEqual({ error: 1, warning: 0, info: 1 });
  });

  it('keeps the editor and the run problems apart and lists both', () => {
    const s = useProblems.getState();
    s.setEditorProblems([p('in/a.yaml', 2, 'error', { source: 'yaml' })]);
    s.setRunProblems([p('libs/x.star', 5, 'error', { source: 'run' })]);
    expect(useProblems.getState().items.map((x) => x.source)).toEqual(['yaml', 'run']);
    // New editor markers do not drop the run's problems, and a new run replaces only the run's.
    s.setEditorProblems([]);
    expect(useProblems.getState().items.map((x) => x.source)).toEqual(['run']);
    s.setRunProblems([]);
    expect(useProblems.getState().items).toEqual([]);
  });

  it('groups by file: files with errors first, then by path, problems without a file last; errors first inside a file', () => {
    const groups = groupProblems([p('', 1, 'warning'), p('z.yaml', 1, 'warning'), p('b.star', 9, 'error'), p('b.star', 2, 'warning'), p('a.yaml', 3, 'info')]);
    expect(groups.map((g) => g.path)).toEqual(['b.star', 'a.yaml', 'z.yaml', '']);
    expect(groups[0]!.items.map((x) => x.line)).toEqual([9, 2]);
    expect(groups[0]!.counts).toEqual({ error: 1, warning: 1, info: 0 });
  });

  it('filters by message, file, context and source, ignoring case', () => {
    const items = [p('libs/x.star', 1, 'error', { message: 'division by zero', context: 'reconciler ex.greeter' }), p('in/a.yaml', 2, 'error', { message: 'bad indentation', source: 'yaml' })];
    expect(groupProblems(items, 'DIVISION').map((g) => g.path)).toEqual(['libs/x.star']);
    expect(groupProblems(items, 'greeter').map((g) => g.path)).toEqual(['libs/x.star']);
    expect(groupProblems(items, 'in/a').map((g) => g.path)).toEqual(['in/a.yaml']);
    expect(groupProblems(items, 'nothing like it')).toEqual([]);
  });
});
