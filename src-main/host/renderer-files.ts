// Which file of the built renderer (dist/) a request names, for both ways the renderer is served: the
// browser-mode HTTP server (./static-files.ts) and the desktop app's app:// protocol
// (electron/app-protocol.ts). One rule for both: the path is decoded, NUL bytes are refused, and the result
// must stay inside the dist folder (`..`, encoded or not, cannot climb out); a folder means its index.html,
// and a missing path without an extension is a client-side route, answered with the app shell.
import { promises as fs } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/** A request's target: a file inside dist, or the status to answer (400 unreadable path, 404 outside or missing). */
export type RendererTarget = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/** The same with the file's size, once it was found on disk. */
export type RendererFile = { ok: true; file: string; size: number } | { ok: false; status: 400 | 404 };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type of a renderer file (by its extension; unknown ones are opaque bytes, never sniffed). */
export function rendererContentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file inside `distDir` that the URL path `pathname` (still percent-encoded, as in a URL) names. Pure: it
 * reads nothing from disk, so it cannot tell a folder from a file (see locateRendererFile).
 */
export function confineRendererPath(distDir: string, pathname: string): RendererTarget {
  const root = normalize(distDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400 }; // a malformed escape such as %E0%A4%A
  }
  if (decoded.includes('\0')) return { ok: false, status: 400 };
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return { ok: false, status: 404 };
  return { ok: true, file };
}

/** confineRendererPath, then the disk: a folder means its index.html; a missing extension-less path, the app shell. */
export async function locateRendererFile(distDir: string, pathname: string): Promise<RendererFile> {
  const target = confineRendererPath(distDir, pathname);
  if (!target.ok) return target;
  let file = target.file;
  let stat = await fs.stat(file).catch(() => undefined);
  if (stat?.isDirectory()) {
    file = join(file, 'index.html');
    stat = await fs.stat(file).catch(() => undefined);
  }
  if (!stat && extname(target.file) === '') {
    // Client-side routes fall back to the app shell.
    file = join(normalize(distDir), 'index.html');
    stat = await fs.stat(file).catch(() => undefined);
  }
  if (!stat?.isFile()) return { ok: false, status: 404 };
  return { ok: true, file, size: stat.size };
}
