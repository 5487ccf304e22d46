// The conformance drivers (README §2.4 and §3): exec, resolve and parse for starlark-go files, whole-file
// checks for the smoke-test files, and the bazel-suite driver. Each turns one file into per-chunk results.
// Everything runs in-process through the interpreter's public API.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StarlarkError, Thread, execFile, parse, resolve } from '../index.js';
import type { Module, StarlarkOptions, Value } from '../index.js';
import { loadAssertModule } from './assert-module.js';
import { AssertionLog } from './assertions.js';
import { bazelAssertBuiltins } from './bazel-asserts.js';
import { bazelExpectationMet, splitBazelChunks } from './bazel-chunks.js';
import { matchLineErrors, type LocatedError } from './expectations.js';
import { splitGoChunks, type DialectOption, type GoChunk } from './go-chunks.js';
import type { ConformanceFile } from './inventory.js';
import { testPredeclared } from './test-values.js';

export type ChunkStatus = 'pass' | 'fail' | 'skip';

export interface ChunkResult {
  /** `suite/rel#chunk`, the key of the known-failures list. */
  id: string;
  chunk: number;
  startLine: number;
  status: ChunkStatus;
  /** Why the chunk failed or was skipped. */
  reasons: string[];
  /** Line where execution stopped with an error (undefined: ran to the end). */
  stopLine?: number;
  /** Assertion calls that ran. */
  assertions: number;
  /** Captured print output (shown with --verbose). */
  output: string[];
  ms: number;
}

export interface DriverContext {
  /** Text of starlarktest/assert.star. */
  assertSource: string;
  /** Dialect options the interpreter does not implement yet: chunks that need one are skipped. */
  unimplementedOptions: ReadonlySet<DialectOption>;
  /** Per-chunk step budget, so that a runaway chunk cannot stall the whole run. */
  maxSteps: number;
}

const RESOLVE_PREDECLARED = ['M'];
const RESOLVE_UNIVERSAL = ['U', 'float'];

function optionsOf(chunk: GoChunk, maxSteps: number): StarlarkOptions {
  const o: StarlarkOptions = { maxSteps };
  for (const name of chunk.options) o[name] = true;
  return o;
}

/** Message of something thrown that is not a StarlarkError: always an interpreter bug worth a stack. */
function crash(err: unknown): string {
  if (err instanceof Error) return `interpreter crashed (${err.name}): ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return `interpreter crashed: ${String(err)}`;
}

/** Line of a runtime error: the innermost frame in the chunk's own file (builtins and assert.star skipped). */
export function runtimeErrorLine(err: StarlarkError, filename: string): number | undefined {
  for (let i = err.traceback.length - 1; i >= 0; i--) {
    const f = err.traceback[i];
    if (!f.builtin && f.pos && f.pos.file === filename) return f.pos.line;
  }
  if (err.traceback.length === 0 && err.pos && err.pos.file === filename) return err.pos.line;
  return undefined;
}

function staticErrors(err: StarlarkError): LocatedError[] {
  const list = err.errors && err.errors.length ? err.errors : [{ msg: err.msg, pos: err.pos }];
  return list.map((e) => ({ line: e.pos?.line, msg: e.msg }));
}

function result(file: ConformanceFile, chunk: number, startLine: number, started: number, init: Partial<ChunkResult>): ChunkResult {
  const reasons = init.reasons ?? [];
  return {
    id: `${file.suite}/${file.rel}#${chunk}`,
    chunk,
    startLine,
    status: init.status ?? (reasons.length ? 'fail' : 'pass'),
    reasons,
    stopLine: init.stopLine,
    assertions: init.assertions ?? 0,
    output: init.output ?? [],
    ms: performance.now() - started,
  };
}

function skippedFor(chunk: GoChunk, ctx: DriverContext): string | undefined {
  const missing = [...chunk.options].filter((o) => ctx.unimplementedOptions.has(o));
  return missing.length ? `needs option ${missing.join(', ')} (not implemented)` : undefined;
}

