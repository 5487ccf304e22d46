// A small client for a running `choreo server start` host, so CLI verbs can drive it (e.g. `choreo run
// start --server URL`) and the app can hand delivery to the project's background host. It speaks the same
// WebSocket frames and contract as the browser renderer.
import WebSocket from 'ws';
import { channels, type ChannelName, type EventName, type EventPayload, type Request, type Response } from '../../src-shared/ipc/contract.js';
import { TOKEN_PARAM, WS_PATH, type EventFrame, type RequestFrame, type ResponseFrame } from '../../src-shared/ipc/ws-protocol.js';

export interface HostClient {
  invoke<C extends ChannelName>(channel: C, request: Request<C>): Promise<Response<C>>;
  /** Calls `listener` with each `event` the host sends from now on (unchecked: the host validated it); returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): void;
  /** True once the connection closed (the host stopped or crashed, or close() was called). */
  readonly closed: boolean;
}

/** An answer the host refused, with the host's error code and message. */
export class HostCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostCallError';
  }
}

/**
 * Turns the URL `choreo server start` prints (`http://127.0.0.1:PORT/?token=T`) into the WebSocket
 * address of that host. Throws with a message naming what is missing.
 */
export function hostSocketUrl(serverUrl: string): string {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw new Error(`--server: "${serverUrl}" is not a URL; pass the line \`choreo server start\` printed (http://127.0.0.1:PORT/?token=…)`);
  }
  const token = url.searchParams.get(TOKEN_PARAM);
  if (!token) throw new Error(`--server: the URL has no ${TOKEN_PARAM}; pass the whole URL \`choreo server start\` printed`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--server: expected an http(s) URL, got ${url.protocol}`);
  const ws = new URL(WS_PATH, url);
  ws.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  ws.searchParams.set(TOKEN_PARAM, token);
  return ws.href;
}

/** Connects to a host; rejects with a readable message when it is unreachable or refuses the token. */
export async function connectHost(serverUrl: string, timeoutMs = 10_000): Promise<HostClient> {
  const socket = new WebSocket(hostSocketUrl(serverUrl));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no answer from ${serverUrl} within ${timeoutMs} ms; is \`choreo server start\` running?`));
    }, timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`the host refused the connection (HTTP ${res.statusCode}); check the token in the URL`));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot reach ${serverUrl}: ${err.message}`));
    });
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  socket.on('message', (data) => {
    let frame: Partial<ResponseFrame> & Partial<EventFrame>;
    try {
      frame = JSON.parse(String(data)) as Partial<ResponseFrame> & Partial<EventFrame>;
    } catch {
      return;
    }
    if (typeof frame.event === 'string') {
      for (const l of listeners.get(frame.event) ?? []) l(frame.payload as never);
      return;
    }
    if (typeof frame.id !== 'number' || !frame.result) return;
    const waiter = pending.get(frame.id);
    if (!waiter) return;
    pending.delete(frame.id);
    if (frame.result.ok) waiter.resolve(frame.result.value);
    else waiter.reject(new HostCallError(frame.result.error.code, frame.result.error.message));
  });
  let closed = false;
  socket.on('close', () => {
    closed = true;
    for (const waiter of pending.values()) waiter.reject(new Error('the host closed the connection'));
    pending.clear();
  });

  return {
    invoke(channel, request) {
      const id = nextId++;
      const frame: RequestFrame = { id, channel, request };
      return new Promise((resolve, reject) => {
        if (closed) return reject(new Error('the host closed the connection'));
        pending.set(id, {
          resolve: (value) => resolve(channels[channel].response.parse(value) as never),
          reject,
        });
        socket.send(JSON.stringify(frame));
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    close() {
      socket.close();
    },
    get closed() {
      return closed;
    },
  };
}
