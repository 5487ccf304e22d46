import { describe, expect, it } from 'vitest';
import { problemCounts, sortProblems, type Problem } from './problems-store';

const p = (path: string, line: number, severity: Problem['severity']): Problem => ({ path, line, column: 1, severity, message: 'm' });

describe('problems', () => {
  it('sorts errors first, then by file and line', () => {
    const sorted = sortProblems([p('b.yaml', 1, 'warning'), p('b.yaml', 9, 'error'), p('a.yaml', 3, 'error')]);
    expect(sorted.map((x) => `${x.severity}:${x.path}:${x.line}`)).toEqual(['error:a.yaml:3', 'error:b.yaml:9', 'warning:b.yaml:1']);
  });
  it('counts by severity', () => {
    expect(problemCounts([p('a', 1, 'error'), p('a', 2, 'info')])).toEqual({ error: 1, warning: 0, info: 1 });
  });
});
