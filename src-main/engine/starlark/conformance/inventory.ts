// Which conformance files exist and how each one runs (README §2.4 and §4): the driver per file, the files
// that are excluded (modules Choreo does not have, benchmarks), and the report groups with their targets.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type Driver =
  | { kind: 'exec' }
  | { kind: 'resolve' }
  | { kind: 'parse' }
  /** Whole-file smoke checks: parse only, or parse + resolve against the universe (plus extra globals). */
  | { kind: 'check'; resolve: boolean; set?: boolean; extraGlobals?: string[] }
  | { kind: 'excluded'; reason: string }
  | { kind: 'bazel' };

export interface ConformanceFile {
  suite: 'starlark-go' | 'bazel-suite';
  /** Path inside the suite folder, e.g. `starlark/testdata/assign.star` or `go/assign.star`. */
  rel: string;
  abs: string;
  driver: Driver;
}

/** Report groups with the pass-rate targets of GitHub issue 3, item 9. */
export interface TargetGroup {
  name: string;
  /** Minimum share of chunks that must pass, per file when `perFile`. */
  target: number;
  perFile: boolean;
  files: (f: ConformanceFile) => boolean;
}

const EXCLUDED: Record<string, string> = {
  'starlark/testdata/json.star': 'needs the json module, which Choreo does not have',
  'starlark/testdata/math.star': 'needs the math module, which Choreo does not have',
  'starlark/testdata/time.star': 'needs the time module, which Choreo does not have',
  'starlark/testdata/proto.star': 'needs the proto module, which Choreo does not have',
};

const CHECKS: Record<string, Driver> = {
  'syntax/testdata/scan.star': { kind: 'check', resolve: false },
  'starlark/testdata/paths.star': { kind: 'check', resolve: true },
  'starlark/testdata/function_param.star': { kind: 'check', resolve: true },
  'starlark/testdata/benchmark.star': { kind: 'check', resolve: true, set: true, extraGlobals: ['json'] },
};

export const STARLARK_GO_CORE = ['assign', 'bool', 'builtins', 'control', 'dict', 'function', 'int', 'list', 'misc', 'string', 'tuple'];

export const TARGET_GROUPS: TargetGroup[] = [
  { name: 'bazel suite', target: 0.95, perFile: false, files: (f) => f.suite === 'bazel-suite' },
  {
    name: 'starlark-go core files',
    target: 0.9,
    perFile: true,
    files: (f) => f.suite === 'starlark-go' && STARLARK_GO_CORE.some((n) => f.rel === `starlark/testdata/${n}.star`),
  },
  {
    name: 'resolve and syntax error files',
    target: 0.8,
    perFile: true,
    files: (f) => f.rel === 'resolve/testdata/resolve.star' || f.rel === 'syntax/testdata/errors.star',
  },
];

function driverFor(rel: string): Driver {
  if (EXCLUDED[rel]) return { kind: 'excluded', reason: EXCLUDED[rel] };
  if (CHECKS[rel]) return CHECKS[rel];
  if (rel === 'resolve/testdata/resolve.star') return { kind: 'resolve' };
  if (rel === 'syntax/testdata/errors.star') return { kind: 'parse' };
  return { kind: 'exec' };
}

function starFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.star')).sort() : [];
}

/** All conformance files under `root` (= ../shared/conformance/starlark), in a stable order. */
export function listConformanceFiles(root: string): ConformanceFile[] {
  const out: ConformanceFile[] = [];
  const goRoot = path.join(root, 'starlark-go');
  for (const dir of ['starlark/testdata', 'resolve/testdata', 'syntax/testdata']) {
    for (const f of starFiles(path.join(goRoot, dir))) {
      const rel = `${dir}/${f}`;
      out.push({ suite: 'starlark-go', rel, abs: path.join(goRoot, rel), driver: driverFor(rel) });
    }
  }
  const bazelRoot = path.join(root, 'bazel-suite');
  for (const dir of ['go', 'java', 'rust']) {
    for (const f of starFiles(path.join(bazelRoot, dir))) {
      const rel = `${dir}/${f}`;
      out.push({ suite: 'bazel-suite', rel, abs: path.join(bazelRoot, rel), driver: { kind: 'bazel' } });
    }
  }
  return out;
}

/** Where the assert module's source lives. */
export function assertStarPath(root: string): string {
  return path.join(root, 'starlark-go/starlarktest/assert.star');
}
