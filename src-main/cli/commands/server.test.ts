import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { parseStartArgs, resolveBrowseRoot, resolveProjectDir, serverCommand } from './server.js';
import { captureOutput } from '../../testing/capture-output.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('choreo server start: arguments', () => {
  it('defaults to 127.0.0.1, a free port and a random token', () => {
    expect(parseStartArgs([])).toEqual({ port: 0, hostname: '127.0.0.1', allowedOrigins: [], limits: {} });
  });

  it('reads DIR and every option, in both --flag value and --flag=value forms', () => {
    expect(parseStartArgs(['proj', '--port', '8123', '--host=0.0.0.0', '--token', 'secret-token', '--allow-origin', 'http://127.0.0.1:5173', '--max-steps', '1000', '--reconcile-timeout=500'])).toEqual({
      dir: 'proj',
      port: 8123,
      hostname: '0.0.0.0',
      token: 'secret-token',
      allowedOrigins: ['http://127.0.0.1:5173'],
      limits: { maxSteps: 1000, reconcileTimeoutMs: 500 },
    });
  });

  it.each([
    [['--port', 'x'], '--port must be a whole number from 0 to 65535'],
    [['--port', '--host', 'h'], '--port needs a value'],
    [['a', '--dir', 'b'], 'only one DIR'],
    [['--port'], '--port needs a value'],
    [['--token', 'short'], 'at least 8'],
    [['--max-steps', '0'], '--max-steps must be a whole number of at least 1'],
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['a', 'b'], 'only one DIR'],
  ])('refuses %j with a usage message', (args, message) => {
    expect(() => parseStartArgs(args)).toThrow(message);
  });

  it('-r / --internal-reconcilers enables the backends (engine spec §11)', () => {
    expect(parseStartArgs(['interface', '-r']).internalReconcilers).toBe(true);
    expect(parseStartArgs(['kubenet', '-rs'])).toMatchObject({ internalReconcilers: true, configValidator: true });
    expect(parseStartArgs(['--internal-reconcilers']).internalReconcilers).toBe(true);
    expect(parseStartArgs([]).internalReconcilers).toBeUndefined();
  });

  it('takes upstream\'s folder options (--apis, --input, --refs, --reconcilers, --libraries), inside the project only', () => {
    expect(parseStartArgs(['kn', '--apis', 'apis', '--input=./data/', '--libraries', 'lib']).folders).toEqual({ apis: 'apis', input: 'data', libraries: 'lib' });
    expect(parseStartArgs([]).folders).toBeUndefined();
    expect(() => parseStartArgs(['--refs', '/etc'])).toThrow('--refs /etc: give a folder relative to the project, not an absolute path');
  });

  it('takes --browse-root and checks it is an existing folder, resolved as DIR is', () => {
    expect(parseStartArgs(['proj', '--browse-root', '/srv/projects']).browseRoot).toBe('/srv/projects');
    expect(parseStartArgs([]).browseRoot).toBeUndefined();
    const tmp = makeTempDir();
    try {
      mkdirSync(join(tmp.dir, 'projects'));
      writeFileSync(join(tmp.dir, 'file'), '');
      expect(resolveBrowseRoot('projects', { INIT_CWD: tmp.dir }, '/repo')).toBe(join(tmp.dir, 'projects'));
      expect(() => resolveBrowseRoot(join(tmp.dir, 'file'))).toThrow(`--browse-root: "${join(tmp.dir, 'file')}" is not an existing folder.`);
      expect(() => resolveBrowseRoot('missing', { INIT_CWD: tmp.dir })).toThrow('is not an existing folder');
    } finally {
      tmp.cleanup();
    }
  });

  it('takes upstream\'s --post, --output and --servername without effect (with a warning each), and refuses --db', () => {
    const o = parseStartArgs(['kn', '-r', '--post', 'post', '--output', 'out', '--servername', 'choreo']);
    expect(o).toMatchObject({ dir: 'kn', internalReconcilers: true });
    expect(o.notes).toEqual([
      '--post post: upstream Choreo declares this folder flag but never reads it; nothing is done with it here either',
      '--output out: upstream Choreo declares this folder flag but never reads it; nothing is done with it here either',
      "--servername choreo: names upstream's gRPC server, which has no counterpart here; ignored",
    ]);
    expect(parseStartArgs(['kn']).notes).toBeUndefined();
    expect(() => parseStartArgs(['--output', '/tmp/out'])).toThrow('--output /tmp/out: give a folder relative to the project');
    expect(() => parseStartArgs(['--db', 'db'])).toThrow('--db db: upstream Choreo keeps its store in that folder');
  });

  it('resolves DIR against the folder the user typed the command in (INIT_CWD under npm)', () => {
    expect(resolveProjectDir({ dir: 'p', port: 0, hostname: '', allowedOrigins: [], limits: {} }, { INIT_CWD: '/home/u' }, '/repo')).toBe('/home/u/p');
    expect(resolveProjectDir({ dir: '/abs', port: 0, hostname: '', allowedOrigins: [], limits: {} }, {}, '/repo')).toBe('/abs');
    expect(resolveProjectDir({ defaultDir: 'examples/hello-world', port: 0, hostname: '', allowedOrigins: [], limits: {} }, { INIT_CWD: '/home/u' }, '/repo')).toBe('/repo/examples/hello-world');
    expect(resolveProjectDir({ port: 0, hostname: '', allowedOrigins: [], limits: {} }, {}, '/here')).toBe('/here');
  });
});

