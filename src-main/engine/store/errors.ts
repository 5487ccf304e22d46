// Store errors carry a gRPC-like code and print exactly like Choreo's client-visible errors:
// `rpc error: code = <Code> desc = <desc>` (engine.md §3.4, Appendix A).
import type { StoreErrorCode } from './types.js';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** The text after `desc = `. */
  readonly desc: string;
  constructor(code: StoreErrorCode, desc: string) {
    super(`rpc error: code = ${code} desc = ${desc}`);
    this.name = 'StoreError';
    this.code = code;
    this.desc = desc;
  }
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
