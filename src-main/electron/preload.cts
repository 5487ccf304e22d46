// The sandboxed preload (CommonJS, contextIsolation on). It exposes exactly one object to the page,
// `window.choreo = { invoke, on }`, and only for names of the IPC contract: the page never gets
// ipcRenderer, Node, or a way to send arbitrary channels. The names come from the main process
// (bridge-args.ts), because a sandboxed preload cannot load our other modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ChoreoBridge, Result } from '../../src-shared/ipc/contract.js' with { 'resolution-mode': 'import' };

/** Keep in sync with bridge-args.ts (checked by preload.test.ts). */
const CHANNELS_ARG = '--choreo-channels=';
const EVENTS_ARG = '--choreo-events=';

type IpcLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function namesFromArgv(argv: readonly string[], prefix: string): Set<string> {
  const arg = argv.find((a) => a.startsWith(prefix));
  return new Set(arg ? arg.slice(prefix.length).split(',').filter((n) => n !== '') : []);
}

export function createBridge(ipc: IpcLike, channels: ReadonlySet<string>, events: ReadonlySet<string>): ChoreoBridge {
  return Object.freeze({
    invoke(channel: string, request: unknown): Promise<Result<unknown>> {
      if (typeof channel !== 'string' || !channels.has(channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unknown-channel', message: `The preload refused channel ${JSON.stringify(channel)}: it is not in the IPC contract.` },
        });
      }
      return ipc.invoke(channel, request) as Promise<Result<unknown>>;
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !events.has(event)) {
        throw new Error(`The preload refused event ${JSON.stringify(event)}: it is not in the IPC contract.`);
      }
      if (typeof listener !== 'function') throw new TypeError('on(event, listener): listener must be a function.');
      // Only the payload crosses over: the IpcRendererEvent (with `sender`) must never reach the page.
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  });
}

contextBridge.exposeInMainWorld(
  'choreo',
  createBridge(ipcRenderer, namesFromArgv(process.argv, CHANNELS_ARG), namesFromArgv(process.argv, EVENTS_ARG)),
);
