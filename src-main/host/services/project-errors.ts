// project/ throws ProjectError; the renderer gets a HostError with the same code, message and place
// (as services/git.ts does for GitError). Wrapping a whole handler group keeps every handler honest.
import { ProjectError } from '../../project/errors.js';
import { HostError, type HandlerGroup } from '../handlers.js';
import type { ChannelGroup } from '../../../src-shared/ipc/contract.js';

/** A ProjectError as the HostError the renderer sees; anything else unchanged. */
export function toHostError(err: unknown): unknown {
  return err instanceof ProjectError ? new HostError(err.code, err.message, err.where) : err;
}

/** The same handlers, with ProjectErrors turned into HostErrors. */
export function mapProjectErrors<G extends ChannelGroup>(group: HandlerGroup<G>): HandlerGroup<G> {
  const out = {} as HandlerGroup<G>;
  for (const name of Object.keys(group) as Array<keyof G>) {
    const handler = group[name];
    out[name] = (async (request, ctx) => {
      try {
        return await handler(request, ctx);
      } catch (err) {
        throw toHostError(err);
      }
    }) as typeof handler;
  }
  return out;
}
