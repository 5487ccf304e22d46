import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../../testing/capture-output.js';
import { tempProjects } from '../../testing/temp-projects.js';
import { Host } from '../../host/host.js';
import { startBrowserServer } from '../../host/websocket-server.js';
import { runExecSubcommands } from './run-exec.js';
import { runCommand } from './run.js';
import { ANY_OBJECT, testCrdYaml } from '../../testing/crd-yaml.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const projects = tempProjects('choreo-cli-');
afterAll(() => projects.cleanup());
afterEach(() => vi.restoreAllMocks());

function project(star = 'def reconcile(self):\n  self["spec"] = {"greeting": "hi"}\n  return reconcile_result(self, False, 0, "Ready", "", False)\n'): string {
  const files: Record<string, string> = {
    'crds/x.yaml': testCrdYaml({ kind: 'HelloWorld', plural: 'helloworlds', properties: { spec: '{type: object, properties: {greeting: {type: string}}}', status: ANY_OBJECT } }),
    'in/a.yaml': 'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata: {name: test, namespace: default}\n',
    'reconcilers/ex.hello.yaml': 'apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nspec:\n  for: {group: example.com, version: v1alpha1, kind: HelloWorld, selector: {}}\n',
    'reconcilers/ex.hello.star': star,
  };
  return projects.withFiles(files, { folder: 'proj' });
}

describe('choreo run once / result', () => {
  it('prints progress, the summary table and completed; run result prints the views', async () => {
    const dir = project();
    let io = captureOutput();
    expect(await runExecSubcommands.once!([dir])).toBe(0);
    const text = io.stdout();
    expect(text).toMatch(/^loading \.\.\.\nloading done\nrunning reconcilers \.\.\.\nrunning root reconciler proj\nRun root summary\nexecution success, time\(msec\) \S+\nReconciler Start Stop Requeue Error\nex\.hello   2     2    0       0    \ncompleted\n$/);
    vi.restoreAllMocks();
    io = captureOutput();
    expect(await runExecSubcommands.result!([dir, '-o', 'resource'])).toBe(0);
    expect(io.stdout()).toContain('Reconciler Resource                            Start Stop Requeue Error');
    expect(io.stdout()).toContain('ex.hello   example.com.HelloWorld.default.test 2     2    0       0    ');
    vi.restoreAllMocks();
    io = captureOutput();
    expect(await runExecSubcommands.result!([dir, '-o', 'raw'])).toBe(0);
    expect(io.stdout()).toMatch(/EventTime +Reconciler Resource +Operation Message\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC ex\.hello +example\.com\.HelloWorld\.default\.test START/);
    vi.restoreAllMocks();
    io = captureOutput();
    expect(await runExecSubcommands.result!([dir, '-o', 'bad'])).toBe(2);
    expect(io.stderr()).toContain('unsupported result output format bad, supported output formats [raw reconciler resource]');
  });

  it('exit code 1 with the failure reason and position; 2 for a load error; result without a run', async () => {
    let io = captureOutput();
    expect(await runExecSubcommands.once!([project('def reconcile(self):\n  return 1 // 0\n')])).toBe(1);
    expect(io.stdout()).toMatch(/execution failed\n  reason task ex\.hello\.HelloWorld\.example\.com\.test message starlark execution runtime failure: .*\n  at reconcilers\/ex\.hello\.star:2:\d+ \(reconciler ex\.hello\)\ncompleted\n/);
    vi.restoreAllMocks();
    io = captureOutput();
    expect(await runExecSubcommands.once!([project('def reconcile(self:\n')])).toBe(2);
    expect(io.stderr()).toContain('reconcilers/ex.hello.star');
    // error lines carry no trailing blanks
    expect(io.stderr().split('\n').filter((l) => l !== l.trimEnd())).toEqual([]);
    // -s goes with run once only; its folder options need it
    vi.restoreAllMocks();
    io = captureOutput();
    expect(await runExecSubcommands.start!([project(), '-s'])).toBe(2);
    expect(io.stderr()).toContain('run start: -s (--sdc) applies to run once');
    expect(await runExecSubcommands.once!([project(), '--schemas', 'x'])).toBe(2);
    expect(io.stderr()).toContain('run once: --runningconfigs and --schemas go with -s (--sdc)');
    vi.restoreAllMocks();
    io = captureOutput();
    expect(await runExecSubcommands.result!([project()])).toBe(1);
    expect(io.stderr()).toContain('rpc error: code = NotFound desc = latest snapshot not available');
  });
});

