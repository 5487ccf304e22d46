// Frames of the browser-mode WebSocket transport (one JSON object per message). The same contract
// travels inside: `channel`/`request` as in contract.ts, `result` is the Result envelope.
import type { Result } from './contract.js';

/** renderer → host */
export interface RequestFrame {
  id: number;
  channel: string;
  request: unknown;
}

/** host → renderer: the answer to the request with the same id. */
export interface ResponseFrame {
  id: number | null;
  result: Result<unknown>;
}

/** host → renderer: an event (contract `events`). */
export interface EventFrame {
  event: string;
  payload: unknown;
}

/** Path of the WebSocket endpoint; the per-launch token goes in the `token` query parameter. */
export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';
