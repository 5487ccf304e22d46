// The browser-mode transport: one WebSocket to the host (`choreo server start`), with the per-launch
// token from the page URL. Requests made before the socket is open are queued; a dropped connection is
// re-opened with backoff; every request has a deadline, so the UI never waits forever.
import type { Result } from '../../src-shared/ipc/contract';
import type { EventFrame, RequestFrame, ResponseFrame } from '../../src-shared/ipc/ws-protocol';
import { TOKEN_PARAM, WS_PATH } from '../../src-shared/ipc/ws-protocol';
import type { Transport } from './transport';

/** The part of the browser's WebSocket this transport uses (the `ws` package's class fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export interface WebSocketTransportOptions {
  url: string;
  /** Defaults to the browser's WebSocket. */
  createSocket?: WebSocketFactory;
  /** How long a request may wait for the connection to (re)open before it fails. */
  requestTimeoutMs?: number;
  /**
   * How long the host may take to answer a request it has received. Long on purpose: runs, clones and
   * pushes take a while, and a lost connection already fails the request at once.
   */
  answerTimeoutMs?: number;
  /** Waits between reconnect attempts; the last one repeats. */
  reconnectDelaysMs?: number[];
  onStatus?: (status: ConnectionStatus) => void;
}

const OPEN = 1;

interface Pending {
  channel: string;
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  sent: boolean;
}

/** ws(s)://<host>/ws?token=<token> for the page at `location`; undefined when the page has no token. */
export function websocketUrlFor(location: { protocol: string; host: string; search: string }): string | undefined {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM);
  if (!token) return undefined;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

export class WebSocketTransport implements Transport {
  readonly kind = 'websocket' as const;
  private socket: WebSocketLike | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: RequestFrame[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly createSocket: WebSocketFactory;
  private readonly timeoutMs: number;
  private readonly answerTimeoutMs: number;
  private readonly delays: number[];
  status: ConnectionStatus = 'connecting';

  constructor(private readonly options: WebSocketTransportOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as WebSocketLike);
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.answerTimeoutMs = options.answerTimeoutMs ?? 15 * 60_000;
    this.delays = options.reconnectDelaysMs?.length ? options.reconnectDelaysMs : [250, 500, 1000, 2000, 5000];
    this.connect();
  }

  invoke(channel: string, request: unknown): Promise<Result<unknown>> {
    if (this.closed) return Promise.resolve(unavailable(`The connection to the Choreo host is closed; "${channel}" was not sent.`));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const entry: Pending = { channel, resolve, timer: undefined, sent: false };
      this.pending.set(id, entry);
      entry.timer = setTimeout(() => {
        const queued = this.queue.findIndex((f) => f.id === id);
        if (queued >= 0) this.queue.splice(queued, 1);
        this.finish(id, {
          ok: false,
          error: {
            code: 'timeout',
            message: `Could not reach the Choreo host within ${Math.round(this.timeoutMs / 1000)} s to send "${channel}". Check that \`choreo server start\` is still running.`,
          },
        });
      }, this.timeoutMs);
      const frame: RequestFrame = { id, channel, request };
      if (this.socket?.readyState === OPEN) this.send(frame, entry);
      else this.queue.push(frame);
    });
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Closes for good: pending requests fail with `unavailable`, no reconnect. */
  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.failPending(() => true, 'The connection to the Choreo host was closed.');
    this.queue.length = 0;
    this.socket?.close();
    this.setStatus('closed');
  }

  private connect(): void {
    if (this.closed) return;
    this.setStatus('connecting');
    let socket: WebSocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus('open');
      for (const frame of this.queue.splice(0)) {
        const entry = this.pending.get(frame.id);
        if (entry) this.send(frame, entry);
      }
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      // Requests already sent may or may not have run: report them, do not resend.
      this.failPending((p) => p.sent, 'The connection to the Choreo host was lost before it answered "%s". It reconnects by itself; try again.');
      if (!this.closed) {
        this.setStatus('closed');
        this.scheduleReconnect();
      }
    };
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.delays[Math.min(this.attempt, this.delays.length - 1)];
    this.attempt++;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private send(frame: RequestFrame, entry: Pending): void {
    entry.sent = true;
    // From here on the wait is for the answer, not for the connection.
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      this.finish(frame.id, {
        ok: false,
        error: { code: 'timeout', message: `The Choreo host did not answer "${frame.channel}" within ${Math.round(this.answerTimeoutMs / 60_000)} min.` },
      });
    }, this.answerTimeoutMs);
    try {
      this.socket!.send(JSON.stringify(frame));
    } catch (err) {
      this.finish(frame.id, unavailable(`Could not send "${frame.channel}": ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: Partial<ResponseFrame & EventFrame>;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame.event === 'string') {
      for (const listener of this.listeners.get(frame.event) ?? []) {
        try {
          listener(frame.payload);
        } catch (err) {
          console.error(`listener for "${frame.event}" failed`, err);
        }
      }
      return;
    }
    if (typeof frame.id === 'number' && frame.result) this.finish(frame.id, frame.result);
  }

  private finish(id: number, result: Result<unknown>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    entry.resolve(result);
  }

  private failPending(which: (p: Pending) => boolean, template: string): void {
    for (const [id, entry] of [...this.pending]) {
      if (which(entry)) this.finish(id, unavailable(template.replace('%s', entry.channel)));
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }
}

function unavailable(message: string): Result<never> {
  return { ok: false, error: { code: 'unavailable', message } };
}
