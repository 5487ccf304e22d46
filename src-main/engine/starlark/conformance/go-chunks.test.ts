import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeGoStringLiteral, findOptions, splitGoChunks } from './go-chunks.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const goSuite = path.resolve(repoRoot, '../shared/conformance/starlark/starlark-go');

describe('decodeGoStringLiteral', () => {
  it('decodes double-quoted and raw literals', () => {
    expect(decodeGoStringLiteral('"undefined: x"')).toBe('undefined: x');
    expect(decodeGoStringLiteral('`multiple \\* parameters`')).toBe('multiple \\* parameters');
    expect(decodeGoStringLiteral('"a\\"b"')).toBe('a"b');
  });
  it('rejects anything else', () => {
    expect(decodeGoStringLiteral('####')).toBeUndefined();
    expect(decodeGoStringLiteral('"open')).toBeUndefined();
    expect(decodeGoStringLiteral('`a`b`')).toBeUndefined();
  });
});

describe('findOptions', () => {
  it('finds several options in one comment and ignores unknown names', () => {
    expect([...findOptions('# option:globalreassign option:loadbindsglobally option:nope')].sort()).toEqual(['globalreassign', 'loadbindsglobally']);
  });
});

describe('splitGoChunks', () => {
  it('keeps line numbers of the original file', () => {
    const text = 'a = 1\nb = 2 ### "boom"\n---\n\nc = 3 ### `x\\d`\n---\n# option:set\nd\n';
    const chunks = splitGoChunks(text);
    expect(chunks.map((c) => c.startLine)).toEqual([1, 4, 7]);
    expect(chunks.map((c) => c.lineCount)).toEqual([2, 2, 2]);
    expect(chunks[0].expectations.get(2)?.pattern).toBe('boom');
    expect(chunks[1].expectations.get(5)?.pattern).toBe('x\\d');
    expect(chunks[1].source.split('\n')[4]).toBe('c = 3 ### `x\\d`');
    expect(chunks[2].source.split('\n')[7]).toBe('d');
    expect([...chunks[2].options]).toEqual(['set']);
    expect(chunks[0].options.size).toBe(0);
  });
  it('does not treat a --- line with trailing spaces as a separator', () => {
    expect(splitGoChunks('a\n--- \nb\n')).toHaveLength(1);
  });
  it('records malformed expectations', () => {
    const [chunk] = splitGoChunks('x ### not a literal\n');
    expect(chunk.badExpectations).toHaveLength(1);
    expect(chunk.expectations.size).toBe(0);
  });
  it.runIf(existsSync(goSuite))('matches the inventory of the real files', () => {
    const read = (p: string): string => readFileSync(path.join(goSuite, p), 'utf8');
    const count = (p: string): [number, number] => {
      const chunks = splitGoChunks(read(p));
      return [chunks.length, chunks.reduce((n, c) => n + c.expectations.size, 0)];
    };
    expect(count('resolve/testdata/resolve.star')).toEqual([43, 64]);
    expect(count('syntax/testdata/errors.star')).toEqual([52, 39]);
    expect(count('starlark/testdata/assign.star')).toEqual([42, 23]);
    // The last chunk ends at the last line of the file.
    const dict = splitGoChunks(read('starlark/testdata/dict.star'));
    const last = dict[dict.length - 1];
    expect(last.startLine + last.lineCount - 1).toBe(read('starlark/testdata/dict.star').split('\n').length);
    // option:set on line 2 of builtins.star covers only the first chunk.
    const builtins = splitGoChunks(read('starlark/testdata/builtins.star'));
    expect(builtins[0].options.has('set')).toBe(true);
    expect(builtins.slice(1).some((c) => c.options.has('set'))).toBe(false);
  });
});