/** exec driver: starlark/testdata files, with the assert module and the test-only values. */
function runExecChunk(file: ConformanceFile, chunk: GoChunk, ctx: DriverContext): ChunkResult {
  const started = performance.now();
  const skip = skippedFor(chunk, ctx);
  if (skip) return result(file, chunk.index, chunk.startLine, started, { status: 'skip', reasons: [skip] });
  const filename = file.rel;
  const log = new AssertionLog();
  const output: string[] = [];
  // Print hooks and error messages come as text (the interpreter decodes UTF-8 at its boundary).
  const print = (msg: string): void => void output.push(msg);
  const options = optionsOf(chunk, ctx.maxSteps);
  const predeclared: Record<string, Value> = Object.fromEntries(testPredeclared());
  const load = (module: string): Module => {
    if (module === 'assert.star') return loadAssertModule(ctx.assertSource, log, print);
    // README §2.4: any other name is a file next to the test file (json/time/math/proto files are excluded).
    const sibling = path.join(path.dirname(file.abs), module);
    if (existsSync(sibling)) return execFile(module, readFileSync(sibling, 'utf8'), { predeclared, options, load, print });
    throw new StarlarkError('runtime', `module ${module} not available in the conformance runner`);
  };
  const thread = new Thread({ name: filename, print, load, options });
  const errors: LocatedError[] = [];
  const reasons: string[] = [...chunk.badExpectations];
  let stopLine: number | undefined;
  try {
    execFile(filename, chunk.source, { predeclared, options, load, print, thread });
  } catch (err) {
    if (!(err instanceof StarlarkError)) reasons.push(crash(err));
    else if (err.kind === 'syntax' || err.kind === 'resolve') {
      for (const e of staticErrors(err)) reasons.push(`static ${err.kind} error at line ${e.line ?? '?'} (exec files expect none): ${e.msg}`);
    } else {
      stopLine = runtimeErrorLine(err, filename);
      errors.push({ line: stopLine, msg: err.msg });
    }
  }
  reasons.push(...matchLineErrors(errors, chunk.expectations));
  for (const f of log.failures) reasons.push(`assertion failed${f.where ? ` at ${f.where}` : ''}: ${f.msg}`);
  return result(file, chunk.index, chunk.startLine, started, { reasons, stopLine, assertions: log.calls, output });
}

/** resolve driver: resolve.star, static checks only, predeclared {M}, universal {U, float}, all errors. */
function runResolveChunk(file: ConformanceFile, chunk: GoChunk, ctx: DriverContext): ChunkResult {
  const started = performance.now();
  const skip = skippedFor(chunk, ctx);
  if (skip) return result(file, chunk.index, chunk.startLine, started, { status: 'skip', reasons: [skip] });
  const options = optionsOf(chunk, ctx.maxSteps);
  const reasons: string[] = [...chunk.badExpectations];
  const errors: LocatedError[] = [];
  try {
    const ast = parse(file.rel, chunk.source, options);
    resolve(ast, { predeclared: RESOLVE_PREDECLARED, universal: RESOLVE_UNIVERSAL, options });
  } catch (err) {
    if (!(err instanceof StarlarkError)) reasons.push(crash(err));
    else if (err.kind === 'syntax') reasons.push(`syntax error at line ${err.pos?.line ?? '?'} (resolve.star expects none): ${err.msg}`);
    else errors.push(...staticErrors(err));
  }
  reasons.push(...matchLineErrors(errors, chunk.expectations));
  return result(file, chunk.index, chunk.startLine, started, { reasons, stopLine: errors[0]?.line });
}

/** parse driver: errors.star, default options, the first syntax error only. */
function runParseChunk(file: ConformanceFile, chunk: GoChunk): ChunkResult {
  const started = performance.now();
  const reasons: string[] = [...chunk.badExpectations];
  const errors: LocatedError[] = [];
  try {
    parse(file.rel, chunk.source, {});
  } catch (err) {
    if (!(err instanceof StarlarkError)) reasons.push(crash(err));
    else errors.push({ line: err.pos?.line, msg: err.msg });
  }
  reasons.push(...matchLineErrors(errors, chunk.expectations));
  return result(file, chunk.index, chunk.startLine, started, { reasons, stopLine: errors[0]?.line });
}

