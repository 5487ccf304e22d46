// The client side of one debug session: starts the debuggee thread (./debug-worker.ts), sends it requests
// and hands on its events. The host's debug service and `choreo debug` both use it. A request while the
// program runs is only read at its next Starlark checkpoint (or not at all once it ends), so callers await
// answers only when the program is stopped; pause goes through shared memory.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { LaunchRequest } from '../../../src-shared/ipc/channels/debug.js';
import type { DebuggeeOptions, DebugEventMessage, DebugRequest, DebugResponse, PlacedBreakpoint } from '../../engine/index.js';
import { Doorbell, type DebugClientMessage, type DebugWorkerData, type DebugWorkerMessage } from './debug-protocol.js';
import { startWorker } from './start-worker.js';

export type DebuggeeState = 'running' | 'stopped' | 'ended';

export interface DebugClientOptions {
  dir: string;
  launch: LaunchRequest;
  /** The launch's breakpoints, placed (engine/debug/breakpoints.ts). */
  breakpoints: Array<{ source: string; breakpoints: PlacedBreakpoint[] }>;
  options?: DebuggeeOptions;
  /** Every event of the debuggee; `terminated` is the last (also when the thread dies or is stopped). */
  onEvent(e: DebugEventMessage): void;
}

export class DebugClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly doorbell = new Doorbell();
  private readonly pending = new Map<number, (r: DebugResponse) => void>();
  private seq = 1;
  private stateNow: DebuggeeState = 'running';
  /** Resolves when the debuggee has ended (after its `terminated` event). */
  readonly ended: Promise<void>;

  constructor(private readonly opts: DebugClientOptions) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: DebugWorkerData = { port: port2, doorbell: this.doorbell.buffer, dir: opts.dir, launch: opts.launch, breakpoints: opts.breakpoints, options: opts.options ?? {} };
    this.worker = startWorker('debug', { workerData: data, transferList: [port2] });
    this.port.on('message', (m: DebugWorkerMessage) => this.receive(m));
    let markEnded!: () => void;
    this.ended = new Promise((resolve) => (markEnded = resolve));
    this.worker.on('error', (e) => this.end(`The debuggee stopped with an error: ${e.message}`));
    this.worker.on('exit', (code) => {
      // messages the thread sent just before it ended may still be queued: its own `terminated` first
      for (let m = receiveMessageOnPort(this.port); m && this.stateNow !== 'ended'; m = receiveMessageOnPort(this.port)) this.receive(m.message as DebugWorkerMessage);
      this.end(code === 0 ? 'The debuggee ended.' : `The debuggee stopped (exit code ${code}).`);
      markEnded();
    });
  }

  get state(): DebuggeeState {
    return this.stateNow;
  }

  /** Sends a request; the answer comes when the debuggee reads it (at once while stopped). */
  request(request: DebugRequest): Promise<DebugResponse> {
    if (this.stateNow === 'ended') return Promise.resolve({ ok: false, message: 'The debug session has ended.' });
    const seq = this.seq++;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.port.postMessage({ seq, request } satisfies DebugClientMessage);
      this.doorbell.ring();
    });
  }

  /** Stops the running program at its next Starlark statement. */
  pause(): void {
    if (this.stateNow === 'running') this.doorbell.requestPause();
  }

  /** Ends the session now: the debuggee thread is stopped wherever it is (it writes nothing). */
  async disconnect(): Promise<void> {
    if (this.stateNow === 'ended') return;
    this.end('The debug session was stopped.');
    await this.worker.terminate();
  }

  private receive(m: DebugWorkerMessage): void {
    if (m.type === 'response') {
      const resolve = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      resolve?.(m.ok ? { ok: true, body: m.body } : { ok: false, message: m.message });
      return;
    }
    const { type: _t, ...event } = m;
    if (event.event === 'terminated') return this.end(event.body.message, event.body.success);
    if (this.stateNow === 'ended') return;
    if (event.event === 'stopped') this.stateNow = 'stopped';
    else if (event.event === 'continued') this.stateNow = 'running';
    this.opts.onEvent(event);
  }

  /** The one `terminated` event of the session, whichever way it ends. */
  private end(message: string, success?: boolean): void {
    if (this.stateNow === 'ended') return;
    this.stateNow = 'ended';
    for (const resolve of this.pending.values()) resolve({ ok: false, message: 'The debug session has ended.' });
    this.pending.clear();
    this.port.close();
    this.opts.onEvent({ event: 'terminated', body: { message, ...(success !== undefined ? { success } : {}) } });
  }
}
