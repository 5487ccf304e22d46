import type { Kwargs, Value } from './value.js';
/** Go's UnpackArgs; see implementation. */
export function unpackArgs(fnName: string, args: Value[], kwargs: Kwargs | null, spec: string[]): Value[] {
  throw new Error(`${fnName} ${args.length} ${String(kwargs)} ${spec.length}: not implemented yet`);
}
