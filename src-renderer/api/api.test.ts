// The renderer's client against the real browser-mode host (node `ws` stands in for the browser's
// WebSocket), plus transport selection and the Electron bridge wrapper.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChoreoBridge, Result } from '../../src-shared/ipc/contract';
import { Host } from '../../src-main/host/host';
import { startBrowserServer, type BrowserServer } from '../../src-main/host/websocket-server';
import { makeTempDir, waitFor } from '../../src-main/testing/temp-dir';
import { ApiError, createApiClient, getApiClient, setApiClient, websocketUrlFor, WebSocketTransport } from './index';
import { electronTransport } from './electron-transport';
import type { WebSocketLike } from './websocket-transport';

let tmp: ReturnType<typeof makeTempDir>;
let host: Host;
let server: BrowserServer;
let project: string;
const transports: WebSocketTransport[] = [];

/**
 * Node's `ws` as the browser's WebSocket. A browser never throws for a socket error; `ws` emits 'error' and
 * throws when nobody listens (a refused socket can reset after the transport let go of it), so keep one
 * listener on it as the browser would.
 */
const nodeSocket = (url: string) => {
  const socket = new WebSocket(url);
  socket.on('error', () => {});
  return socket as unknown as WebSocketLike;
};

beforeEach(async () => {
  tmp = makeTempDir();
  project = join(tmp.dir, 'proj');
  mkdirSync(join(project, 'in'), { recursive: true });
  writeFileSync(join(project, 'in', 'a.yaml'), 'a: 1\n');
  host = new Host({ transport: 'websocket', appDataDir: join(tmp.dir, 'app'), watchDebounceMs: 20 });
  await host.openProject(project);
  server = await startBrowserServer({ host, distDir: '', serveFiles: false });
});
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  setApiClient(undefined);
  await server.close();
  await host.close();
  tmp.cleanup();
});

function transportFor(token: string, extra: Partial<ConstructorParameters<typeof WebSocketTransport>[0]> = {}) {
  const url = websocketUrlFor({ protocol: 'http:', host: `127.0.0.1:${server.port}`, search: `?token=${token}` })!;
  const t = new WebSocketTransport({ url, createSocket: nodeSocket, reconnectDelaysMs: [20], ...extra });
  transports.push(t);
  return t;
}

