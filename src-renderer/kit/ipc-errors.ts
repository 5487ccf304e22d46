// Reading the error a failed `invoke` rejects with. The client rejects with an ApiError carrying the
// contract's IpcError fields; this duck-types it so the renderer does not depend on the class.
import { ErrorCode } from '../../src-shared/ipc/contract';

export function errorCode(err: unknown): ErrorCode | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; error?: { code?: unknown } };
  const code = e.code ?? e.error?.code;
  const parsed = ErrorCode.safeParse(code);
  return parsed.success ? parsed.data : undefined;
}

export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { message?: unknown; error?: { message?: unknown }; where?: unknown };
    const msg = typeof e.message === 'string' && e.message ? e.message : typeof e.error?.message === 'string' ? e.error.message : '';
    if (msg) return msg;
  }
  return String(err);
}
