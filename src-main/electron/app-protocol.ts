// The desktop app's renderer is served from app://choreo/, a custom protocol, instead of file://, as the
// Electron security guide advises: a file:// page shares its origin with every file on the disk, so a script
// that got into the page could read any local file by URL; an app:// page has an origin of its own, and the
// handler answers only files inside the renderer's dist folder (host/renderer-files.ts, the rule browser mode
// follows too), with their MIME type and the renderer's CSP. The scheme is registered as privileged before the
// app is ready (standard: origin semantics, so `'self'` in the CSP and relative URLs work; secure: a secure
// context; fetch allowed; V8 code cache). No `electron` import here, so the handler is tested in plain node.
import { promises as fs } from 'node:fs';
import { locateRendererFile, rendererContentType } from '../host/renderer-files.js';

export const APP_SCHEME = 'app';
/** The one host of the scheme: any other host answers 404. */
export const APP_HOST = 'choreo';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** protocol.registerSchemesAsPrivileged's entry for the scheme (Electron's CustomScheme). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

/** Where an app:// URL points: the URL path of a file in dist, or the status to answer. */
export type AppRequestTarget = { ok: true; pathname: string } | { ok: false; status: 400 | 404 };

/** Pure: checks that `url` is an app://choreo/ URL and gives its path (still percent-encoded). */
export function appRequestPath(url: string): AppRequestTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404 };
  return { ok: true, pathname: parsed.pathname || '/' };
}

/**
 * The protocol handler: the response to a request for `url` (GET or HEAD) from the renderer's dist folder
 * `distDir`, with its Content-Type and the CSP. Never reads outside `distDir`.
 */
export async function appProtocolResponse(distDir: string, request: { url: string; method?: string }, csp: string): Promise<Response> {
  const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return new Response(null, { status: 405, headers: { ...headers, Allow: 'GET, HEAD' } });
  const target = appRequestPath(request.url);
  const found = target.ok ? await locateRendererFile(distDir, target.pathname) : target;
  if (!found.ok) return new Response(found.status === 400 ? 'bad request' : 'not found', { status: found.status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  const body = method === 'HEAD' ? null : await fs.readFile(found.file);
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': rendererContentType(found.file), 'Content-Length': String(found.size) } });
}
