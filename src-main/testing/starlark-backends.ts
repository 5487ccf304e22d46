// The ways the Starlark interpreter can run a file, for tests that must give the same results in each:
// the JavaScript back end, the closure back end, and debug mode (closures with the debugger's hooks and
// frames, no breakpoints; an error stop continues at once).
import { StarlarkDebugger, StarlarkThread, type StarlarkOptions } from '../engine/index.js';

export type TestBackend = 'codegen' | 'closures' | 'debug';

export const TEST_BACKENDS: readonly TestBackend[] = ['codegen', 'closures', 'debug'];

/** Interpreter options for a test back end (debug mode runs on closures). */
export function backendOptions(backend: TestBackend, options: StarlarkOptions = {}): StarlarkOptions {
  return { ...options, backend: backend === 'debug' ? 'closures' : backend };
}

/** A thread for a test back end: in debug mode it carries a debugger that never stops the program. */
export function backendThread(backend: TestBackend, init: ConstructorParameters<typeof StarlarkThread>[0] = {}): StarlarkThread {
  const thread = new StarlarkThread({ ...init, options: backendOptions(backend, init.options) });
  if (backend === 'debug') thread.debugger = new StarlarkDebugger({ stopped: () => 'continue', output: () => {} });
  return thread;
}
