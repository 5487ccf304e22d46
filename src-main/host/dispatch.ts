// The one entry point for every request, whatever the transport: validates the request against the
// contract, runs the handler, and always answers with a Result envelope. Nothing a renderer sends
// can crash the host: bad payloads, unknown channels and handler failures all become typed errors.
import type { z } from 'zod';
import { channels, channelNames, isChannelName, type IpcError, type Result } from '../../src-shared/ipc/contract.js';
import { HostError, type HostContext, type Handlers } from './handlers.js';
import type { Logger } from './log.js';

export interface DispatchOptions {
  /** Also check responses against the contract: on in development and tests, off in packaged builds. */
  validateResponses: boolean;
  log: Logger;
}

export type Dispatch = (channel: unknown, request: unknown) => Promise<Result<unknown>>;

export function defaultValidateResponses(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production';
}

export function createDispatcher(handlers: Handlers, ctx: HostContext, options: DispatchOptions): Dispatch {
  return async (channel, rawRequest) => {
    if (!isChannelName(channel)) {
      return failure({
        code: 'unknown-channel',
        message: `Unknown channel ${JSON.stringify(channel)}. The host handles: ${channelNames.join(', ')}.`,
      });
    }
    const def = channels[channel];
    const parsed = def.request.safeParse(rawRequest ?? {});
    if (!parsed.success) {
      return failure({ code: 'invalid-request', message: `Invalid request for "${channel}": ${formatIssues(parsed.error)}` });
    }
    let value: unknown;
    try {
      const handler = handlers[channel] as (request: unknown, ctx: HostContext) => Promise<unknown>;
      value = await handler(parsed.data, ctx);
    } catch (err) {
      if (err instanceof HostError) {
        return failure({ code: err.code, message: err.message, ...(err.where !== undefined ? { where: err.where } : {}) });
      }
      const message = err instanceof Error ? err.message : String(err);
      options.log.error(`${channel} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
      return failure({ code: 'internal', message: `"${channel}" failed unexpectedly: ${message}` });
    }
    if (options.validateResponses) {
      const checked = def.response.safeParse(value);
      if (!checked.success) {
        const message = `The host answered "${channel}" with a response that breaks the contract: ${formatIssues(checked.error)}`;
        options.log.error(message);
        return failure({ code: 'internal', message });
      }
      value = checked.data;
    }
    return { ok: true, value };
  };
}

/** `path.to.field: message; …` — what a developer needs to fix the caller. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(request)'}: ${issue.message}`)
    .join('; ');
}

function failure(error: IpcError): Result<never> {
  return { ok: false, error };
}
