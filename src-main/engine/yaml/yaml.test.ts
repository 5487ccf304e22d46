import { describe, expect, it } from 'vitest';
import { parseYaml, parseYamlDocuments, parseYamlFull, splitDocuments, YamlError } from './documents.js';
import { canonicalJson, toYaml } from './emit.js';

describe('YAML documents', () => {
  it('splits at --- lines, keeps the starting line of each document, ignores a leading ---', () => {
    const text = '---\na: 1\n---\n# only a comment\n--- # trailing comment ok\nb: 2\r\nc: 3\n';
    const docs = parseYamlDocuments(text, 'in/x.yaml');
    expect(docs.map((d) => [d.index, d.line, d.value])).toEqual([
      [0, 2, { a: 1 }],
      [2, 6, { b: 2, c: 3 }],
    ]);
    expect(splitDocuments('a: 1\n', 'f')).toEqual([{ text: 'a: 1\n', line: 1 }]);
  });

  it('rejects text after a separator', () => {
    expect(() => splitDocuments('a: 1\n--- b: 2\n', 'in/x.yaml')).toThrow('in/x.yaml:2:1: invalid YAML: invalid document separator: --- b: 2');
  });

  it('reports parse errors with file:line:col of the whole file', () => {
    try {
      parseYamlDocuments('a: 1\n---\nb: [1,\n', 'in/y.yaml');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(YamlError);
      expect((e as YamlError).line).toBeGreaterThanOrEqual(3);
      expect((e as YamlError).message).toMatch(/^in\/y\.yaml:\d+:\d+: invalid YAML: /);
    }
  });

  it('uses YAML 1.1 booleans but keeps timestamps and h:m values as strings', () => {
    expect(parseYaml('a: yes\nb: off\nc: 2024-01-01T00:00:00Z\nd: 1:20\ne: "yes"\nf: 010\n')).toEqual({ a: true, b: false, c: '2024-01-01T00:00:00Z', d: '1:20', e: 'yes', f: 8 });
  });
});

describe('YAML output', () => {
  it('reads floats as go-yaml does: `.`, `+.`, `._5` and `e5` stay strings (managedFields keys `.: {}`)', () => {
    const text = 'a: .\nb: +.\nc: ._5\nd: e5\ne: .e5\nf: 1e5\ng: +._5\nh: .5\ni: 1_000.5\nj: 1.\nf:status:\n  k:{"type":"Ready"}:\n    .: {}\n';
    const want = { a: '.', b: '+.', c: '._5', d: 'e5', e: '.e5', f: 100000, g: 0.5, h: 0.5, i: 1000.5, j: 1, 'f:status': { 'k:{"type":"Ready"}': { '.': {} } } };
    expect(parseYaml(text)).toEqual(want);
    expect(parseYamlFull(text)).toEqual(want);
  });

  it('sorts keys, uses literal blocks, quotes YAML 1.1 keywords, and round-trips', () => {
    const v = { z: 1, a: { y: 'yes', x: 'two\nlines' }, list: [{ b: 1, a: 2 }], empty: {}, nul: null };
    const text = toYaml(v);
    expect(text).toBe('a:\n  x: |-\n    two\n    lines\n  "y": "yes"\nempty: {}\nlist:\n- a: 2\n  b: 1\nnul: null\nz: 1\n');
    expect(parseYaml(text)).toEqual(v);
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 1 })).toBe('{"a":1,"b":[{"c":2,"d":1}]}');
  });
});
