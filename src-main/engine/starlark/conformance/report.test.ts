import { describe, expect, it } from 'vitest';
import type { ChunkResult } from './drivers.js';
import type { ConformanceFile } from './inventory.js';
import { fileLine, tally, targetLines, type FileReport } from './report.js';

const file = (rel: string, suite: ConformanceFile['suite'] = 'starlark-go'): ConformanceFile => ({ suite, rel, abs: `/x/${rel}`, driver: { kind: suite === 'bazel-suite' ? 'bazel' : 'exec' } });
const chunk = (f: ConformanceFile, n: number, status: ChunkResult['status'], extra: Partial<ChunkResult> = {}): ChunkResult => ({
  id: `${f.suite}/${f.rel}#${n}`, chunk: n, startLine: n, status, reasons: status === 'pass' ? [] : ['why'], assertions: 0, output: [], ms: 0, ...extra,
});

describe('tally', () => {
  it('counts unexpected failures, listed chunks that pass and stale entries as failed', () => {
    const a = file('starlark/testdata/a.star');
    const reports: FileReport[] = [
      { file: a, results: [chunk(a, 1, 'pass'), chunk(a, 2, 'fail'), chunk(a, 3, 'fail'), chunk(a, 4, 'pass'), chunk(a, 5, 'skip')], excludedChunks: 0 },
      { file: { ...file('starlark/testdata/json.star'), driver: { kind: 'excluded', reason: 'no json' } }, results: [], excludedChunks: 2 },
    ];
    const known = new Map([
      [`starlark-go/starlark/testdata/a.star#2`, { id: '', reason: '' }],
      [`starlark-go/starlark/testdata/a.star#4`, { id: '', reason: '' }],
      [`starlark-go/starlark/testdata/gone.star#1`, { id: '', reason: '' }],
    ]);
    const t = tally(reports, known);
    expect(t.passed).toBe(1); // chunk 1
    expect(t.failed).toBe(3); // chunk 3 (not listed), chunk 4 (listed but passes), the stale entry
    expect(t.skipped).toBe(4); // chunk 2 (known), chunk 5 (option), 2 excluded
    expect(t.stale).toEqual(['starlark-go/starlark/testdata/gone.star#1']);
    expect(t.verdicts.get('starlark-go/starlark/testdata/a.star#4')).toBe('unexpected-pass');
  });
});

describe('report lines', () => {
  it('shows stop line and assertions for single-chunk exec files', () => {
    const f = file('starlark/testdata/int.star');
    expect(fileLine({ file: f, results: [chunk(f, 1, 'fail', { stopLine: 17, assertions: 40 })], excludedChunks: 0 })).toBe(
      '  FAIL  starlark-go/starlark/testdata/int.star  0/1 chunks (0.0%); stopped at line 17, 40 assertions ran',
    );
  });
  it('judges targets over the whole group or per file, ignoring skipped chunks', () => {
    const g = file('go/a.star', 'bazel-suite');
    const reports: FileReport[] = [{ file: g, results: [chunk(g, 1, 'pass'), chunk(g, 2, 'pass'), chunk(g, 3, 'skip')], excludedChunks: 0 }];
    const lines = targetLines(reports, [{ name: 'bazel', target: 0.95, perFile: false, files: (f) => f.suite === 'bazel-suite' }]);
    expect(lines).toEqual(['  met   bazel: 2/2 chunks (100.0%), target 95%']);
  });
});
