import { describe, expect, it } from 'vitest';
import { resultRows, splitGlobs, summaryText } from './search-store';

describe('search-store helpers', () => {
  const files = [
    { path: 'in/a.yaml', matches: [{ line: 3, col: 13, length: 5, preview: 'greeting: hello', previewCol: 10 }] },
    {
      path: 'in/b.yaml',
      matches: [
        { line: 1, col: 1, length: 5, preview: 'hello', previewCol: 0 },
        { line: 2, col: 1, length: 5, preview: 'hello', previewCol: 0 },
      ],
    },
  ];

  it('flattens results into file headers and matches, folding collapsed files', () => {
    expect(resultRows(files, new Set()).map((r) => (r.kind === 'file' ? `F ${r.path} ${r.count}` : `  ${r.line}:${r.col}`))).toEqual([
      'F in/a.yaml 1',
      '  3:13',
      'F in/b.yaml 2',
      '  1:1',
      '  2:1',
    ]);
    expect(resultRows(files, new Set(['in/b.yaml'])).map((r) => r.kind)).toEqual(['file', 'match', 'file']);
  });

  it('splits glob fields and words the summary', () => {
    expect(splitGlobs(' *.yaml, in/** ,,')).toEqual(['*.yaml', 'in/**']);
    expect(summaryText(1, 1, false)).toBe('1 result in 1 file');
    expect(summaryText(2000, 12, true)).toBe('2,000+ results in 12 files');
  });
});
