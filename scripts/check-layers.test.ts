// The layering check (`npm run test:layers`, .dependency-cruiser.cjs) must fail on a violation: it runs here
// on small fixture trees, one that keeps every rule and one that breaks each rule once.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../src-main/testing/temp-dir.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Writes `files` (path -> source) into a fresh folder and runs the check there; returns its violations. */
async function check(files: Record<string, string>): Promise<Violation[]> {
  const { dir, cleanup } = makeTempDir('layers-');
  temps.push(cleanup);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const folders = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))];
  const run = promisify(execFile);
  const out = await run(process.execPath, [CLI, '--config', CONFIG, '--output-type', 'json', ...folders], { cwd: dir }).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
  );
  return (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

const layered = {
  'src-shared/contract.ts': 'export const channels = ["a"];\n',
  'src-main/engine/run.ts': "import { channels } from '../../src-shared/contract.js';\nexport const run = (): number => channels.length;\n",
  'src-main/engine/starlark/syntax/parser.ts': "import { fail } from '../errors.js';\nexport const parse = (s: string): string => s || fail();\n",
  'src-main/engine/starlark/errors.ts': 'export function fail(): never {\n  throw new Error("x");\n}\n',
  'src-main/engine/index.ts': "export { run } from './run.js';\n",
  'src-main/project/files.ts': "import { run } from '../engine/index.js';\nexport const files = run;\n",
  'src-main/host/host.ts': "import { files } from '../project/files.js';\nexport const host = files;\n",
  'src-main/cli/main.ts': "import { host } from '../host/host.js';\nexport const main = host;\n",
  'src-renderer/App.tsx': "import { channels } from '../src-shared/contract.js';\nexport const App = (): JSX.Element => <ul>{channels.map((c) => <li key={c}>{c}</li>)}</ul>;\n",
};

describe('the layering check', () => {
  it('passes a tree that keeps the layers', async () => {
    expect(await check(layered)).toEqual([]);
  });

  it('fails on upward imports, a renderer reaching into src-main, Starlark syntax importing the runtime, an engine module imported past its entry, and cycles', async () => {
    const violations = await check({
      ...layered,
      // engine -> host (upward)
      'src-main/engine/run.ts': "import { host } from '../host/host.js';\nexport const run = (): unknown => host;\n",
      // project -> host (upward), as project/ did with HostError
      'src-main/project/files.ts': "import { HostError } from '../host/errors.js';\nexport const files = HostError;\n",
      'src-main/host/errors.ts': 'export class HostError extends Error {}\n',
      // host -> an engine module past the engine's entry
      'src-main/host/host.ts': "import { files } from '../project/files.js';\nimport { run } from '../engine/run.js';\nexport const host = [files, run];\n",
      // renderer -> src-main, in a .tsx file
      'src-renderer/App.tsx': "import { host } from '../src-main/host/host.js';\nexport const App = (): JSX.Element => <p>{String(host)}</p>;\n",
      // Starlark syntax -> runtime
      'src-main/engine/starlark/syntax/parser.ts': "import { call } from '../call.js';\nexport const parse = call;\n",
      'src-main/engine/starlark/call.ts': 'export const call = 1;\n',
      // a cycle
      'src-shared/a.ts': "import { b } from './b.js';\nexport const a = (): number => b();\n",
      'src-shared/b.ts': "import { a } from './a.js';\nexport const b = (): number => a();\n",
    });
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'engine-below-project: src-main/engine/run.ts -> src-main/host/host.ts',
        'project-below-host: src-main/project/files.ts -> src-main/host/errors.ts',
        'engine-through-its-entry: src-main/host/host.ts -> src-main/engine/run.ts',
        'renderer-only-shared: src-renderer/App.tsx -> src-main/host/host.ts',
        'starlark-syntax-before-runtime: src-main/engine/starlark/syntax/parser.ts -> src-main/engine/starlark/call.ts',
        'no-circular: src-shared/a.ts -> src-shared/b.ts',
      ]),
    );
  });

  it('sees no type-only import of an engine module past its entry either (the check reads code after babel drops `import type`)', () => {
    const outside = ['src-main', 'src-shared', 'src-renderer', 'bench', 'e2e', 'bin', 'scripts'].flatMap((d) => sourcesUnder(d)).filter((f) => !f.startsWith('src-main/engine/'));
    const found = outside.flatMap((file) =>
      [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^(?:import|export)\s+type\b[^;]*?from\s+'([^']+)'/gms)]
        .map((m) => path.join(path.dirname(file), m[1]!))
        .filter((target) => target.startsWith('src-main/engine/') && !/^src-main\/engine\/(index\.js$|starlark\/conformance\/)/.test(target))
        .map((target) => `${file} -> ${target}`),
    );
    expect(found).toEqual([]);
  });
});

/** .ts/.tsx/.mjs files under `dir` (relative to the root), without node_modules. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourcesUnder(rel);
    return /\.(tsx?|mjs)$/.test(e.name) ? [rel] : [];
  });
}