describe('websocketUrlFor', () => {
  it('takes the token from the page URL', () => {
    expect(websocketUrlFor({ protocol: 'http:', host: '127.0.0.1:4000', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:4000/ws?token=a%2Bb');
    expect(websocketUrlFor({ protocol: 'https:', host: 'studio.example', search: '?x=1&token=t' })).toBe('wss://studio.example/ws?token=t');
    expect(websocketUrlFor({ protocol: 'http:', host: 'h', search: '' })).toBeUndefined();
  });
});

describe('WebSocket client against the real host', () => {
  it('queues requests made before the socket opens, then answers them', async () => {
    const api = createApiClient(transportFor(server.token));
    const [info, file] = await Promise.all([api.invoke('project.current', {}), api.invoke('file.read', { path: 'in/a.yaml' })]);
    expect(info).toMatchObject({ root: project, name: 'proj' });
    expect(file).toMatchObject({ path: 'in/a.yaml', content: 'a: 1\n' });
  });

  it('rejects { ok: false } as an ApiError with code, message and where', async () => {
    const api = createApiClient(transportFor(server.token));
    const err = await api.invoke('file.read', { path: '../secret' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'path-escape', where: '../secret', channel: 'file.read' });
    expect((err as ApiError).message).toContain('../secret');
  });

  it('delivers host events to listeners', async () => {
    const api = createApiClient(transportFor(server.token));
    const seen: unknown[] = [];
    api.on('file.changed', (p) => seen.push(p));
    await api.invoke('app.info', {}); // the socket is open from here on
    writeFileSync(join(project, 'in', 'a.yaml'), 'a: 2\n');
    await waitFor(() => seen.length > 0, 'the file.changed event');
    expect(seen[0]).toMatchObject({ path: 'in/a.yaml', kind: 'changed' });
  });

  it('reconnects after the server restarts on the same port', async () => {
    const statuses: string[] = [];
    const t = transportFor(server.token, { onStatus: (s) => statuses.push(s) });
    const api = createApiClient(t);
    await api.invoke('app.info', {});
    const { port, token } = server;
    await server.close();
    await waitFor(() => t.status !== 'open', 'the client to notice the drop');
    server = await startBrowserServer({ host, distDir: '', serveFiles: false, port, token });
    await waitFor(() => t.status === 'open', 'the reconnect');
    expect(await api.invoke('project.current', {})).toMatchObject({ name: 'proj' });
    expect(statuses).toContain('closed');
  });

  it('never opens with a wrong token, and requests end with a timeout error instead of hanging', async () => {
    const api = createApiClient(transportFor('wrong-token-0123456789', { requestTimeoutMs: 200 }));
    await expect(api.invoke('app.info', {})).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('WebSocket client deadlines', () => {
  /** A socket that opens and then never answers (a host stuck in a handler). */
  function silentSocket(): WebSocketLike {
    const socket: WebSocketLike & { readyState: number } = {
      readyState: 0,
      onopen: null,
      onclose: null,
      onerror: null,
      onmessage: null,
      send: () => {},
      close: () => {},
    };
    setTimeout(() => {
      socket.readyState = 1;
      socket.onopen?.({});
    }, 0);
    return socket;
  }

  it('fails a sent request that is never answered with a timeout naming the channel', async () => {
    const t = new WebSocketTransport({ url: 'ws://unused', createSocket: silentSocket, requestTimeoutMs: 10_000, answerTimeoutMs: 50 });
    transports.push(t);
    const api = createApiClient(t);
    await expect(api.invoke('project.tree', {})).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('did not answer "project.tree"') });
  });
});

describe('transport choice and the Electron bridge', () => {
  it('uses window.choreo when the preload exposed it', async () => {
    const calls: [string, unknown][] = [];
    const bridge: ChoreoBridge = {
      invoke: async (channel, request): Promise<Result<unknown>> => {
        calls.push([channel, request]);
        return { ok: true, value: null };
      },
      on: () => () => {},
    };
    (globalThis as { choreo?: ChoreoBridge }).choreo = bridge;
    try {
      const api = getApiClient();
      expect(api.transport).toBe('electron');
      expect(await api.invoke('project.current', {})).toBeNull();
      expect(calls).toEqual([['project.current', {}]]);
    } finally {
      delete (globalThis as { choreo?: ChoreoBridge }).choreo;
    }
  });

  it('fails every request with a readable reason when there is no bridge and no token', async () => {
    const api = getApiClient();
    expect(api.transport).toBe('none');
    await expect(api.invoke('app.info', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('choreo server start') });
  });

  it('turns a broken bridge into an unavailable error', async () => {
    const broken: ChoreoBridge = { invoke: async () => Promise.reject(new Error('No handler registered')), on: () => () => {} };
    const api = createApiClient(electronTransport(broken));
    await expect(api.invoke('app.info', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('No handler registered') });
  });

  it('drops event payloads that break the contract', () => {
    let deliver: (payload: unknown) => void = () => {};
    const bridge: ChoreoBridge = { invoke: async () => ({ ok: true, value: null }), on: (_e, l) => ((deliver = l), () => {}) };
    const api = createApiClient(electronTransport(bridge));
    const got: unknown[] = [];
    api.on('file.changed', (p) => got.push(p));
    deliver({ path: 3 });
    deliver({ path: 'in/a.yaml', kind: 'deleted' });
    expect(got).toEqual([{ path: 'in/a.yaml', kind: 'deleted' }]);
  });
});

describe('renderer api sources', () => {
  it('never import Node modules', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const source = readFileSync(join(dir, name), 'utf8');
      expect(source, name).not.toMatch(/from ['"](node:|fs|path|ws|os|child_process|electron)['"/]/);
    }
  });
});
