// Parser and resolver diagnostics of a Starlark buffer as editor markers. Runs inside the engine worker
// thread (op `check`), so checking a large file while the user types never blocks the host's event loop.
import type { StarlarkMarker } from '../../../src-shared/ipc/channels/engine.js';
import { hostBuiltins, checkStarlark } from '../../engine/index.js';

/** Names every reconciler and library may use without defining them (both API generations). */
const STARLARK_PREDECLARED: Set<string> = new Set([
  ...Object.keys(hostBuiltins({ scope: () => undefined, generation: 'A' })),
  ...Object.keys(hostBuiltins({ scope: () => undefined, generation: 'B' })),
]);

export function starlarkMarkers(file: string, text: string): StarlarkMarker[] {
  return checkStarlark(file, text, { predeclared: STARLARK_PREDECLARED }).map((d) => ({
    line: d.line,
    col: d.col,
    ...(d.endLine !== undefined ? { endLine: d.endLine } : {}),
    ...(d.endCol !== undefined ? { endCol: d.endCol } : {}),
    message: d.msg,
    severity: d.severity,
  }));
}
