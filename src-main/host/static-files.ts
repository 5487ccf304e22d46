// Serves the built renderer (dist/) to the browser in browser mode: GET/HEAD only, confined to the
// dist folder, with the CSP and headers that keep the token in the page URL from leaking.
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

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

export class RendererNotBuiltError extends Error {
  constructor(distDir: string) {
    super(`The renderer is not built (${join(distDir, 'index.html')} is missing): run \`npm run build:renderer\` first (\`npm run web\` builds it and starts the server).`);
    this.name = 'RendererNotBuiltError';
  }
}

export function assertRendererBuilt(distDir: string): void {
  if (!existsSync(join(distDir, 'index.html'))) throw new RendererNotBuiltError(distDir);
}

export function createStaticHandler(distDir: string, csp: string) {
  const root = normalize(distDir);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // The page URL carries the token: never send it to anyone in a Referer header.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (pathname.includes('\0')) {
      res.writeHead(400).end('bad request');
      return;
    }
    let file = normalize(join(root, pathname));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(404).end('not found');
      return;
    }
    let stat = await fs.stat(file).catch(() => undefined);
    if (stat?.isDirectory()) {
      file = join(file, 'index.html');
      stat = await fs.stat(file).catch(() => undefined);
    }
    if (!stat && extname(pathname) === '') {
      // Client-side routes fall back to the app shell.
      file = join(root, 'index.html');
      stat = await fs.stat(file).catch(() => undefined);
    }
    if (!stat && pathname === '/favicon.ico') {
      res.writeHead(204).end(); // browsers ask for it unprompted; a 404 would only litter the console
      return;
    }
    if (!stat?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': file.endsWith('.html') ? 'no-cache' : 'max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
