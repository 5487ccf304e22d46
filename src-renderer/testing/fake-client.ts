// A fake api client for component and controller tests: each channel answers from a handler (given the
// request and which call of that channel it is, from 1), or fails the test with "unexpected call"; every
// call is recorded, and events can be emitted by hand.
import type { ChannelName, EventName, EventPayload, Request, Response } from '../../src-shared/ipc/contract';
import { setApiClient, type Client } from '../api';

export type Handlers = { [C in ChannelName]?: (req: Request<C>, call: number) => Response<C> | Promise<Response<C>> };

export interface FakeClient extends Client {
  calls: { channel: ChannelName; req: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** Installs a fake client as the app-wide one and returns it. */
export function installFakeClient(handlers: Handlers): FakeClient {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const counts = new Map<string, number>();
  const client: FakeClient = {
    transport: 'websocket',
    calls: [],
    async invoke<C extends ChannelName>(channel: C, req: Request<C>): Promise<Response<C>> {
      client.calls.push({ channel, req });
      const n = (counts.get(channel) ?? 0) + 1;
      counts.set(channel, n);
      const h = handlers[channel] as ((r: Request<C>, call: number) => Response<C> | Promise<Response<C>>) | undefined;
      if (!h) throw new Error(`unexpected call ${channel}`);
      return h(req, n);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
  };
  setApiClient(client);
  return client;
}
