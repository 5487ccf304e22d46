// Differential testing against the reference interpreter (go.starlark.net, Debian's 2021 snapshot): the same
// programs run in our interpreter (in-process) and in the reference binary, and their printed output, their
// success or failure, their error message and the positions in their tracebacks are compared. All reference runs go through ONE bash
// subprocess that loops over the program files, so the whole batch takes a second or two.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StarlarkError, Thread, execFile } from '../index.js';
import type { StarlarkOptions } from '../index.js';
import { splitBazelChunks } from './bazel-chunks.js';
import { splitGoChunks, type DialectOption } from './go-chunks.js';
import { listConformanceFiles } from './inventory.js';
import { generatePrograms } from './program-generator.js';

/** Flags of the reference binary (the 2021 snapshot has only these three). */
export type RefFlag = '-recursion' | '-set' | '-globalreassign';

export interface DiffProgram {
  /** Stable id, e.g. `bazel-suite/go/int.star#4` or `gen-7-123`. */
  id: string;
  source: string;
  flags: RefFlag[];
}

export interface RunOutcome {
  ok: boolean;
  stdout: string;
  /** The error message without position or traceback ('' when ok). */
  error: string;
  /** Traceback frame lines of a runtime error (`  file:line:col: in fn`), '' otherwise. */
  frames: string;
}

export interface Mismatch {
  id: string;
  what: 'status' | 'output' | 'error' | 'traceback';
  ours: string;
  ref: string;
}

/** Upstream's bazel-suite prelude, in plain Starlark: with it the chunks need no host builtins. */
export const BAZEL_PRELUDE = [
  'def assert_eq(x, y):',
  '    if x != y:',
  '        fail("%r != %r" % (x, y))',
  'def assert_ne(x, y):',
  '    if x == y:',
  '        fail("%r == %r" % (x, y))',
  'def assert_(cond, msg = "assertion failed"):',
  '    if not cond:',
  '        fail(msg)',
  '',
].join('\n');

