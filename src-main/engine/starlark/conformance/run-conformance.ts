// `npm run test:conformance [-- --verbose] [-- --update-known-failures] [-- --filter TEXT]`
// Runs both Starlark conformance suites in ../shared/conformance/starlark in-process, exactly as that folder's
// README says, prints per-file pass rates, suite totals, the issue-3 target groups, and closes with
// `starlark-conformance: P passed, F failed, S skipped`. Exit 1 when F > 0.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConformanceFile, type ChunkResult, type DriverContext } from './drivers.js';
import { splitGoChunks, type DialectOption, DIALECT_OPTIONS } from './go-chunks.js';
import { assertStarPath, listConformanceFiles, TARGET_GROUPS } from './inventory.js';
import { formatKnownFailures, parseKnownFailures, type KnownFailure } from './known-failures.js';
import { fileLine, rate, tally, targetLines, verdictOf, type FileReport } from './report.js';

interface Args {
  verbose: boolean;
  update: boolean;
  filter?: string;
  skipOptions: Set<DialectOption>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
export const CONFORMANCE_ROOT = path.resolve(repoRoot, '../shared/conformance/starlark');
export const KNOWN_FAILURES_FILE = path.join(here, 'known-failures.txt');

function parseArgs(argv: string[]): Args {
  const args: Args = { verbose: false, update: false, skipOptions: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a === '--update-known-failures') args.update = true;
    else if (a === '--filter') args.filter = argv[++i];
    else if (a === '--skip-option') {
      const o = argv[++i] as DialectOption;
      if (!DIALECT_OPTIONS.includes(o)) throw new Error(`--skip-option: unknown option ${o}; known: ${DIALECT_OPTIONS.join(', ')}`);
      args.skipOptions.add(o);
    } else throw new Error(`unknown argument ${a}; usage: run-conformance.ts [--verbose] [--update-known-failures] [--filter TEXT] [--skip-option NAME]`);
  }
  return args;
}

function describeFailure(r: ChunkResult, verbose: boolean): string[] {
  const reasons = verbose ? r.reasons : r.reasons.slice(0, 3);
  const lines = reasons.map((x) => `          ${x.split('\n').join('\n          ')}`);
  if (!verbose && r.reasons.length > reasons.length) lines.push(`          … ${r.reasons.length - reasons.length} more (--verbose)`);
  if (verbose && r.output.length) lines.push(`          printed: ${r.output.slice(0, 20).join(' | ')}`);
  return lines;
}

export function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (!existsSync(CONFORMANCE_ROOT)) {
    console.log(`starlark conformance suites not found at ${CONFORMANCE_ROOT} (../shared is absent); nothing to run`);
    console.log('starlark-conformance: 0 passed, 0 failed, 0 skipped');
    return 0;
  }
  const known = existsSync(KNOWN_FAILURES_FILE) ? parseKnownFailures(readFileSync(KNOWN_FAILURES_FILE, 'utf8')) : new Map<string, KnownFailure>();
  const ctx: DriverContext = {
    assertSource: readFileSync(assertStarPath(CONFORMANCE_ROOT), 'utf8'),
    unimplementedOptions: args.skipOptions,
    maxSteps: 20_000_000,
  };
  const started = performance.now();
  const files = listConformanceFiles(CONFORMANCE_ROOT).filter((f) => !args.filter || `${f.suite}/${f.rel}`.includes(args.filter));
  // With --filter, entries of files that do not run are neither stale nor known here.
  const ran = new Set(files.map((f) => `${f.suite}/${f.rel}#`));
  const relevantKnown = new Map([...known].filter(([id]) => ran.has(id.slice(0, id.lastIndexOf('#') + 1))));
  const reports: FileReport[] = [];
  // Results print as each file finishes, so that a crash or a hang shows where it happened.
  for (const suite of ['starlark-go', 'bazel-suite'] as const) {
    const suiteFiles = files.filter((f) => f.suite === suite);
    if (!suiteFiles.length) continue;
    console.log(`${suite}:`);
    const members: FileReport[] = [];
    for (const file of suiteFiles) {
      const f: FileReport = {
        file,
        results: runConformanceFile(file, ctx),
        excludedChunks: file.driver.kind === 'excluded' ? splitGoChunks(readFileSync(file.abs, 'utf8')).length : 0,
      };
      members.push(f);
      console.log(fileLine(f));
      for (const r of f.results) {
        const v = verdictOf(r, relevantKnown);
        if (v === 'unexpected-fail') {
          console.log(`    FAIL chunk ${r.chunk} (line ${r.startLine}), not a known failure:`);
          console.log(describeFailure(r, args.verbose).join('\n'));
        } else if (v === 'unexpected-pass') {
          console.log(`    PASS chunk ${r.chunk} (line ${r.startLine}) is listed in known-failures.txt: remove the line (the list only shrinks)`);
        } else if (args.verbose && v === 'known-fail') {
          console.log(`    known failure: chunk ${r.chunk} (line ${r.startLine}):`);
          console.log(describeFailure(r, true).join('\n'));
        } else if (args.verbose && v === 'skip') {
          console.log(`    skipped chunk ${r.chunk} (line ${r.startLine}): ${r.reasons.join('; ')}`);
        }
      }
    }
    reports.push(...members);
    const all = rate(members.flatMap((f) => f.results));
    const excluded = members.reduce((n, f) => n + f.excludedChunks, 0);
    const optionSkipped = members.reduce((n, f) => n + f.results.filter((r) => r.status === 'skip').length, 0);
    console.log(`  total ${suite}: ${all.passed}/${all.total} chunks pass (${all.total ? ((100 * all.passed) / all.total).toFixed(1) : 'n/a'}%); ${optionSkipped} option-skipped, ${excluded} excluded`);
  }
  const t = tally(reports, relevantKnown);
  console.log('targets:');
  for (const line of targetLines(reports, TARGET_GROUPS)) console.log(line);
  for (const id of t.stale) console.log(`  stale known-failures entry (no such chunk): ${id}`);

  if (args.update) {
    const failing = reports.flatMap((f) => f.results.filter((r) => r.status === 'fail')).map((r) => ({ id: r.id, reason: r.reasons[0] ?? '' }));
    const keptFromOtherFiles = args.filter ? [...known.values()].filter((k) => !relevantKnown.has(k.id)) : [];
    const added = failing.filter((f) => !known.has(f.id));
    writeFileSync(KNOWN_FAILURES_FILE, formatKnownFailures([...keptFromOtherFiles, ...failing]));
    console.log(`known-failures.txt rewritten: ${failing.length + keptFromOtherFiles.length} entries (${added.length} new${added.length ? ': check them, the list should only shrink' : ''})`);
    const after = tally(reports, new Map(failing.map((f) => [f.id, f])));
    t.passed = after.passed;
    t.failed = after.failed;
    t.skipped = after.skipped;
  }
  console.log(`time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`starlark-conformance: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  return t.failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`starlark conformance runner failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    console.log('starlark-conformance: 0 passed, 1 failed, 0 skipped');
    process.exitCode = 1;
  }
}
