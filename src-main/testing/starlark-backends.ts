// The ways the Starlark interpreter can run a file, for tests that must give the same results in each:
// the JavaScript back end, the closure back end, and debug mode (closures with the debugger's hooks and
// frames, no breakpoints; an error stop continues at once).
import { Debugger } from '../engine/starlark/debug/debugger.js';
import { Thread, type StarlarkOptions } from '../engine/starlark/index.js';

export type TestBackend = 'codegen' | 'closures' | 'debug';

export const TEST_BACKENDS: readonly TestBackend[] = ['codegen', 'closures', 'debug'];

/** Interpreter options for a test back end (debug mode runs on closures). */
export function backendOptions(backend: TestBackend, options: StarlarkOptions = {}): StarlarkOptions {
  return { ...options, backend: backend === 'debug' ? 'closures' : backend };
}

/** A thread for a test back end: in debug mode it carries a debugger that never stops the program. */
export function backendThread(backend: TestBackend, init: ConstructorParameters<typeof Thread>[0] = {}): Thread {
  const thread = new Thread({ ...init, options: backendOptions(backend, init.options) });
  if (backend === 'debug') thread.debugger = new Debugger({ stopped: () => 'continue', output: () => {} });
  return thread;
}