describe('choreo run once -r', () => {
  it('enables the internal backends: an IPIndex input loads and is claimed (engine spec §11)', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'in', 'index.yaml'), 'apiVersion: ipam.be.kuid.dev/v1alpha1\nkind: IPIndex\nmetadata: {name: net, namespace: default}\nspec:\n  prefixes:\n  - {prefix: 10.0.0.0/24, prefixType: pool}\n');
    captureOutput();
    expect(await runExecSubcommands.once!([dir])).toBe(2); // the kind is unknown without -r
    expect(await runExecSubcommands.once!([dir, '-r'])).toBe(0);
    expect(await runExecSubcommands.once!([dir, '--internal-reconcilers'])).toBe(0);
    const { generation } = JSON.parse(readFileSync(path.join(dir, '.choreo', 'db', 'CURRENT'), 'utf8')) as { generation: string };
    expect(existsSync(path.join(dir, '.choreo', 'db', generation, 'ipam.be.kuid.dev', 'ipclaims.ndjson'))).toBe(true);
  });
});

describe('choreo run once: upstream\'s folder options', () => {
  it('reads the folders given (--apis, --input, --reconcilers, --libraries) and the earlier apis/ layout; refuses folders outside the project', async () => {
    const dir = project();
    // the earlier layout: crds/ renamed apis/ is read without any option
    renameSync(path.join(dir, 'crds'), path.join(dir, 'apis'));
    let io = captureOutput();
    expect(await runExecSubcommands.once!([dir])).toBe(0);
    // every folder moved: found through the options only
    renameSync(path.join(dir, 'apis'), path.join(dir, 'defs'));
    renameSync(path.join(dir, 'in'), path.join(dir, 'data'));
    renameSync(path.join(dir, 'reconcilers'), path.join(dir, 'logic'));
    io = captureOutput();
    expect(await runExecSubcommands.once!([dir])).toBe(0);
    expect(io.stdout()).not.toMatch(/HelloWorld/); // nothing to run without the folders
    io = captureOutput();
    expect(await runExecSubcommands.once!([dir, '--apis', 'defs', '--input', 'data', '--reconcilers=logic', '--libraries', 'lib'])).toBe(0);
    expect(io.stdout()).toMatch(/ex\.hello +[1-9] +[1-9] +0 +0/);
    io = captureOutput();
    expect(await runExecSubcommands.once!([dir, '--input', '../elsewhere'])).toBe(2);
    expect(io.stderr()).toContain('--input ../elsewhere: the folder must be inside the project');
  });

  it('choreo run once --help lists them', async () => {
    const io = captureOutput();
    expect(await runCommand.run(['once', '--help'])).toBe(0);
    expect(io.stdout()).toContain('once|start --apis DIR --input DIR --refs DIR --reconcilers DIR --libraries DIR');
    expect(io.stdout()).toContain('once|start --post DIR --servername NAME');
  });

  it('takes the rest of upstream\'s server flags as upstream does: --post and --servername without effect (warned), --db refused', async () => {
    const dir = project();
    let io = captureOutput();
    expect(await runExecSubcommands.once!([dir, '--post', 'post', '--servername=choreo'])).toBe(0);
    expect(io.stderr()).toContain('warning: --post post: upstream Choreo declares this folder flag but never reads it; nothing is done with it here either');
    expect(io.stderr()).toContain("warning: --servername choreo: names upstream's gRPC server");
    expect(io.stdout()).toMatch(/ex\.hello +[1-9]/);
    io = captureOutput();
    expect(await runExecSubcommands.once!([dir, '--post', '../x'])).toBe(2);
    expect(io.stderr()).toContain('--post ../x: the folder must be inside the project');
    io = captureOutput();
    expect(await runExecSubcommands.once!([dir, '--db', 'db'])).toBe(2);
    expect(io.stderr()).toContain('--db db: upstream Choreo keeps its store in that folder as one YAML per object; this store lives in .choreo/db');
    expect(existsSync(path.join(dir, 'db'))).toBe(false);
    // upstream's spelling of --runningconfigs is the same flag (here: refused without -s, as ours is)
    io = captureOutput();
    expect(await runExecSubcommands.once!([dir, '--runningConfigs', 'rc'])).toBe(2);
    expect(io.stderr()).toContain('run once: --runningconfigs and --schemas go with -s (--sdc)');
  });
});

