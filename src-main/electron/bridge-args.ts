// How the main process hands the contract's names to the sandboxed preload. A sandboxed preload can
// only `require('electron')` (and a few built-ins), not our own modules, so the allow-lists travel as
// extra command-line arguments of the renderer process (webPreferences.additionalArguments), which
// the preload reads from process.argv. preload.cts repeats these two prefixes; preload.test.ts checks
// that the names main sends are exactly the names the preload accepts.
import { channelNames, eventNames } from '../../src-shared/ipc/contract.js';

export const CHANNELS_ARG = '--choreo-channels=';
export const EVENTS_ARG = '--choreo-events=';

export function bridgeArguments(): string[] {
  return [CHANNELS_ARG + channelNames.join(','), EVENTS_ARG + eventNames.join(',')];
}
