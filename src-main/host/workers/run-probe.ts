// Memory shared between the host and a worker that runs reconcilers, for the moments the worker cannot answer
// messages (its thread is busy inside a reconcile, or it just died): the host raises a cancel flag that the
// running reconcile sees at its next Starlark checkpoint, and the worker writes which reconcile it is in and
// since when, so that a worker that runs out of memory, is stopped, or is stuck outside Starlark can be
// reported as "reconciler X on object Y" (and a watchdog can see how long it has been busy: ./watchdog.ts).
import type { RunResourceRef } from '../../../src-shared/run/result.js';

/** A reconcile: which reconciler, on which object. */
export interface ProbeTask {
  reconciler: string;
  resource: RunResourceRef;
}

// Layout: two int32 (cancel counter, length of the task text), one float64 (start of the task, ms since the
// epoch, comparable across threads), then the task as JSON.
const CANCEL = 0;
const TASK_LENGTH = 1;
const STARTED_AT = 1; // float64 index: bytes 8..15
const HEADER = 16;
const TASK_BYTES = 1024;

export class RunProbe {
  private readonly ints: Int32Array;
  private readonly started: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly encoder = new TextEncoder();

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(HEADER + TASK_BYTES)) {
    this.ints = new Int32Array(buffer, 0, 2);
    this.started = new Float64Array(buffer, 0, 2);
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

  /** Worker: the reconcile that starts now. Cheap: one small encode into shared memory. */
  enter(task: ProbeTask): void {
    const { written } = this.encoder.encodeInto(JSON.stringify(task), this.bytes);
    this.started[STARTED_AT] = now();
    Atomics.store(this.ints, TASK_LENGTH, written); // published last: the host never sees half a task
  }

  /** Worker: no reconcile is in progress any more. */
  leave(): void {
    Atomics.store(this.ints, TASK_LENGTH, 0);
  }

  /** Host: the reconcile in progress, if any. */
  current(): ProbeTask | undefined {
    const n = Atomics.load(this.ints, TASK_LENGTH);
    if (!n) return undefined;
    try {
      return JSON.parse(new TextDecoder().decode(this.bytes.slice(0, n))) as ProbeTask;
    } catch {
      return undefined; // cut at the buffer's end: a name of over 1000 bytes
    }
  }

  /** Host: how long the reconcile in progress has run, in ms (undefined: none is). */
  busyForMs(): number | undefined {
    if (!Atomics.load(this.ints, TASK_LENGTH)) return undefined;
    return Math.max(0, now() - this.started[STARTED_AT]!);
  }
}

/** " while reconciler X reconciled Kind ns/name" (or nothing): how messages about a dead or stopped thread name the reconcile. */
export function whileTask(task: ProbeTask | undefined): string {
  return task ? ` while reconciler ${task.reconciler} reconciled ${objectName(task)}` : '';
}

/** "reconciler X reconciling Kind ns/name", the subject of a message about one reconcile. */
export function reconcileText(task: ProbeTask): string {
  return `reconciler ${task.reconciler} reconciling ${objectName(task)}`;
}

function objectName({ resource: r }: ProbeTask): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** Wall-clock ms, the same in every thread of the process (performance.now() is per thread). */
function now(): number {
  return performance.timeOrigin + performance.now();
}
