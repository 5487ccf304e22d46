// Serves the built renderer (dist/) to the browser in browser mode: GET/HEAD only, confined to the dist
// folder (./renderer-files.ts, the rule Electron's app:// protocol follows too), with the CSP and headers
// that keep the token in the page URL from leaking.
import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { locateRendererFile, rendererContentType } from './renderer-files.js';

export class RendererNotBuiltError extends Error {
  constructor(distDir: string) {
    super(`The renderer is not built (${join(distDir, 'index.html')} is missing): run \`npm run build:renderer\` first (\`npm run web\` builds it and starts the server).`);
    this.name = 'RendererNotBuiltError';
  }
}

export function isRendererBuilt(distDir: string): boolean {
  return existsSync(join(distDir, 'index.html'));
}

export function assertRendererBuilt(distDir: string): void {
  if (!isRendererBuilt(distDir)) throw new RendererNotBuiltError(distDir);
}

export function createStaticHandler(distDir: string, csp: string) {
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
      pathname = new URL(req.url ?? '/', 'http://host').pathname;
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    const found = await locateRendererFile(distDir, pathname);
    if (!found.ok && found.status === 404 && pathname === '/favicon.ico') {
      res.writeHead(204).end(); // browsers ask for it unprompted; a 404 would only litter the console
      return;
    }
    if (!found.ok) {
      if (found.status === 400) res.writeHead(400).end('bad request');
      else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const { file } = found;
    res.writeHead(200, {
      'Content-Type': rendererContentType(file),
      'Content-Length': found.size,
      'Cache-Control': file.endsWith('.html') ? 'no-cache' : 'max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
