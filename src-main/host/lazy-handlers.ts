// Handler groups whose module is imported on the first request of one of their channels. The engine,
// git and delivery services bring most of the host's code (the engine, isomorphic-git); importing them
// at start-up would make every `choreo server start` and app launch wait for code the first screen does
// not use. The channel names come from the contract, which the host loads anyway.
import type { ChannelGroup } from '../../src-shared/ipc/contract.js';
import type { HandlerGroup, HostContext } from './handlers.js';

/** A module imported once, on first use. */
export interface LazyModule<M> {
  load(): Promise<M>;
  /** The module when it has been loaded, else undefined (so shutdown need not load it just to stop it). */
  loaded(): M | undefined;
}

export function lazyModule<M>(importModule: () => Promise<M>): LazyModule<M> {
  let promise: Promise<M> | undefined;
  let module: M | undefined;
  return {
    load: () =>
      (promise ??= importModule().then(
        (m) => (module = m),
        (err: unknown) => {
          promise = undefined; // a failed import may succeed on the next request
          throw err;
        },
      )),
    loaded: () => module,
  };
}

/** Handlers for every channel of `group` that load the real handlers on first use, then delegate to them. */
export function lazyHandlers<G extends ChannelGroup>(group: G, load: () => Promise<HandlerGroup<G>>): HandlerGroup<G> {
  type AnyHandler = (request: unknown, ctx: HostContext) => Promise<unknown>;
  const out: Record<string, AnyHandler> = {};
  for (const channel of Object.keys(group)) out[channel] = async (request, ctx) => ((await load()) as Record<string, AnyHandler>)[channel](request, ctx);
  return out as HandlerGroup<G>;
}
