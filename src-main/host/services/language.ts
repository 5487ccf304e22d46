// Handlers of the Starlark language service channels (src-shared/ipc/channels/language.ts) and of the
// project graph (channels/graph.ts). Every file a request names is confined to the project first; the
// work happens in the engine service's Starlark worker thread (workers/language-ops.ts), so a large
// project never blocks the host's event loop.
import type { graphChannels } from '../../../src-shared/ipc/channels/graph.js';
import type { languageChannels } from '../../../src-shared/ipc/channels/language.js';
import { confinePath } from '../../project/confine.js';
import { HostError, type HandlerGroup, type HostContext } from '../handlers.js';
import type { LanguageChannel, LanguageRefusal } from '../workers/language-ops.js';
import { engineServiceFor } from './engine.js';
import { mapProjectErrors } from './project-errors.js';

/** Refuses a request whose files are not inside the project (path-escape), before the worker sees it. */
function confineFiles(ctx: HostContext, request: { file: string; buffers?: { file: string }[] }): void {
  const root = ctx.projectRoot();
  confinePath(root, request.file);
  for (const b of request.buffers ?? []) confinePath(root, b.file);
}

function isRefusal(v: unknown): v is LanguageRefusal {
  return typeof (v as LanguageRefusal | null)?.refused === 'string';
}

async function ask<C extends LanguageChannel>(channel: C, request: { file: string; buffers?: { file: string }[] }, ctx: HostContext): Promise<never> {
  confineFiles(ctx, request);
  const value = await engineServiceFor(ctx).language(channel, request);
  if (isRefusal(value)) {
    if (channel === 'starlark.prepareRename') return { reason: value.refused } as never;
    throw new HostError('invalid-request', value.refused, request.file);
  }
  return value as never;
}

export const languageHandlers: HandlerGroup<typeof languageChannels> = mapProjectErrors<typeof languageChannels>({
  'starlark.hover': (req, ctx) => ask('starlark.hover', req, ctx),
  'starlark.definition': (req, ctx) => ask('starlark.definition', req, ctx),
  'starlark.references': (req, ctx) => ask('starlark.references', req, ctx),
  'starlark.completion': (req, ctx) => ask('starlark.completion', req, ctx),
  'starlark.signatureHelp': (req, ctx) => ask('starlark.signatureHelp', req, ctx),
  'starlark.prepareRename': (req, ctx) => ask('starlark.prepareRename', req, ctx),
  'starlark.rename': (req, ctx) => ask('starlark.rename', req, ctx),
  'starlark.symbols': (req, ctx) => ask('starlark.symbols', req, ctx),
});

export const graphHandlers: HandlerGroup<typeof graphChannels> = {
  'graph.project': async (_req, ctx) => engineServiceFor(ctx).graph(),
};
