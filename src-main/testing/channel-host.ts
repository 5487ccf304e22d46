// Channel tests drive the real Host and dispatcher as the renderer would, with request and response
// validation on, so a handler that drifts from its schema fails its test.
import type { Result } from '../../src-shared/ipc/contract.js';
import { Host, type HostOptions } from '../host/host.js';

export interface ChannelCaller {
  /** Dispatches `request` on `channel`; the raw result, for tests that expect a typed error. */
  call(channel: string, request?: unknown): Promise<Result<any>>;
  /** Dispatches and unwraps the value; an error result fails the test with its channel, code and message. */
  ok(channel: string, request?: unknown): Promise<any>;
}

/** A host for channel tests: no file watcher (tests write files themselves), responses checked. */
export function testHost(appDataDir: string, options: Partial<HostOptions> = {}): Host {
  return new Host({ transport: 'websocket', appDataDir, watch: false, validateResponses: true, ...options });
}

/** `call`/`ok` on the host `current()` returns (tests that restart the host swap it). */
export function channelCaller(current: () => Host): ChannelCaller {
  const call = (channel: string, request: unknown = {}) => current().dispatch(channel, request) as Promise<Result<any>>;
  return {
    call,
    async ok(channel, request = {}) {
      const r = await call(channel, request);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
  };
}
