import { describe, expect, it } from 'vitest';
import { textTable, timeCell } from './text-table.js';

describe('textTable', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(textTable([['NAME', 'KIND'], ['widgets', 'Widget'], ['a', 'B']])).toBe('NAME     KIND\nwidgets  Widget\na        B\n');
  });
  it('takes a wider gap and treats missing cells of ragged rows as empty', () => {
    expect(textTable([['A', 'B', 'C'], ['x']], 3)).toBe('A   B   C\nx\n');
  });
  it('prints nothing for no rows', () => {
    expect(textTable([])).toBe('');
  });
});

describe('timeCell', () => {
  it('drops the T, milliseconds and zone', () => {
    expect(timeCell('2024-10-01T12:34:56.789Z')).toBe('2024-10-01 12:34:56');
  });
});
