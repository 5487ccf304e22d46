// Deterministic fuzz inputs for the scanner, parser and resolver: mutations of real Starlark files (byte flips,
// deletions, duplications, splices between files, random tokens) plus pathological shapes (deep nesting, long
// lines, deep indentation). Input #i depends only on the seed, i and the corpus, so a failing input can be
// regenerated from its index.
import { Rng } from './program-generator.js';

export interface FuzzInput {
  index: number;
  kind: string;
  source: string;
}

const TOKENS = [
  'def ', 'lambda ', 'if ', 'elif ', 'else', 'for ', 'in ', 'not ', 'and ', 'or ', 'return ', 'load(', 'pass', 'break',
  'continue', 'while ', '(', ')', '[', ']', '{', '}', ':', ',', ';', '.', '=', '==', '+=', '**', '*', '//', '%', '|',
  '<<', '->', '\\\n', '\n', '\n    ', '\t', '  ', '"', "'", '"""', "'''", 'r"\\', 'b"\\x', '"\\u12"', '#', '0x', '0o7',
  '1e', '1.5e+', '999999999999999999999999', 'x', '_', 'None', 'True', 'é', '\u0000', '\r', '\uFEFF', 'set(', '@', '$', '?', '`',
];

/** Pathological shapes that stress recursion depth and long-token handling. */
function pathological(rng: Rng): { kind: string; source: string } {
  const n = rng.int(200, 6000);
  return rng.pick([
    () => ({ kind: 'deep-parens', source: `x = ${'('.repeat(n)}1${')'.repeat(n)}\n` }),
    () => ({ kind: 'deep-lists', source: `x = ${'['.repeat(n)}${']'.repeat(n)}\n` }),
    () => ({ kind: 'unclosed', source: `x = ${'{'.repeat(n)}\n` }),
    () => ({ kind: 'deep-unary', source: `x = ${'-'.repeat(n)}1\n` }),
    () => ({ kind: 'deep-not', source: `x = ${'not '.repeat(n)}True\n` }),
    () => ({ kind: 'long-binary', source: `x = 1${' + 1'.repeat(n)}\n` }),
    () => ({ kind: 'long-dots', source: `x = a${'.b'.repeat(n)}\n` }),
    () => ({ kind: 'long-calls', source: `x = f${'()'.repeat(n)}\n` }),
    () => ({ kind: 'deep-lambda', source: `x = ${'lambda: '.repeat(n)}1\n` }),
    () => ({ kind: 'deep-ternary', source: `x = ${'1 if True else '.repeat(n)}1\n` }),
    () => ({ kind: 'deep-indent', source: 'def f():\n' + Array.from({ length: Math.min(n, 400) }, (_, d) => `${' '.repeat(d + 1)}if x:\n`).join('') + `${' '.repeat(Math.min(n, 400) + 1)}pass\n` }),
    () => ({ kind: 'deep-defs', source: Array.from({ length: Math.min(n, 400) }, (_, d) => `${' '.repeat(d)}def f${d}():\n`).join('') + `${' '.repeat(Math.min(n, 400))}pass\n` }),
    () => ({ kind: 'long-string', source: `x = "${'a'.repeat(n * 50)}\n` }),
    () => ({ kind: 'many-lines', source: 'x = 1\n'.repeat(n) }),
    () => ({ kind: 'deep-comprehension', source: `x = [1 ${'for a in b '.repeat(Math.min(n, 2000))}]\n` }),
  ])();
}

function mutate(rng: Rng, text: string, corpus: string[]): { kind: string; source: string } {
  let s = text;
  // Mostly one small mutation, so that many inputs still parse and reach the resolver.
  const rounds = rng.chance(0.6) ? 1 : rng.int(2, 4);
  const kinds: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(0, s.length);
    const len = rng.int(1, Math.max(1, Math.min(200, s.length - at)));
    const op = rng.int(0, 5);
    if (op === 0) {
      kinds.push('flip');
      const ch = rng.chance(0.5) ? String.fromCharCode(rng.int(0, 127)) : rng.pick(['(', ')', ':', '"', "'", '\n', '\t', ' ', '#', '\\']);
      s = s.slice(0, at) + ch + s.slice(at + 1);
    } else if (op === 1) {
      kinds.push('delete');
      s = s.slice(0, at) + s.slice(at + len);
    } else if (op === 2) {
      kinds.push('duplicate');
      s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
    } else if (op === 3) {
      kinds.push('splice');
      const other = rng.pick(corpus);
      const from = rng.int(0, other.length);
      s = s.slice(0, at) + other.slice(from, from + rng.int(1, 400)) + s.slice(at + len);
    } else {
      kinds.push('tokens');
      const toks = Array.from({ length: rng.int(1, 8) }, () => rng.pick(TOKENS)).join(rng.pick(['', ' ']));
      s = s.slice(0, at) + toks + s.slice(at);
    }
  }
  return { kind: kinds.join('+'), source: s };
}

/** Cuts a file into a window of whole lines so that inputs stay small and the fuzz loop fast. */
function window(rng: Rng, text: string): string {
  const lines = text.split('\n');
  if (lines.length <= 80) return text;
  const start = rng.int(0, lines.length - 40);
  return lines.slice(start, start + rng.int(20, 120)).join('\n');
}

/** Input #index of the fuzz run for `seed` over `corpus` (file texts). */
export function fuzzInput(seed: number, index: number, corpus: string[]): FuzzInput {
  const rng = new Rng(seed * 7919 + index);
  if (index % 50 === 0) return { index, ...pathological(rng) };
  if (index % 13 === 0) {
    const toks = Array.from({ length: rng.int(1, 200) }, () => rng.pick(TOKENS)).join(rng.pick(['', ' ']));
    return { index, kind: 'random-tokens', source: toks };
  }
  const base = window(rng, rng.pick(corpus));
  return { index, ...mutate(rng, base, corpus) };
}
