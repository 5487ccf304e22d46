// Debugger channels: the Starlark debugger of reconcilers, modelled on the Debug Adapter Protocol (DAP) so
// that an adapter for VS Code could be added later. Request and event names map one to one onto DAP's
// (launch, setBreakpoints, setExceptionBreakpoints, continue, next, stepIn, stepOut, pause, disconnect,
// stackTrace, scopes, variables, evaluate; stopped, continued, output, terminated), with DAP's field names.
// What DAP does not have: a launch names a debug *mode* (a run once, the reconcile of one object, or its
// replay against a snapshot's store), and breakpoints may carry an object filter (src-shared/debug/).
// There is one thread (id 1). The host implements these in src-main/host/services/debug.ts.
import { z } from 'zod';
import type { ChannelGroup, EventGroup } from '../contract.js';

// ---------------------------------------------------------------------------------------------
// Shapes

const Empty = z.object({}).strict();
const Id = z.number().int().nonnegative();
const SessionRequest = z.object({ sessionId: Id }).strict();
const SourcePath = z.string().min(1).max(4096);

/** DAP SourceBreakpoint, plus `object` (`KIND/NAME`: stop only while reconciling a matching object). */
export const SourceBreakpoint = z
  .object({
    line: z.number().int().min(1),
    condition: z.string().max(4000).optional(),
    hitCondition: z.string().max(200).optional(),
    logMessage: z.string().max(4000).optional(),
    object: z.string().max(1000).optional(),
  })
  .strict();
export type SourceBreakpoint = z.infer<typeof SourceBreakpoint>;

/** DAP Breakpoint: where a breakpoint really is (moved to the next statement line), or why it is not. */
export const BreakpointResult = z.object({
  id: Id.optional(),
  verified: z.boolean(),
  line: z.number().int(),
  message: z.string().optional(),
});
export type BreakpointResult = z.infer<typeof BreakpointResult>;

export const SourceBreakpoints = z.object({ source: SourcePath, breakpoints: z.array(SourceBreakpoint).max(10_000) }).strict();
export type SourceBreakpoints = z.infer<typeof SourceBreakpoints>;

/** What a debug session runs: a whole run once, or the reconcile of one object (now, or against a snapshot). */
export const DebugMode = z.enum(['run', 'reconcile', 'replay']);
export type DebugMode = z.infer<typeof DebugMode>;

/** The object to reconcile: its kind and name (and namespace; absent: the only object of that kind and name). */
export const DebugTarget = z.object({ kind: z.string().min(1).max(256), namespace: z.string().max(256).optional(), name: z.string().min(1).max(256) }).strict();
export type DebugTarget = z.infer<typeof DebugTarget>;

export const LaunchRequest = z
  .object({
    mode: DebugMode,
    /** reconcile and replay: the object. */
    target: DebugTarget.optional(),
    /** The reconciler to run for the target (default: every reconciler whose `for` is the target's kind). */
    reconciler: z.string().max(256).optional(),
    /** replay: the snapshot whose store state the reconcile runs against (an id, a prefix, `latest`). */
    snapshot: z.string().max(256).optional(),
    /** Every breakpoint stops only while reconciling a matching object (`KIND/NAME`, `KIND/NAMESPACE/NAME`, `*`). */
    objectFilter: z.string().max(1000).optional(),
    breakpoints: z.array(SourceBreakpoints).max(1000),
    /** Stop at the first statement (of the reconcile, in reconcile and replay modes). */
    stopOnEntry: z.boolean().optional(),
    /** Stop where an error leaves Starlark code (default true; DAP's `uncaught` exception filter). */
    stopOnError: z.boolean().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.mode !== 'run' && !r.target) ctx.addIssue({ code: 'custom', path: ['target'], message: `a ${r.mode} needs the object to reconcile (target)` });
    if (r.mode === 'replay' && !r.snapshot) ctx.addIssue({ code: 'custom', path: ['snapshot'], message: 'a replay needs the snapshot to replay against' });
  });
export type LaunchRequest = z.infer<typeof LaunchRequest>;

export const StackFrame = z.object({
  id: Id,
  name: z.string(),
  /** The project file (reconcilers/…, libs/…), and its base name. */
  source: z.object({ path: z.string(), name: z.string() }),
  line: z.number().int(),
  column: z.number().int(),
});
export type StackFrame = z.infer<typeof StackFrame>;

export const Scope = z.object({
  name: z.string(),
  variablesReference: Id,
  namedVariables: z.number().int().optional(),
  expensive: z.boolean(),
});
export type Scope = z.infer<typeof Scope>;

/** A shown value's children: `variablesReference` > 0 when it has any, fetched with debug.variables (lazily, a page at a time). */
const ValueChildrenFields = {
  variablesReference: Id,
  indexedVariables: z.number().int().optional(),
  namedVariables: z.number().int().optional(),
};