describe('choreo server start: the process', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('prints exactly one URL line on stdout, serves the page, and stops on SIGTERM', async () => {
    const dist = join(tmp.dir, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<title>Choreo Studio</title>');
    mkdirSync(join(tmp.dir, 'proj'));
    const child = spawn(process.execPath, [join(repoRoot, 'bin/choreo.mjs'), 'server', 'start', join(tmp.dir, 'proj')], {
      env: { ...process.env, CHOREO_STUDIO_DIST: dist, CHOREO_STUDIO_HOME: join(tmp.dir, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
      });
      child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    });
    expect(line).toMatch(/^Choreo Studio \(browser mode\): http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const url = line.slice(line.indexOf('http'));
    expect(await (await fetch(url)).text()).toContain('Choreo Studio');
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with the build hint when the renderer is not built', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/choreo.mjs'), 'server', 'start', tmp.dir], {
      env: { ...process.env, CHOREO_STUDIO_DIST: join(tmp.dir, 'no-dist'), CHOREO_STUDIO_HOME: join(tmp.dir, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('npm run build:renderer');
  });

  it('one host per project: status finds it through .choreo/host.json, a second start is refused, stop ends it; a stale file reads as stopped (issue 15 item 3)', async () => {
    const dist = join(tmp.dir, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<title>Choreo Studio</title>');
    const proj = join(tmp.dir, 'proj');
    mkdirSync(proj);
    const env = { ...process.env, CHOREO_STUDIO_DIST: dist, CHOREO_STUDIO_HOME: join(tmp.dir, 'home') };
    const server = async (...args: string[]) => {
      const io = captureOutput();
      try {
        return { code: await serverCommand.run(args), stdout: io.stdout() };
      } finally {
        io.restore();
      }
    };
    const child = spawn(process.execPath, [join(repoRoot, 'bin/choreo.mjs'), 'server', 'start', proj], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.slice(out.indexOf('http')).split('\n')[0]!);
        });
        void exit.then((code) => reject(new Error(`server exited early with ${code}`)));
      });
      const lockFile = join(proj, '.choreo', 'host.json');
      expect(statSync(lockFile).mode & 0o777).toBe(0o600);
      const st = await server('status', proj);
      expect(st.code).toBe(0);
      expect(st.stdout).toContain('host: running');
      expect(st.stdout).toContain(`pid: ${child.pid}`);
      expect(st.stdout).toContain(`url: ${url}`);

      const second = spawn(process.execPath, [join(repoRoot, 'bin/choreo.mjs'), 'server', 'start', proj], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      second.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      expect(await new Promise<number | null>((resolve) => second.once('exit', resolve))).toBe(1);
      expect(stderr).toContain(`already running (pid ${child.pid}, ${url})`);

      const stopped = await server('stop', proj);
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toContain(`pid ${child.pid}`);
      expect(await exit).toBe(0);
      expect(existsSync(lockFile)).toBe(false);
      expect((await server('status', proj)).stdout).toContain('host: stopped\n');

      // a host that died without cleaning up (a crash, a reboot) leaves a stale file: stopped, and the next start takes over
      writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, hostname: (await import('node:os')).hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
      const stale = await server('status', proj);
      expect(stale.stdout).toContain('ended without cleaning up');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
