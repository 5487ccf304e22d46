import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bazelExpectationMet, splitBazelChunks } from './bazel-chunks.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const bazelSuite = path.resolve(repoRoot, '../shared/conformance/starlark/bazel-suite');

describe('splitBazelChunks', () => {
  it('splits on --- lines, strips ### parts and keeps go expectations', () => {
    const text = 'x = 1\nlen(1) ### (has no len|nope)\n---   \n\ny()\n### java: Error in y\n### go: not implemented\n### rust: x\n---\nz = 2\n';
    const chunks = splitBazelChunks(text);
    expect(chunks).toHaveLength(3);
    expect(chunks[0].expectation).toEqual({ line: 2, text: '(has no len|nope)' });
    expect(chunks[0].source).toBe('x = 1\nlen(1)\n');
    expect(chunks[1].startLine).toBe(4);
    expect(chunks[1].expectation).toEqual({ line: 7, text: 'not implemented' });
    expect(chunks[1].source.split('\n')[4]).toBe('y()');
    expect(chunks[1].source.split('\n')[5]).toBe('');
    expect(chunks[2].expectation).toBeUndefined();
    expect(chunks[2].source.split('\n')[9]).toBe('z = 2');
  });
  it.runIf(existsSync(bazelSuite))('matches the inventory: 430 chunks, 242 Go expectations', () => {
    let chunks = 0;
    let expectations = 0;
    for (const dir of ['go', 'java', 'rust']) {
      for (const f of readdirSync(path.join(bazelSuite, dir))) {
        const cs = splitBazelChunks(readFileSync(path.join(bazelSuite, dir, f), 'utf8'));
        chunks += cs.length;
        expectations += cs.filter((c) => c.expectation).length;
        expect(cs.every((c) => c.extraExpectations === 0)).toBe(true);
      }
    }
    expect(chunks).toBe(430);
    expect(expectations).toBe(242);
  });
});

describe('bazelExpectationMet', () => {
  it('accepts a case-insensitive substring or a regular expression search', () => {
    expect(bazelExpectationMet('Error in sorted', 'Traceback\nerror in sorted: boom')).toBe(true);
    expect(bazelExpectationMet('(too few|length mismatch)', 'Error: too few values to unpack')).toBe(true);
    expect(bazelExpectationMet('[', 'a [ b')).toBe(true);
    expect(bazelExpectationMet('nope', 'Error: boom')).toBe(false);
  });
});
