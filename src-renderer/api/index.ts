// The renderer's one way to talk to the host. It picks the transport itself: the Electron preload
// bridge when `window.choreo` exists, else a WebSocket to the server that served the page (browser
// mode; the token is in the page URL). Never imports Node.
import { events, type ApiClient, type ChannelName, type ChoreoBridge, type EventName, type EventPayload, type Request, type Response } from '../../src-shared/ipc/contract';
import { ApiError } from './api-error';
import { electronTransport } from './electron-transport';
import { unavailableTransport, type Transport } from './transport';
import { WebSocketTransport, websocketUrlFor, type ConnectionStatus } from './websocket-transport';

export { ApiError, isApiError } from './api-error';
export type { Transport } from './transport';
export { WebSocketTransport, websocketUrlFor, type ConnectionStatus } from './websocket-transport';

export interface Client extends ApiClient {
  readonly transport: Transport['kind'];
}

/** Wraps a transport: `{ ok: false }` becomes a rejected ApiError; event payloads are checked. */
export function createApiClient(transport: Transport): Client {
  return {
    transport: transport.kind,
    async invoke<C extends ChannelName>(channel: C, request: Request<C>): Promise<Response<C>> {
      const result = await transport.invoke(channel, request);
      if (result.ok) return result.value as Response<C>;
      throw new ApiError(result.error, channel);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return transport.on(event, (payload) => {
        const checked = events[event].safeParse(payload);
        if (checked.success) listener(checked.data as EventPayload<E>);
        else console.warn(`ignored a malformed "${event}" event: ${checked.error.issues.map((i) => i.message).join("; ")}`);
      });
    },
  };
}

let client: Client | undefined;
const statusListeners = new Set<(status: ConnectionStatus) => void>();

function chooseTransport(): Transport {
  const w = globalThis as typeof globalThis & { choreo?: ChoreoBridge; location?: Location };
  if (w.choreo) return electronTransport(w.choreo);
  const url = w.location ? websocketUrlFor(w.location) : undefined;
  if (!url) {
    return unavailableTransport(
      'This page is not connected to a Choreo host: open the URL that `choreo server start` (or `npm run web`) printed; it carries the access token.',
    );
  }
  return new WebSocketTransport({ url, onStatus: (status) => statusListeners.forEach((l) => l(status)) });
}

/** The app-wide client, created on first use. */
export function getApiClient(): Client {
  client ??= createApiClient(chooseTransport());
  return client;
}

/** Replaces the app-wide client (tests, storybook-style previews); `undefined` resets it. */
export function setApiClient(next: Client | undefined): void {
  client = next;
}

/** Typed request through the app-wide client; rejects with ApiError (code, message, where). */
export function invoke<C extends ChannelName>(channel: C, request: Request<C>): Promise<Response<C>> {
  return getApiClient().invoke(channel, request);
}

/** Subscribes to a host event through the app-wide client; returns the unsubscribe function. */
export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return getApiClient().on(event, listener);
}

/** Browser mode only: follows the WebSocket's state (for a "reconnecting…" hint in the status bar). */
export function onConnectionStatus(listener: (status: ConnectionStatus) => void): () => void {
  statusListeners.add(listener);
  return () => {
    statusListeners.delete(listener);
  };
}
