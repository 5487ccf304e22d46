/**
 * Local git smart-HTTP server for tests: `git http-backend` run as CGI behind node:http on 127.0.0.1:0.
 * Supports clone, fetch/pull and push from isomorphic-git and from real git, without any network access.
 * Recipe: toolchain.md §7. Never used by the app itself.
 *
 * The server runs in the test's own process: drive real git against it with async `execFile`/`spawn`,
 * never `execFileSync` (a synchronous child blocks the event loop, so the server can never answer).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Basic-auth credentials the server demands when set. */
export interface GitHttpAuth {
  username: string;
  password: string;
}

export interface GitHttpServerOptions {
  /** Folder that holds the bare repositories, e.g. `<root>/remote.git`. */
  root: string;
  /** When set, every request without these Basic credentials gets 401 + `WWW-Authenticate: Basic`. */
  requireAuth?: GitHttpAuth;
  /** Called with each line the CGI child writes to stderr (default: ignored, to keep test output clean). */
  log?: (line: string) => void;
}

export interface GitHttpServer {
  /** Base URL without a trailing slash; a repository is at `${url}/remote.git`. */
  url: string;
  /** Number of requests served so far (handy to assert that a call really reached the server). */
  requests(): number;
  close(): Promise<void>;
}

/** Parses a `Basic` Authorization header; undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): GitHttpAuth | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+(.+)$/i.exec(header.trim());
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let user = 'test';
    if (options.requireAuth) {
      const given = parseBasicAuth(req.headers.authorization);
      if (!given || given.username !== options.requireAuth.username || given.password !== options.requireAuth.password) {
        req.resume();
        res.statusCode = 401;
        res.setHeader('WWW-Authenticate', 'Basic realm="git"');
        res.end('authentication required\n');
        return;
      }
      user = given.username || 'test';
    }
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: options.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      // A non-empty REMOTE_USER enables receive-pack, so push works.
      REMOTE_USER: user,
      REMOTE_ADDR: '127.0.0.1',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: options.root,
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
    if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);

    const cgi = spawn('git', ['http-backend'], { env });
    cgi.on('error', (err) => {
      if (!res.headersSent) res.statusCode = 500;
      res.end(`git http-backend failed: ${err.message}\n`);
    });
    cgi.stdin.on('error', () => undefined); // the child may exit before reading everything
    req.pipe(cgi.stdin);
    cgi.stderr.on('data', (c: Buffer) => {
      for (const line of c.toString('utf8').split(/\r?\n/)) if (line) options.log?.(`[git http-backend] ${line}`);
    });
    let head = Buffer.alloc(0);
    let done = false;
    cgi.stdout.on('data', (c: Buffer) => {
      if (done) return void res.write(c);
      head = Buffer.concat([head, c]);
      let i = head.indexOf('\r\n\r\n');
      let n = 4;
      if (i < 0) {
        i = head.indexOf('\n\n');
        n = 2;
      }
      if (i < 0) return; // headers not complete yet
      done = true;
      for (const line of head.subarray(0, i).toString('latin1').split(/\r?\n/)) {
        const k = line.indexOf(':');
        if (k < 0) continue;
        const name = line.slice(0, k).trim();
        const value = line.slice(k + 1).trim();
        if (name.toLowerCase() === 'status') res.statusCode = parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.write(head.subarray(i + n));
    });
    cgi.on('close', () => {
      if (!done && head.length) res.write(head);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