/** DAP Variable. A frozen value has presentationHint.attributes ['readOnly']. */
export const Variable = z.object({
  name: z.string(),
  value: z.string(),
  type: z.string(),
  ...ValueChildrenFields,
  /** An expression that gives this value in the frame (for "Add to Watch"). */
  evaluateName: z.string().optional(),
  presentationHint: z.object({ kind: z.string().optional(), attributes: z.array(z.string()).optional() }).optional(),
});
export type Variable = z.infer<typeof Variable>;

export const EvaluateResponse = z.object({ result: z.string(), type: z.string(), ...ValueChildrenFields });
export type EvaluateResponse = z.infer<typeof EvaluateResponse>;

export const StopReason = z.enum(['breakpoint', 'step', 'pause', 'exception', 'entry']);
export type StopReason = z.infer<typeof StopReason>;

/** The reconcile a stop happened in (absent while reconciler files load). */
export const ReconcileContext = z.object({ reconciler: z.string(), kind: z.string(), namespace: z.string(), name: z.string() });
export type ReconcileContext = z.infer<typeof ReconcileContext>;

export const StoppedEvent = z.object({
  sessionId: Id,
  reason: StopReason,
  description: z.string(),
  /** exception: the error message. */
  text: z.string().optional(),
  threadId: z.literal(1),
  allThreadsStopped: z.literal(true),
  hitBreakpointIds: z.array(Id),
  reconcile: ReconcileContext.optional(),
});
export type StoppedEvent = z.infer<typeof StoppedEvent>;

export const OutputEvent = z.object({
  sessionId: Id,
  category: z.enum(['console', 'stdout', 'stderr', 'important']),
  output: z.string(),
  source: z.object({ path: z.string() }).optional(),
  line: z.number().int().optional(),
});
export type OutputEvent = z.infer<typeof OutputEvent>;

export const TerminatedEvent = z.object({
  sessionId: Id,
  /** How the debuggee ended: the run's summary, or why it stopped. */
  message: z.string(),
  success: z.boolean().optional(),
});
export type TerminatedEvent = z.infer<typeof TerminatedEvent>;

/** The session as the host sees it (a renderer that reconnects asks for it). */
export const DebugSessionState = z.object({
  sessionId: Id,
  state: z.enum(['starting', 'running', 'stopped']),
  launch: LaunchRequest,
  stopped: StoppedEvent.optional(),
});
export type DebugSessionState = z.infer<typeof DebugSessionState>;

// ---------------------------------------------------------------------------------------------
// Channels

export const debugChannels = {
  /** Starts a debug session (one per project at a time). Events follow: output, stopped/continued, terminated. */
  'debug.launch': { request: LaunchRequest, response: z.object({ sessionId: Id }) },
  /** Replaces the breakpoints of one source file; answered at once, also while the program runs. */
  'debug.setBreakpoints': {
    request: z.object({ sessionId: Id.optional(), source: SourcePath, breakpoints: z.array(SourceBreakpoint).max(10_000) }).strict(),
    response: z.object({ breakpoints: z.array(BreakpointResult) }),
  },
  /** DAP's exception filters: `uncaught` (the only one: Starlark has no try/except) or none. */
  'debug.setExceptionBreakpoints': { request: z.object({ sessionId: Id, filters: z.array(z.enum(['uncaught'])) }).strict(), response: Empty },
  'debug.continue': { request: SessionRequest, response: Empty },
  'debug.next': { request: SessionRequest, response: Empty },
  'debug.stepIn': { request: SessionRequest, response: Empty },
  'debug.stepOut': { request: SessionRequest, response: Empty },
  'debug.pause': { request: SessionRequest, response: Empty },
  /** Ends the session and its debuggee (nothing it did is kept: debug runs never write the store). */
  'debug.disconnect': { request: SessionRequest, response: Empty },
  /** The stopped program's frames, innermost first. */
  'debug.stackTrace': { request: SessionRequest, response: z.object({ stackFrames: z.array(StackFrame), totalFrames: z.number().int() }) },
  'debug.scopes': { request: z.object({ sessionId: Id, frameId: Id }).strict(), response: z.object({ scopes: z.array(Scope) }) },
  /** Children of a scope or value; large values come in pages (start, count) or as ranges `[0…99]`. */
  'debug.variables': {
    request: z.object({ sessionId: Id, variablesReference: Id, start: z.number().int().nonnegative().optional(), count: z.number().int().positive().max(10_000).optional() }).strict(),
    response: z.object({ variables: z.array(Variable) }),
  },
  /** A Starlark expression in a frame of the stopped program (the innermost without frameId). */
  'debug.evaluate': {
    request: z.object({ sessionId: Id, expression: z.string().max(100_000), frameId: Id.optional(), context: z.enum(['watch', 'repl', 'hover']) }).strict(),
    response: EvaluateResponse,
  },
  /** The current session, or null. */
  'debug.session': { request: Empty, response: DebugSessionState.nullable() },
} as const satisfies ChannelGroup;

export const debugEvents = {
  'debug.stopped': StoppedEvent,
  'debug.continued': z.object({ sessionId: Id, threadId: z.literal(1), allThreadsContinued: z.literal(true) }),
  'debug.output': OutputEvent,
  'debug.terminated': TerminatedEvent,
} as const satisfies EventGroup;
