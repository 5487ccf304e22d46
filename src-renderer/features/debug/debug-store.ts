// What the renderer knows about the Starlark debugger: the breakpoints of each .star file (they exist
// without a session, as in VS Code), the launch form, and the session — its state, where it stopped, the
// stack, the scopes and the variables fetched so far (lazily, per expanded node), the watches and the debug
// console. The controller (debug-controller.ts) feeds it from the host's debug channels and events.
import { create } from 'zustand';
import type { BreakpointResult, DebugMode, EvaluateResponse, Scope, SourceBreakpoint, StackFrame, StoppedEvent, Variable } from '../../../src-shared/ipc/channels/debug';

/** One breakpoint as the user set it, and where the host placed it (a blank line moves to the next statement). */
export interface Breakpoint extends SourceBreakpoint {
  /** The host's answer: the statement line it really stops on, or why it cannot (absent until answered). */
  placed?: BreakpointResult;
  /** Off: kept in the list, not sent to the host. */
  enabled: boolean;
}

export interface LaunchForm {
  mode: DebugMode;
  /** reconcile / replay: `KIND/NAME` or `KIND/NAMESPACE/NAME`. */
  target: string;
  /** replay: a snapshot id (or `latest`). */
  snapshot: string;
  /** Every breakpoint stops only while reconciling a matching object (empty: any). */
  objectFilter: string;
  stopOnEntry: boolean;
  stopOnError: boolean;
}

export interface ConsoleLine {
  kind: 'input' | 'result' | 'error' | 'output' | 'info';
  text: string;
  /** Output with a place (a logpoint, print): file and line, clickable. */
  source?: string;
  line?: number;
}

export interface Watch {
  expression: string;
  result?: EvaluateResponse;
  error?: string;
}

export type SessionState = 'starting' | 'running' | 'stopped';

export interface DebugSession {
  id: number;
  state: SessionState;
  mode: DebugMode;
}

export interface DebugState {
  /** Project-relative .star path -> its breakpoints, by line. */
  breakpoints: Record<string, Breakpoint[]>;
  form: LaunchForm;
  session: DebugSession | null;
  stopped: StoppedEvent | null;
  frames: StackFrame[];
  /** The frame the Variables, Watch and console work in (DAP frame id). */
  frameId: number | null;
  scopes: Scope[];
  /** Children fetched so far, by variablesReference (valid only until the program runs again). */
  children: Record<number, Variable[]>;
  /** Expanded nodes of the Variables tree, by variablesReference. */
  expanded: Record<number, true>;
  watches: Watch[];
  console: ConsoleLine[];
  /** How the last session ended (shown until the next launch). */
  ended: { message: string; success?: boolean } | null;
}

export const MAX_CONSOLE_LINES = 2000;

export const defaultForm: LaunchForm = { mode: 'run', target: '', snapshot: 'latest', objectFilter: '', stopOnEntry: false, stopOnError: true };

/** What a stop knows; cleared whenever the program runs again (DAP: references die on continue). */
export const runningState = { stopped: null, frames: [], frameId: null, scopes: [], children: {}, expanded: {} } satisfies Partial<DebugState>;

export const useDebug = create<DebugState>()(() => ({
  breakpoints: {},
  form: defaultForm,
  session: null,
  ...runningState,
  watches: [],
  console: [],
  ended: null,
}));

// ---- pure changes (tested in debug-store.test.ts) ---------------------------------------------------

/** Adds a breakpoint on the line, or removes the one there (a breakpoint the host moved counts on both lines). */
export function toggleBreakpointIn(list: readonly Breakpoint[], line: number): Breakpoint[] {
  const at = list.findIndex((b) => b.line === line || b.placed?.line === line);
  if (at >= 0) return list.filter((_, i) => i !== at);
  return [...list, { line, enabled: true }].sort((a, b) => a.line - b.line);
}

/** Puts the host's answers (same order as sent: the enabled ones) onto the breakpoints. */
export function applyPlacement(list: readonly Breakpoint[], results: readonly BreakpointResult[]): Breakpoint[] {
  let i = 0;
  return list.map((b) => (b.enabled ? { ...b, placed: results[i++] } : { ...b, placed: undefined }));
}

/** The breakpoints of one file as the host takes them (enabled ones, without our fields). */
export function toSource(list: readonly Breakpoint[]): SourceBreakpoint[] {
  return list
    .filter((b) => b.enabled)
    .map(({ line, condition, hitCondition, logMessage, object }) => ({
      line,
      ...(condition?.trim() ? { condition: condition.trim() } : {}),
      ...(hitCondition?.trim() ? { hitCondition: hitCondition.trim() } : {}),
      ...(logMessage?.trim() ? { logMessage: logMessage } : {}),
      ...(object?.trim() ? { object: object.trim() } : {}),
    }));
}

/** The line a breakpoint shows on: where the host placed it, else where the user put it. */
export function shownLine(b: Breakpoint): number {
  return b.placed?.verified ? b.placed.line : b.line;
}

/** Appends console lines, keeping the last MAX_CONSOLE_LINES. */
export function appendConsole(lines: readonly ConsoleLine[], ...more: ConsoleLine[]): ConsoleLine[] {
  const next = [...lines, ...more];
  return next.length > MAX_CONSOLE_LINES ? next.slice(next.length - MAX_CONSOLE_LINES) : next;
}

/**
 * Parses the launch form's target (`KIND/NAME` or `KIND/NAMESPACE/NAME`) into the launch's DebugTarget, or
 * an error message that says what to type.
 */
export function parseTarget(text: string): { kind: string; namespace?: string; name: string } | { error: string } {
  const parts = text.trim().split('/').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p) || parts.some((p) => p.includes('*'))) {
    return { error: `The object to reconcile "${text.trim()}" is not KIND/NAME or KIND/NAMESPACE/NAME (for example Greeter/world).` };
  }
  return parts.length === 2 ? { kind: parts[0]!, name: parts[1]! } : { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
}

export function patchDebug(p: Partial<DebugState>): void {
  useDebug.setState(p);
}
