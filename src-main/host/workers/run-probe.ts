// Memory shared between the host and its run worker, for the moments the worker cannot answer messages
// (its thread is busy inside a reconcile, or it just died): the host raises a cancel flag that the running
// reconcile sees at its next Starlark checkpoint, and the worker writes which reconcile it is in, so a
// worker that runs out of memory or is stopped can be reported as "reconciler X on object Y".
import type { RunResourceRef } from '../../../src-shared/run/result.js';

/** A reconcile: which reconciler, on which object. */
export interface ProbeTask {
  reconciler: string;
  resource: RunResourceRef;
}

const CANCEL = 0;
const TASK_LENGTH = 1;
const HEADER = 8;
const TASK_BYTES = 1024;

export class RunProbe {
  private readonly ints: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly encoder = new TextEncoder();

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(HEADER + TASK_BYTES)) {
    this.ints = new Int32Array(buffer, 0, 2);
    this.bytes = new Uint8Array(buffer, HEADER, TASK_BYTES);
  }

  /** Host: asks the current run to stop. */
  cancel(): void {
    Atomics.add(this.ints, CANCEL, 1);
  }

  /** Worker: a token for "not cancelled since now"; pass it to cancelledSince(). */
  mark(): number {
    return Atomics.load(this.ints, CANCEL);
  }

  cancelledSince(mark: number): boolean {
    return Atomics.load(this.ints, CANCEL) !== mark;
  }

  /** Worker: the reconcile that starts now (undefined: none). Cheap: one small encode into shared memory. */
  enter(task: ProbeTask | undefined): void {
    const { written } = this.encoder.encodeInto(task ? JSON.stringify(task) : '', this.bytes);
    Atomics.store(this.ints, TASK_LENGTH, written);
  }

  /** Host: the reconcile the worker was in last, if any. */
  current(): ProbeTask | undefined {
    const n = Atomics.load(this.ints, TASK_LENGTH);
    if (!n) return undefined;
    try {
      return JSON.parse(new TextDecoder().decode(this.bytes.slice(0, n))) as ProbeTask;
    } catch {
      return undefined; // cut at the buffer's end: a name of over 1000 bytes
    }
  }
}
