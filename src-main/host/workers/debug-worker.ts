// The debuggee thread of one debug session: runs the launch (engine/debug/launch.ts) under the session's
// debugger. While the program is stopped it blocks on the doorbell and answers requests synchronously
// (./debug-protocol.ts); the thread ends with the debuggee, or is terminated by the client (disconnect).
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { DebugSession, runDebuggee, type DebugChannel, type DebugRequestMessage } from '../../engine/index.js';
import { Doorbell, type DebugClientMessage, type DebugWorkerData, type DebugWorkerMessage } from './debug-protocol.js';

const data = workerData as DebugWorkerData | undefined;
if (!data?.port) throw new Error('debug-worker.ts must run in a worker thread started by debug-client.ts.');
const { port, dir, launch, breakpoints, options } = data;
const doorbell = new Doorbell(data.doorbell);

function post(m: DebugWorkerMessage): void {
  port.postMessage(m);
}

const channel: DebugChannel = {
  waitRequest() {
    doorbell.takePause(); // already stopped
    for (;;) {
      const seen = doorbell.current();
      const m = receiveMessageOnPort(port);
      if (m) return m.message as DebugClientMessage;
      doorbell.wait(seen);
    }
  },
  pollRequests() {
    const out: DebugRequestMessage[] = [];
    if (doorbell.takePause()) out.push({ seq: -1, request: { command: 'pause' } });
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) out.push(m.message as DebugClientMessage);
    return out;
  },
  respond(seq, response) {
    if (seq >= 0) post({ type: 'response', seq, ...response });
  },
  event(e) {
    post({ type: 'event', ...e });
  },
};

async function main(): Promise<void> {
  let session: DebugSession;
  try {
    session = new DebugSession(channel, launch, breakpoints);
  } catch (e) {
    // a bad object filter: the client checks it first, so this is a safety net
    channel.event({ event: 'terminated', body: { message: e instanceof Error ? e.message : String(e), success: false } });
    return;
  }
  const end = await runDebuggee(session, dir, launch, options);
  session.poll();
  session.terminated(end.message, end.success);
}

await main();
port.close();
