// The Electron transport: the preload's `window.choreo` bridge (contextBridge, sandboxed preload).
import type { ChoreoBridge, Result } from '../../src-shared/ipc/contract';
import type { Transport } from './transport';

export function electronTransport(bridge: ChoreoBridge): Transport {
  return {
    kind: 'electron',
    async invoke(channel, request): Promise<Result<unknown>> {
      try {
        return await bridge.invoke(channel, request);
      } catch (err) {
        // ipcRenderer.invoke rejects only when main has no handler or the IPC pipe broke.
        return { ok: false, error: { code: 'unavailable', message: `The app's main process did not answer "${channel}": ${err instanceof Error ? err.message : String(err)}` } };
      }
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}
