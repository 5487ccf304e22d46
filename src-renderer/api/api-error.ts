// The error a failed `invoke` rejects with: the contract's IpcError as an Error subclass, so that a
// `catch` gets a message a user can act on plus the code and place to branch on.
import type { ErrorCode, IpcError } from '../../src-shared/ipc/contract';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly where?: string;
  /** The channel whose request failed. */
  readonly channel?: string;

  constructor(error: IpcError, channel?: string) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    if (error.where !== undefined) this.where = error.where;
    if (channel !== undefined) this.channel = channel;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
