// The app:// protocol handler without Electron: which file an app:// URL names (pure path resolution and
// confinement to dist), and the responses it gives for a temp dist folder — files with their MIME type and the
// CSP, the app shell for client-side routes, 404 for anything outside dist or on another host, 405 for writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../host/csp.js';
import { confineRendererPath } from '../host/renderer-files.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, appProtocolResponse, appRequestPath } from './app-protocol.js';

const DIST = normalize('/opt/choreo/resources/app.asar/dist');

describe('appRequestPath and confineRendererPath (pure)', () => {
  it.each([
    [APP_INDEX_URL, '/index.html', 'index.html'],
    ['app://choreo/', '/', '/'],
    ['app://choreo', '/', '/'],
    ['app://choreo/assets/index-abc.js?v=1#x', '/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://choreo/assets/a%20b.css', '/assets/a%20b.css', 'assets/a b.css'],
    // the URL parser resolves dot segments, encoded or not, before the handler sees the path
    ['app://choreo/../../etc/passwd', '/etc/passwd', 'etc/passwd'],
    ['app://choreo/%2e%2e/%2e%2e/etc/passwd', '/etc/passwd', 'etc/passwd'],
    ['app://choreo/assets/../index.html', '/index.html', 'index.html'],
  ])('%s names %s inside dist', (url, pathname, inside) => {
    const target = appRequestPath(url);
    expect(target).toEqual({ ok: true, pathname });
    expect(confineRendererPath(DIST, pathname)).toEqual({ ok: true, file: join(DIST, inside) });
  });

  it.each([
    ['another host', 'app://evil/index.html'],
    ['a host that only starts like ours', 'app://choreo.evil/index.html'],
    ['another scheme', 'file:///opt/choreo/resources/app.asar/dist/index.html'],
    ['a web page', 'https://choreo/index.html'],
  ])('refuses %s with 404', (_what, url) => {
    expect(appRequestPath(url)).toEqual({ ok: false, status: 404 });
  });

  it('refuses an unparsable URL with 400', () => {
    expect(appRequestPath('not a url')).toEqual({ ok: false, status: 400 });
  });

  it.each([
    ['an encoded slash that climbs out', '/..%2f..%2fetc%2fpasswd', 404],
    ['deeper encoded slashes', '/..%2F..%2F..%2F..%2F..%2Froot', 404],
    ['a sibling folder that starts like dist', '/..%2Fdist-other%2Findex.html', 404],
    ['a NUL byte', '/index.html%00.png', 400],
    ['a malformed escape', '/%E0%A4%A', 400],
  ])('confineRendererPath refuses %s', (_what, pathname, status) => {
    expect(confineRendererPath(DIST, pathname)).toEqual({ ok: false, status });
  });

  it('registers a standard, secure scheme (origin semantics for the CSP and relative URLs)', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});

describe('appProtocolResponse on a dist folder', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dist: string;
  beforeAll(() => {
    tmp = makeTempDir('choreo-app-protocol-');
    dist = join(tmp.dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Choreo Studio</title>');
    writeFileSync(join(dist, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'index.css'), 'body{}');
    writeFileSync(join(dist, 'assets', 'codicon.ttf'), 'ttf');
    writeFileSync(join(dist, 'assets', 'editor.worker.mjs'), 'self.onmessage=()=>{}');
    writeFileSync(join(dist, 'assets', 'data.bin'), 'x');
    writeFileSync(join(tmp.dir, 'secret.txt'), 'outside dist');
  });
  afterAll(() => tmp.cleanup());

  const get = (url: string, method = 'GET') => appProtocolResponse(dist, { url, method }, RENDERER_CSP);

  it.each([
    [APP_INDEX_URL, 'text/html; charset=utf-8', '<!doctype html><title>Choreo Studio</title>'],
    ['app://choreo/', 'text/html; charset=utf-8', '<!doctype html><title>Choreo Studio</title>'],
    ['app://choreo/editor/some-route', 'text/html; charset=utf-8', '<!doctype html><title>Choreo Studio</title>'],
    ['app://choreo/assets/index.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://choreo/assets/editor.worker.mjs', 'text/javascript; charset=utf-8', 'self.onmessage=()=>{}'],
    ['app://choreo/assets/index.css', 'text/css; charset=utf-8', 'body{}'],
    ['app://choreo/assets/codicon.ttf', 'font/ttf', 'ttf'],
    ['app://choreo/assets/data.bin', 'application/octet-stream', 'x'],
  ])('serves %s as %s with the CSP', async (url, type, body) => {
    const r = await get(url);
    expect(r.status).toBe(200);
    expect(r.headers.get('Content-Type')).toBe(type);
    expect(r.headers.get('Content-Security-Policy')).toBe(RENDERER_CSP);
    expect(r.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await r.text()).toBe(body);
  });

  it.each([
    ['a file outside dist, by dot segments', 'app://choreo/../secret.txt'],
    ['a file outside dist, by encoded slashes', 'app://choreo/..%2fsecret.txt'],
    ['a missing asset', 'app://choreo/assets/missing.js'],
    ['another host', 'app://other/index.html'],
  ])('answers 404 for %s', async (_what, url) => {
    const r = await get(url);
    expect(r.status).toBe(404);
    expect(await r.text()).toBe('not found');
  });

  it('answers HEAD without a body, and refuses writes', async () => {
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('Content-Length')).toBe('43');
    expect(await head.text()).toBe('');
    const post = await get(APP_INDEX_URL, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('Allow')).toBe('GET, HEAD');
  });
});
