import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseYamlFull, resolveScalar, splitDocuments } from './documents.js';
import { FALLBACK, fastParseYaml } from './fast-parse.js';
import { toYaml } from './emit.js';

const resolve = resolveScalar;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const conformance = path.resolve(repoRoot, '../shared/conformance');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

/** The fast parser must either agree with the full parser or step aside. */
function agree(text: string): 'fast' | 'fallback' {
  const fast = fastParseYaml(text, resolve);
  if (fast === FALLBACK) return 'fallback';
  expect(fast).toEqual(parseYamlFull(text));
  return 'fast';
}

describe('fast YAML subset parser', () => {
  it('agrees with the full parser on typical KRM documents', () => {
    const cases = [
      'apiVersion: v1\nkind: X\nmetadata:\n  name: a # comment\n  labels:\n    a.b/c: "x"\n',
      'spec:\n  list:\n  - a\n  - b: 1\n    c: [ ]\n  - - nested\n',
      'spec:\n  items:\n    - name: x\n      port: 80\n    - name: "y"\n      port: -1\n  empty: {}\n  nothing:\n  t: yes\n  f: off\n  n: ~\n  fl: 1.5\n  big: 12345678901234567890\n',
      "code: |-\n  def f():\n\n    return 'x'  \n  # not a comment\nnext: 1\n",
      'code: |\n  a\n\n\nnext: |+\n  b\n\n',
      "s: 'it''s'\nd: \"tab\\there \\u00e9\"\nurl: https://x.y/z?q=1\nts: 2024-01-01T00:00:00Z\nt: 1:20\noct: 010\n",
      'a: b: c\n',
      'a: &x 1\nb: *x\n',
      'a: >\n  folded\n',
      'a: multi\n  line\n',
      'selector:\n  match:\n    status.conditions.exists(c, c.type == \'Ready\' && c.status == \'True\'): "true"\n',
      '# only a comment\n',
      '---\na: 1\n',
    ];
    const modes = cases.map(agree);
    expect(modes.filter((m) => m === 'fast').length).toBeGreaterThanOrEqual(8);
    expect(modes[7]).toBe('fallback'); // anchors
    expect(modes[8]).toBe('fallback'); // folded scalar
  });

  it.runIf(existsSync(conformance))('agrees with the full parser on every YAML document of the conformance projects', () => {
    let fast = 0;
    let total = 0;
    for (const f of yamlFiles(conformance)) {
      let parts;
      try {
        parts = splitDocuments(readFileSync(f, 'utf8'), f);
      } catch {
        continue;
      }
      for (const p of parts) {
        let full: unknown;
        try {
          full = parseYamlFull(p.text);
        } catch {
          continue; // invalid YAML: the full parser reports it
        }
        const r = fastParseYaml(p.text, resolve);
        total++;
        if (r === FALLBACK) continue;
        fast++;
        expect(r, f).toEqual(full);
      }
    }
    expect(total).toBeGreaterThan(20);
    // the rest are files whose code Go wrote as multi-line double-quoted strings (full parser)
    expect(fast / total).toBeGreaterThan(0.7);
  });

  it('agrees with the full parser on 500 random objects written by our emitter', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T,>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
    const strings = ['plain', 'yes', 'no', 'on', 'y', '010', '1:20', '2024-01-01', '1.5', '-3', 'a: b', 'x #y', '#z', "it's", '"q"', 'multi\nline', 'trail  \nx', 'tab\tin', ' lead', 'ü∑', '', '~', 'null', '- item', '[x]', '{y}', '&a', '*b', '!t', '%p', '@at', '`b`', 'a\n\nb\n', 'http://h:80/p'];
    const value = (d: number): unknown => {
      const r = rnd();
      if (d > 3 || r < 0.45) return pick<unknown>([pick(strings), Math.floor(rnd() * 1000) - 500, rnd() * 10, true, false, null]);
      if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(d + 1));
      const o: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(rnd() * 5); i++) o[pick(['a', 'b.c/d', 'e-f', 'g_h', 'yes', '0', 'key with space', 'k:v', "q'k"]) + i] = value(d + 1);
      return o;
    };
    let fast = 0;
    for (let n = 0; n < 500; n++) {
      const v = { apiVersion: 'x/v1', kind: 'K', metadata: { name: `n${n}` }, spec: value(0) };
      const text = toYaml(v);
      const full = parseYamlFull(text);
      expect(full).toEqual(v);
      const r = fastParseYaml(text, resolve);
      if (r === FALLBACK) continue;
      fast++;
      expect(r, text).toEqual(full);
    }
    expect(fast).toBeGreaterThan(250);
  });
});