const TEST_ONLY = /\b(load\s*\(|hasfields|fibonacci|struct\s*\(|json\.|math\.|time\.|proto\.)/;

/** What each reference flag turns on in the 2021 snapshot, as our dialect options. */
export function optionsForFlags(flags: RefFlag[]): StarlarkOptions {
  const o: StarlarkOptions = {};
  if (flags.includes('-recursion')) Object.assign(o, { recursion: true, while: true });
  if (flags.includes('-set')) o.set = true;
  if (flags.includes('-globalreassign')) Object.assign(o, { globalreassign: true, toplevelcontrol: true });
  return o;
}

/** The reference flags that turn on a chunk's dialect options. */
function flagsFor(options: ReadonlySet<DialectOption>): RefFlag[] {
  const flags: RefFlag[] = [];
  if (options.has('recursion') || options.has('while')) flags.push('-recursion');
  if (options.has('set')) flags.push('-set');
  if (options.has('globalreassign') || options.has('toplevelcontrol')) flags.push('-globalreassign');
  return flags;
}

/**
 * Conformance programs that need no test-only builtins: bazel-suite chunks (with the Starlark prelude) and
 * starlark-go chunks that load nothing and use no test-only values. Chunks needing an option the reference
 * cannot turn on (loadbindsglobally) are left out.
 */
export function conformancePrograms(root: string): DiffProgram[] {
  const out: DiffProgram[] = [];
  for (const file of listConformanceFiles(root)) {
    const text = readFileSync(file.abs, 'utf8');
    if (file.suite === 'bazel-suite') {
      for (const c of splitBazelChunks(text)) out.push({ id: `bazel-suite/${file.rel}#${c.index}`, source: BAZEL_PRELUDE + c.source, flags: [] });
      continue;
    }
    if (file.driver.kind === 'excluded') continue;
    for (const c of splitGoChunks(text)) {
      if (TEST_ONLY.test(c.source.replace(/#.*$/gm, ''))) continue;
      if (c.options.has('loadbindsglobally')) continue;
      out.push({ id: `starlark-go/${file.rel}#${c.index}`, source: c.source, flags: flagsFor(c.options) });
    }
  }
  return out;
}

/** One-expression probes (differential-probes.txt): `print(EXPR)` each, with id `probe#LINE`. */
export function probePrograms(file: string): DiffProgram[] {
  const out: DiffProgram[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() && !line.startsWith('#')) out.push({ id: `probe#${i + 1}`, source: `print(${line})\n`, flags: [] });
    });
  return out;
}

/** Our own small programs (differential-programs.star, chunks like the starlark-go suites), id `program#N`. */
export function ownPrograms(file: string): DiffProgram[] {
  return splitGoChunks(readFileSync(file, 'utf8')).map((c) => ({ id: `program#${c.index}`, source: c.source, flags: flagsFor(c.options) }));
}

export function generatedPrograms(seed: number, count: number): DiffProgram[] {
  return generatePrograms(seed, count).map((p) => ({ id: p.name, source: p.source, flags: [] }));
}

function fileNameFor(i: number): string {
  return `p${String(i).padStart(5, '0')}.star`;
}

/** The message part of the last line of the reference's error output. */
export function refErrorMessage(stderr: string): string {
  // Only the final newline goes: messages may end in spaces (`invalid literal with base 10:   42  `).
  const lines = stderr.replace(/\n+$/, '').split('\n');
  const last = lines[lines.length - 1] ?? '';
  const runtime = /^Error(?: in [^:]+)?: (.*)$/.exec(last);
  if (runtime) return runtime[1];
  // Static errors print as file:line:col: message (the first error only).
  // Several resolver errors print as the first one plus "(and N more errors)".
  const stat = /^[^:]+:\d+:\d+: (.*?)(?: \(and \d+ more errors?\))?$/.exec(lines[0] ?? '');
  return stat ? stat[1] : last;
}

/** The frame lines of a printed runtime traceback ('' for static errors or no traceback). */
export function tracebackFrames(text: string): string {
  const lines = text.replace(/\n+$/, '').split('\n');
  if (lines[0] !== 'Traceback (most recent call last):') return '';
  return lines.slice(1, -1).join('\n');
}

/** Runs all programs through the reference binary in one bash subprocess. */
export function runReferenceBatch(bin: string, programs: DiffProgram[]): RunOutcome[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'starlark-diff-'));
  try {
    mkdirSync(dir, { recursive: true });
    const manifest: string[] = [];
    programs.forEach((p, i) => {
      writeFileSync(path.join(dir, fileNameFor(i)), p.source);
      manifest.push(`${fileNameFor(i)} ${p.flags.join(' ')}`.trim());
    });
    writeFileSync(path.join(dir, 'manifest'), manifest.join('\n') + '\n');
    const script = 'cd "$1" && while read -r f flags; do "$2" $flags "$f" >"$f.out" 2>"$f.err"; echo $? >"$f.rc"; done < manifest';
    const r = spawnSync('bash', ['-c', script, 'batch', dir, bin], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`reference batch failed (exit ${r.status}): ${r.stderr || String(r.error ?? '')}`);
    return programs.map((_, i) => {
      const f = path.join(dir, fileNameFor(i));
      const rc = readFileSync(f + '.rc', 'utf8').trim();
      const ok = rc === '0';
      const stderr = ok ? '' : readFileSync(f + '.err', 'utf8');
      return { ok, stdout: readFileSync(f + '.out', 'utf8'), error: ok ? '' : refErrorMessage(stderr), frames: tracebackFrames(stderr) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one program in our interpreter, with the dialect the reference flags imply. */
export function runOurs(p: DiffProgram, index: number, maxSteps = 5_000_000): RunOutcome {
  const lines: string[] = [];
  // The interpreter hands print hooks and error messages over as text (UTF-8 already decoded).
  const print = (m: string): void => void lines.push(m);
  const options = { ...optionsForFlags(p.flags), maxSteps };
  const thread = new Thread({ name: 'main', print, options });
  const stdout = (): string => lines.map((l) => l + '\n').join('');
  try {
    execFile(fileNameFor(index), p.source, { options, print, thread });
    return { ok: true, stdout: stdout(), error: '', frames: '' };
  } catch (err) {
    if (err instanceof StarlarkError) return { ok: false, stdout: stdout(), error: err.msg, frames: tracebackFrames(err.format()) };
    return { ok: false, stdout: stdout(), error: `interpreter crashed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, frames: '' };
  }
}

/**
 * Compares outcomes. Error messages are compared when both failed; traceback frames (file:line:col and
 * function of each frame: where the IDE jumps to) when both failed at run time.
 */
export function compareOutcomes(id: string, ours: RunOutcome, ref: RunOutcome): Mismatch[] {
  const out: Mismatch[] = [];
  if (ours.ok !== ref.ok) out.push({ id, what: 'status', ours: ours.ok ? 'ok' : `error: ${ours.error}`, ref: ref.ok ? 'ok' : `error: ${ref.error}` });
  if (ours.stdout !== ref.stdout) out.push({ id, what: 'output', ours: ours.stdout, ref: ref.stdout });
  if (!ours.ok && !ref.ok && ours.error !== ref.error) out.push({ id, what: 'error', ours: ours.error, ref: ref.error });
  if (ours.frames && ref.frames && ours.frames !== ref.frames) out.push({ id, what: 'traceback', ours: ours.frames, ref: ref.frames });
  return out;
}
