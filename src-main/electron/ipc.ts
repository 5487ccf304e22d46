// Registers one ipcMain handler per contract channel. Each handler checks the sender, then hands the
// raw request to the host's dispatcher (which validates it); the reply is always a Result envelope.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames, type Result } from '../../src-shared/ipc/contract.js';
import type { Dispatch } from '../host/dispatch.js';
import type { Logger } from '../host/log.js';

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch, isTrusted: (event: IpcMainInvokeEvent) => boolean, log: Logger): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, request: unknown): Promise<Result<unknown>> => {
      if (!isTrusted(event)) {
        log.error(`refused "${channel}" from an untrusted sender (${event.senderFrame?.url ?? 'unknown frame'})`);
        return { ok: false, error: { code: 'forbidden', message: `"${channel}" was refused: the request did not come from the Choreo Studio window.` } };
      }
      return dispatch(channel, request);
    });
  }
}