describe('choreo run start / stop', () => {
  it('run stop without a runner says so', async () => {
    const io = captureOutput();
    expect(await runExecSubcommands.stop!([project()])).toBe(1);
    expect(io.stderr()).toMatch(/no runner is running for /);
  });

  it('run start runs in the foreground; run stop ends it and prints the snapshot id', async () => {
    const dir = project();
    const script = path.join(path.dirname(dir), 'start.mts');
    writeFileSync(script, `import { runExecSubcommands } from ${JSON.stringify(path.join(here, 'run-exec.ts'))};\nprocess.exitCode = await runExecSubcommands.start([${JSON.stringify(dir)}]);\n`);
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/run-ts.mjs'), script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Wait for the runner to announce itself (bounded by the test timeout, no fixed sleep).
    while (!out.includes('runner started')) {
      if (child.exitCode !== null) throw new Error(`run start exited early: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(existsSync(path.join(dir, '.choreo', 'runner.json'))).toBe(true);
    const io = captureOutput();
    const code = await runExecSubcommands.stop!([dir]);
    expect(code, io.stderr()).toBe(0);
    expect(io.stdout()).toMatch(/runner pid \d+ stopped; snapshot [0-9a-f]+/);
    vi.restoreAllMocks();
    expect(await exited).toBe(0);
    expect(out).toMatch(/runner stopped; snapshot [0-9a-f]+/);
    expect(existsSync(path.join(dir, '.choreo', 'runner.json'))).toBe(false);
  });
});

describe('choreo run start / stop --server', () => {
  it('starts and stops the prod runner of a running host over its WebSocket; a wrong token is refused', async () => {
    const dir = project();
    const appData = path.join(path.dirname(dir), 'app');
    const dist = path.join(path.dirname(dir), 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Choreo Studio</title>');
    const host = new Host({ transport: 'websocket', appDataDir: appData, watch: false });
    await host.openProject(dir);
    const server = await startBrowserServer({ host, distDir: dist });
    try {
      const io = captureOutput();
      expect(await runExecSubcommands.start!(['--server', server.url]), io.stderr()).toBe(0);
      expect(io.stdout()).toContain(`on the host for ${dir}`);
      expect(await runExecSubcommands.stop!(['--server', server.url]), io.stderr()).toBe(0);
      expect(io.stdout()).toMatch(/prod runner stopped on the host for .*; snapshot [0-9a-f]+/);

      const bad = new URL(server.url);
      bad.searchParams.set('token', 'wrong');
      expect(await runExecSubcommands.stop!(['--server', bad.href])).toBe(2);
      expect(io.stderr()).toMatch(/refused the connection \(HTTP 401\)/);
      expect(await runExecSubcommands.stop!(['--server', 'http://127.0.0.1:1/'])).toBe(2);
      expect(io.stderr()).toMatch(/has no token/);
    } finally {
      await server.close();
      await host.close();
    }
  });
});
