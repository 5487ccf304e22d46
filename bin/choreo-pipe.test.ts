// `choreo … | head`: every command whose reader goes away before it has written everything ends quietly
// (exit 0, no EPIPE stack trace). Runs the real `bin/choreo.mjs` (bundle or sources) on a project with
// enough objects that the output outlives a reader that takes one byte.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, writeSnapshot } from '../src-main/engine/index.js';
import { crdYaml } from '../src-main/testing/crd-yaml.js';
import { tempProjects } from '../src-main/testing/temp-projects.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projects = tempProjects('choreo-pipe-');
let dir: string;

beforeAll(async () => {
  const files: Record<string, string> = {
    'crds/example.com_widgets.yaml': crdYaml('example.com', 'Widget', 'widgets', ['v1alpha1'], '{text: {type: string}}'),
  };
  for (let i = 0; i < 2000; i++) files[`in/w${i}.yaml`] = `apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: w${i}, namespace: default}\nspec: {text: "${'x'.repeat(40)}"}\n`;
  dir = projects.withFiles(files);
  const p = await loadProject(dir);
  await p.store.save();
  for (let i = 0; i < 3; i++) await writeSnapshot(dir, p.store, { mode: 'once', success: true }, { noGit: true });
});
afterAll(() => projects.cleanup());

/** Runs choreo with a reader that takes one byte and leaves; resolves to the exit code and stderr. */
function withEarlyReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/choreo.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.once('data', () => child.stdout.destroy());
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// the one line bin/choreo.mjs prints when it runs the sources instead of an out-of-date bundle
const notice = /^choreo: running the TypeScript sources.*\n/m;

describe('choreo … | head', () => {
  it.each([
    ['get -o yaml', ['get', 'widgets.example.com', '-o', 'yaml']],
    ['run list', ['run', 'list']],
  ])('%s ends quietly when the reader leaves early', async (_name, args) => {
    const r = await withEarlyReader([...args, '--dir', dir]);
    expect({ code: r.code, stderr: r.stderr.replace(notice, '') }).toEqual({ code: 0, stderr: '' });
  });
});
