// Service tests: a handler group of src-main/host/services called directly (no dispatcher) with a
// HostContext on a fresh copy of an example per test, the events it emits collected. Registers its own
// beforeEach/afterEach: call it at the top of a test file.
import { afterEach, beforeEach } from 'vitest';
import type { EventName } from '../../src-shared/ipc/contract.js';
import type { HostContext } from '../host/handlers.js';
import { bundledExample, tempProjects } from './temp-projects.js';

export interface EmittedEvent {
  event: EventName;
  payload: any;
}

type Handlers = Record<string, (request: any, ctx: HostContext) => Promise<unknown>>;

export interface ServiceTest<H extends Handlers> {
  /** This test's copy of the example. */
  readonly dir: string;
  readonly ctx: HostContext;
  /** What the service emitted in this test, in order (a test may empty it to watch what comes next). */
  readonly events: EmittedEvent[];
  /** Calls handler `name` with this test's context; the answer untyped, as tests probe it freely. */
  call<K extends keyof H & string>(name: K, request: Parameters<H[K]>[0]): Promise<any>;
  /** The payloads of the `name` events so far. */
  of(name: EventName): any[];
}

/** Each test gets a copy of examples/`example`; `dispose` stops the service's workers after it. */
export function serviceTest<H extends Handlers>(prefix: string, handlers: H, dispose: (ctx: HostContext) => Promise<void>, example = 'hello-world'): ServiceTest<H> {
  const projects = tempProjects(prefix);
  let dir = '';
  let ctx: HostContext;
  let events: EmittedEvent[] = [];
  beforeEach(() => {
    const here = projects.copyOf(bundledExample(example));
    const emitted: EmittedEvent[] = [];
    dir = here;
    events = emitted;
    ctx = { projectRoot: () => here, emit: (event, payload) => void emitted.push({ event, payload }), appDataDir: here };
  });
  afterEach(async () => {
    await dispose(ctx);
    projects.cleanup();
  });
  return {
    get dir() {
      return dir;
    },
    get ctx() {
      return ctx;
    },
    get events() {
      return events;
    },
    call: (name, request) => handlers[name]!(request, ctx) as Promise<any>,
    of: (name) => events.filter((e) => e.event === name).map((e) => e.payload),
  };
}
