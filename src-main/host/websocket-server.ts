// Browser mode: an HTTP server on 127.0.0.1 that serves the built renderer and carries the IPC
// contract over a WebSocket. Every launch gets a random token; the page URL carries it, and upgrade
// requests without it (or from a foreign Origin) are refused with 401, so other local programs and web
// pages cannot drive the host.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Result } from '../../src-shared/ipc/contract.js';
import { TOKEN_PARAM, WS_PATH, type EventFrame, type RequestFrame, type ResponseFrame } from '../../src-shared/ipc/ws-protocol.js';
import { browserModeCsp } from './csp.js';
import type { Host } from './host.js';
import { silentLogger, type Logger } from './log.js';
import { assertRendererBuilt, createStaticHandler } from './static-files.js';

export interface BrowserServerOptions {
  host: Host;
  /** Folder with the built renderer (index.html and assets). */
  distDir: string;
  /** Interface to listen on; 127.0.0.1 unless the user asks otherwise. */
  hostname?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Per-launch secret; random unless given. */
  token?: string;
  /** Extra page origins allowed to connect (e.g. a Vite dev server during development). */
  allowedOrigins?: string[];
  log?: Logger;
  /** Serve no files (tests of the transport alone). */
  serveFiles?: boolean;
}

export interface BrowserServer {
  /** The page to open: http://HOST:PORT/?token=TOKEN */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest frame accepted from a client; file writes travel in one frame. */
const MAX_PAYLOAD = 64 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The one stdout line the e2e tests and users look for. */
export function announceLine(url: string): string {
  return `Choreo Studio (browser mode): ${url}`;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const log = options.log ?? silentLogger;
  const hostname = options.hostname ?? '127.0.0.1';
  const token = options.token ?? createToken();
  const serveFiles = options.serveFiles ?? true;
  if (serveFiles) assertRendererBuilt(options.distDir);

  let port = options.port ?? 0;
  const hostForUrl = hostname.includes(':') ? `[${hostname}]` : hostname;
  // Filled in once the port is known; the CSP must name the WebSocket origin exactly.
  let handleStatic: ReturnType<typeof createStaticHandler> | undefined;
  const server: Server = createServer((req, res) => {
    if (!handleStatic) {
      res.writeHead(404).end();
      return;
    }
    handleStatic(req, res).catch((err) => {
      log.error(`serving ${req.url}: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const origins = allowedOrigins();
    // Served to other machines (--host 0.0.0.0), the page's origin is whatever name they used to
    // reach us; the token remains the guard.
    if (!isLoopback(hostname) && req.headers.host) origins.add(`http://${req.headers.host}`);
    const refusal = checkUpgrade(req, token, origins);
    if (refusal) {
      log.info(`refused WebSocket connection from ${req.socket.remoteAddress}: ${refusal}`);
      socket.end(`HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(refusal)}\r\n\r\n${refusal}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.host, log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${hostForUrl}:${port}`;
  if (serveFiles) handleStatic = createStaticHandler(options.distDir, browserModeCsp(`ws://${hostForUrl}:${port}`));

  function allowedOrigins(): Set<string> {
    return new Set([origin, `http://127.0.0.1:${port}`, `http://localhost:${port}`, ...(options.allowedOrigins ?? [])]);
  }

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      const alive = ws as WebSocket & { choreoAlive?: boolean };
      if (alive.choreoAlive === false) {
        ws.terminate();
        continue;
      }
      alive.choreoAlive = false;
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return {
    url: `${origin}/?${TOKEN_PARAM}=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '::1' || hostname.startsWith('127.');
}

/** Why an upgrade request is refused, or undefined when it may connect. */
export function checkUpgrade(req: IncomingMessage, token: string, allowedOrigins: Set<string>): string | undefined {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://host');
  } catch {
    return 'malformed request URL';
  }
  if (url.pathname !== WS_PATH) return `no WebSocket endpoint at ${url.pathname}`;
  const given = url.searchParams.get(TOKEN_PARAM);
  if (!given) return 'missing token';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'wrong token';
  // Browsers always send Origin; a page from another site must not reach the host even with a token.
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.has(origin)) return `origin ${origin} is not allowed`;
  return undefined;
}

function serveConnection(ws: WebSocket, host: Host, log: Logger): void {
  const alive = ws as WebSocket & { choreoAlive?: boolean };
  alive.choreoAlive = true;
  ws.on('pong', () => (alive.choreoAlive = true));
  const send = (frame: ResponseFrame | EventFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = host.onEvent((event, payload) => send({ event, payload }));
  ws.on('message', (data, isBinary) => {
    const frame = parseRequestFrame(isBinary ? undefined : data.toString());
    if ('error' in frame) {
      send({ id: frame.id, result: { ok: false, error: { code: 'invalid-request', message: frame.error } } });
      return;
    }
    host.dispatch(frame.channel, frame.request).then(
      (result: Result<unknown>) => send({ id: frame.id, result }),
      (err: unknown) => {
        // dispatch never rejects; this is the last line of defence.
        log.error(`dispatch of ${frame.channel} rejected: ${(err as Error).message}`);
        send({ id: frame.id, result: { ok: false, error: { code: 'internal', message: String(err) } } });
      },
    );
  });
  ws.on('close', unsubscribe);
  ws.on('error', (err) => log.error(`WebSocket: ${err.message}`));
}

function parseRequestFrame(text: string | undefined): RequestFrame | { id: number | null; error: string } {
  if (text === undefined) return { id: null, error: 'Binary frames are not supported; send JSON text.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { id: null, error: 'The frame is not valid JSON.' };
  }
  const frame = value as Partial<RequestFrame> | null;
  const id = typeof frame?.id === 'number' ? frame.id : null;
  if (id === null) return { id: null, error: 'The frame has no numeric "id".' };
  if (typeof frame?.channel !== 'string') return { id, error: 'The frame has no "channel" string.' };
  return { id, channel: frame.channel, request: frame.request };
}
