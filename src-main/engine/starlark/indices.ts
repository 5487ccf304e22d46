// Ints as indices, after Go's AsInt32 and `indices`: shared by the operators (x[i], x[a:b]) and the
// methods that take start/end arguments (str.find, list.index, ...).
import { runtimeError } from './errors.js';
import { typeName, type Value } from './value.js';

/** Go's AsInt32 for indices: an int that fits in 32 bits. */
export function asIndexInt(v: Value): number {
  if (typeof v === 'number') {
    if (v < -2147483648 || v > 2147483647) throw runtimeError(`${v} out of range`);
    return v;
  }
  if (typeof v === 'bigint') throw runtimeError(`${v} out of range`);
  throw runtimeError(`got ${typeName(v)}, want int`);
}

/** One slice bound as an index (negative counts from the end); `dflt` when absent. */
export function sliceIndex(v: Value | undefined, len: number, dflt: number, what: string): number {
  if (v === undefined || v === null) return dflt;
  let i: number;
  try {
    i = asIndexInt(v);
  } catch (e) {
    throw runtimeError(`invalid ${what} index: ${(e as Error).message}`);
  }
  return i < 0 ? i + len : i;
}

/** Go's `indices`: clamps start/end for positive-stride slices (also used by str methods). */
export function indices(start: Value | undefined, end: Value | undefined, len: number): [number, number] {
  let s = sliceIndex(start, len, 0, 'start');
  if (s < 0) s = 0;
  else if (s > len) s = len;
  let e = sliceIndex(end, len, len, 'end');
  if (e < 0) e = 0;
  else if (e > len) e = len;
  return [s, e];
}