/** Whole-file checks: the file must parse (and resolve against the universe, plus extra globals). */
function runCheck(file: ConformanceFile, source: string, driver: Extract<ConformanceFile['driver'], { kind: 'check' }>): ChunkResult {
  const started = performance.now();
  const reasons: string[] = [];
  const options: StarlarkOptions = driver.set ? { set: true } : {};
  try {
    const ast = parse(file.rel, source, options);
    if (driver.resolve) resolve(ast, { predeclared: driver.extraGlobals ?? [], options });
  } catch (err) {
    if (!(err instanceof StarlarkError)) reasons.push(crash(err));
    else reasons.push(...staticErrors(err).map((e) => `line ${e.line ?? '?'}: ${e.msg}`));
  }
  return result(file, 1, 1, started, { reasons });
}

/** bazel-suite driver: host assert helpers, default dialect, error output matched as upstream does. */
function runBazelChunk(file: ConformanceFile, chunk: ReturnType<typeof splitBazelChunks>[number], maxSteps: number): ChunkResult {
  const started = performance.now();
  const filename = `bazel-suite/${file.rel}`;
  const log = new AssertionLog();
  const output: string[] = [];
  const print = (msg: string): void => void output.push(msg);
  const options: StarlarkOptions = { maxSteps };
  const thread = new Thread({ name: filename, print, options });
  const reasons: string[] = [];
  let errorOutput: string | undefined;
  let stopLine: number | undefined;
  if (chunk.extraExpectations) reasons.push(`${chunk.extraExpectations + 1} expectations apply to Go in one chunk`);
  try {
    execFile(filename, chunk.source, { predeclared: bazelAssertBuiltins(log), options, print, thread });
  } catch (err) {
    if (!(err instanceof StarlarkError)) reasons.push(crash(err));
    else {
      errorOutput = err.format();
      stopLine = err.kind === 'runtime' || err.kind === 'limit' ? runtimeErrorLine(err, filename) : err.pos?.line;
    }
  }
  const want = chunk.expectation;
  if (errorOutput !== undefined && !want) reasons.push(`unexpected error: ${errorOutput.split('\n').slice(-1)[0]}`);
  else if (errorOutput === undefined && want && !reasons.length) reasons.push(`line ${want.line}: expected an error matching ${JSON.stringify(want.text)}, but the chunk succeeded`);
  else if (errorOutput !== undefined && want && !bazelExpectationMet(want.text, errorOutput)) {
    reasons.push(`line ${want.line}: error does not match ${JSON.stringify(want.text)}: ${errorOutput.split('\n').slice(-1)[0]}`);
  }
  for (const f of log.failures) reasons.push(`assertion failed${f.where ? ` at ${f.where}` : ''}: ${f.msg}`);
  return result(file, chunk.index, chunk.startLine, started, { reasons, stopLine, assertions: log.calls, output });
}

/** Runs one conformance file and returns one result per chunk (none for excluded files). */
export function runConformanceFile(file: ConformanceFile, ctx: DriverContext): ChunkResult[] {
  const source = readFileSync(file.abs, 'utf8');
  switch (file.driver.kind) {
    case 'excluded':
      return [];
    case 'check':
      return [runCheck(file, source, file.driver)];
    case 'bazel':
      return splitBazelChunks(source).map((c) => runBazelChunk(file, c, ctx.maxSteps));
    case 'exec':
      return splitGoChunks(source).map((c) => runExecChunk(file, c, ctx));
    case 'resolve':
      return splitGoChunks(source).map((c) => runResolveChunk(file, c, ctx));
    case 'parse':
      return splitGoChunks(source).map((c) => runParseChunk(file, c));
  }
}
