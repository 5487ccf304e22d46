// Between a debug client (the host's debug service, or `choreo debug`) and its debuggee thread
// (./debug-worker.ts). Requests travel on a MessagePort of their own; a debuggee stopped at a breakpoint
// runs synchronous code, so it cannot wait for a 'message' event: it sleeps on a shared "doorbell"
// (Atomics.wait) that the client rings after each message, then takes the message with
// receiveMessageOnPort. A running debuggee looks at the port at Starlark checkpoints; a pause is a flag
// in the same shared memory, seen there too.
import type { MessagePort } from 'node:worker_threads';
import type { LaunchRequest } from '../../../src-shared/ipc/channels/debug.js';
import type { DebuggeeOptions, DebugEventMessage, DebugRequestMessage, DebugResponse, PlacedBreakpoint } from '../../engine/index.js';

/** What the debuggee thread starts with (its workerData). */
export interface DebugWorkerData {
  port: MessagePort;
  doorbell: SharedArrayBuffer;
  dir: string;
  launch: LaunchRequest;
  /** The launch's breakpoints, placed on statement lines by the client (engine/debug/breakpoints.ts). */
  breakpoints: Array<{ source: string; breakpoints: PlacedBreakpoint[] }>;
  options: DebuggeeOptions;
}

/** Debuggee → client. */
export type DebugWorkerMessage = ({ type: 'response'; seq: number } & DebugResponse) | ({ type: 'event' } & DebugEventMessage);

/** Client → debuggee. */
export type DebugClientMessage = DebugRequestMessage;

const RING = 0;
const PAUSE = 1;

/** The shared memory: a counter the client bumps for each message, and the pause flag. */
export class Doorbell {
  private readonly ints: Int32Array;
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.ints = new Int32Array(buffer);
  }

  /** Client: a message was posted. */
  ring(): void {
    Atomics.add(this.ints, RING, 1);
    Atomics.notify(this.ints, RING);
  }

  /** Debuggee: the count to wait on (read before looking at the port, so no ring is missed). */
  current(): number {
    return Atomics.load(this.ints, RING);
  }

  /** Debuggee: sleeps until the count moves from `seen`. */
  wait(seen: number): void {
    Atomics.wait(this.ints, RING, seen);
  }

  /** Client: stop the running program at its next statement. */
  requestPause(): void {
    Atomics.store(this.ints, PAUSE, 1);
    this.ring();
  }

  /** Debuggee: whether a pause was asked since the last look (and forget it). */
  takePause(): boolean {
    return Atomics.exchange(this.ints, PAUSE, 0) === 1;
  }
}
