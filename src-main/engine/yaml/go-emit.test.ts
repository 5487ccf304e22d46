import { describe, expect, it } from 'vitest';
import { parseYamlFull } from './documents.js';
import { goKeyLess, toGoYaml } from './go-emit.js';

describe('toGoYaml (go-yaml v2 output)', () => {
  it('orders keys like go-yaml: non-letters first, numbers by value', () => {
    expect(['b', 'a10', 'a2', '_x', 'A'].sort((x, y) => (goKeyLess(x, y) ? -1 : goKeyLess(y, x) ? 1 : 0))).toEqual(['_x', 'A', 'a2', 'a10', 'b']);
  });

  it('chooses plain, quoted and literal styles like libyaml', () => {
    const text = toGoYaml({ a: 'plain', b: 'true', c: '', d: '{"kind":"File"}', e: 'two\nlines', f: 'trailing  \nspace', g: 'tab\there', h: null, i: {}, j: [], k: ['x', { y: 1, z: [1] }], l: 5, m: '010', n: "it's: x" });
    expect(text).toBe(
      [
        'a: plain',
        'b: "true"',
        'c: ""',
        'd: \'{"kind":"File"}\'',
        'e: |-',
        '  two',
        '  lines',
        'f: "trailing  \\nspace"',
        'g: "tab\\there"',
        'h: null',
        'i: {}',
        'j: []',
        'k:',
        '- x',
        '- "y": 1',
        '  z:',
        '  - 1',
        'l: 5',
        'm: "010"',
        '"n": \'it\'\'s: x\'',
        '',
      ].join('\n'),
    );
  });

  it('folds long double-quoted strings at 80 columns and reads back the same', () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ') + '  \nend';
    const text = toGoYaml({ spec: { code: long } });
    expect(text.split('\n').length).toBeGreaterThan(2);
    expect(parseYamlFull(text)).toEqual({ spec: { code: long } });
  });
});
