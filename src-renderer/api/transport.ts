// A transport moves requests and events between the renderer and the host. Both implementations
// (Electron preload bridge, WebSocket) answer every request with a Result envelope and never reject.
import type { Result } from '../../src-shared/ipc/contract';

export interface Transport {
  readonly kind: 'electron' | 'websocket' | 'none';
  invoke(channel: string, request: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Used when no host can be reached at all; every request fails with the reason. */
export function unavailableTransport(message: string): Transport {
  return {
    kind: 'none',
    invoke: async () => ({ ok: false, error: { code: 'unavailable', message } }),
    on: () => () => {},
  };
}
