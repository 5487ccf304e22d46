// What bulk operations charge to a thread's step budget, so that the budget bounds their work as it bounds
// loops: without these charges `for i in range(n): x = s.replace("a", "c")` on a 4 MB string costs one step
// per iteration but ~0.3 s of CPU. One step is a loop iteration, ~10 ns; the rates below convert each
// kind of bulk work to steps at about the same speed (measured on V8 with 4 MB strings and 4M-element
// lists). Every charge is one addition per operation, never a loop, so small operations stay as fast.
import type { ThreadLike } from './value.js';

/** Bytes of string built or transformed (upper, replace, join, format): ~5 ns a byte. */
export function chargeBytes(th: ThreadLike, bytes: number): void {
  th.steps += bytes >> 1;
}

/** Bytes of string only searched (find, count, partition): memchr speed, well under 1 ns a byte. */
export function chargeScan(th: ThreadLike, bytes: number): void {
  th.steps += bytes >> 6;
}

/** Elements copied into or compared in a list, tuple, dict or set. */
export function chargeElems(th: ThreadLike, elems: number): void {
  th.steps += elems;
}

/** Values made one by one (split parts, replaced occurrences): an allocation each, ~80 ns. */
export function chargePieces(th: ThreadLike, pieces: number): void {
  th.steps += pieces << 3;
}
