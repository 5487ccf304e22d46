// The browser-mode transport end to end: a real HTTP + WebSocket server, a real `ws` client.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventFrame, ResponseFrame } from '../../src-shared/ipc/ws-protocol.js';
import { makeTempDir, waitFor } from '../testing/temp-dir.js';
import { Host } from './host.js';
import { RendererNotBuiltError } from './static-files.js';
import { announceLine, startBrowserServer, type BrowserServer } from './websocket-server.js';

let tmp: ReturnType<typeof makeTempDir>;
let host: Host;
let server: BrowserServer;
let project: string;
let dist: string;

beforeEach(async () => {
  tmp = makeTempDir();
  project = join(tmp.dir, 'proj');
  dist = join(tmp.dir, 'dist');
  mkdirSync(join(project, 'in'), { recursive: true });
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(project, 'in', 'a.yaml'), 'a: 1\n');
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Choreo Studio</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
  host = new Host({ transport: 'websocket', appDataDir: join(tmp.dir, 'app'), watchDebounceMs: 20 });
  await host.openProject(project);
  server = await startBrowserServer({ host, distDir: dist });
});
afterEach(async () => {
  await server.close();
  await host.close();
  tmp.cleanup();
});

function wsUrl(token?: string): string {
  const base = `ws://127.0.0.1:${server.port}/ws`;
  return token === undefined ? base : `${base}?token=${encodeURIComponent(token)}`;
}

/** Connects and resolves with the socket, or rejects with the HTTP status of a refused upgrade. */
function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function collect(ws: WebSocket): (ResponseFrame | EventFrame)[] {
  const frames: (ResponseFrame | EventFrame)[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  return frames;
}

describe('browser-mode server', () => {
  it('announces a 127.0.0.1 URL with a random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(24);
    expect(announceLine(server.url)).toMatch(/^Choreo Studio \(browser mode\): http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
  });

  it('round-trips requests over the WebSocket with the right token', async () => {
    const ws = await connect(wsUrl(server.token), { Origin: `http://127.0.0.1:${server.port}` });
    const frames = collect(ws);
    ws.send(JSON.stringify({ id: 1, channel: 'file.read', request: { path: 'in/a.yaml' } }));
    ws.send(JSON.stringify({ id: 2, channel: 'file.read', request: { path: '../secret.txt' } }));
    ws.send(JSON.stringify({ id: 3, channel: 'nope', request: {} }));
    ws.send('not json');
    await waitFor(() => frames.length >= 4, 'four answers');
    const byId = (id: number | null) => frames.find((f) => 'id' in f && f.id === id) as ResponseFrame;
    expect(byId(1).result).toMatchObject({ ok: true, value: { path: 'in/a.yaml', content: 'a: 1\n' } });
    expect(byId(2).result).toMatchObject({ ok: false, error: { code: 'path-escape' } });
    expect(byId(3).result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(byId(null).result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    ws.close();
  });

  it('pushes events (an external file change) to connected clients', async () => {
    const ws = await connect(wsUrl(server.token));
    const frames = collect(ws);
    writeFileSync(join(project, 'in', 'a.yaml'), 'a: 2\n');
    await waitFor(() => frames.some((f) => 'event' in f && f.event === 'file.changed'), 'the file.changed event');
    expect(frames.find((f) => 'event' in f)).toMatchObject({ event: 'file.changed', payload: { path: 'in/a.yaml', kind: 'changed' } });
    ws.close();
  });

  it.each([
    ['no token', () => wsUrl()],
    ['a wrong token', () => wsUrl('x'.repeat(32))],
    ['an empty token', () => wsUrl('')],
    ['another path', () => `ws://127.0.0.1:${server.port}/other?token=${server.token}`],
  ])('refuses an upgrade with %s (HTTP 401)', async (_what, url) => {
    await expect(connect(url())).rejects.toThrow('HTTP 401');
  });

  it('refuses a foreign Origin even with the right token', async () => {
    await expect(connect(wsUrl(server.token), { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 401');
    await expect(connect(wsUrl(server.token), { Origin: `http://127.0.0.1:${server.port + 1}` })).rejects.toThrow('HTTP 401');
  });

  it('on a non-loopback address, accepts the origin the page was reached under (token still required)', async () => {
    const open = await startBrowserServer({ host, distDir: dist, hostname: '0.0.0.0' });
    try {
      const url = `ws://127.0.0.1:${open.port}/ws?token=${open.token}`;
      const ws = await connect(url, { Origin: `http://127.0.0.1:${open.port}`, Host: `studio.lan:${open.port}` });
      ws.close();
      const viaName = await connect(url, { Origin: `http://studio.lan:${open.port}`, Host: `studio.lan:${open.port}` });
      viaName.close();
      await expect(connect(url, { Origin: 'http://evil.example', Host: `studio.lan:${open.port}` })).rejects.toThrow('HTTP 401');
      await expect(connect(`ws://127.0.0.1:${open.port}/ws?token=nope`, { Origin: `http://studio.lan:${open.port}`, Host: `studio.lan:${open.port}` })).rejects.toThrow('HTTP 401');
    } finally {
      await open.close();
    }
  });

  it('serves the built renderer with the CSP, and nothing outside dist', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Choreo Studio');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('worker-src \'self\' blob:');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const js = await fetch(`http://127.0.0.1:${server.port}/assets/app.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    const escape = await fetch(`http://127.0.0.1:${server.port}/..%2fsecret.txt`);
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('secret');
    expect((await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses to start when the renderer is not built', async () => {
    await expect(startBrowserServer({ host, distDir: join(tmp.dir, 'nothing') })).rejects.toBeInstanceOf(RendererNotBuiltError);
    await expect(startBrowserServer({ host, distDir: join(tmp.dir, 'nothing') })).rejects.toThrow('npm run build:renderer');
  });
});
