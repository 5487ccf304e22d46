// Public API of the Starlark interpreter (Go dialect, go.starlark.net semantics; see ../../../../shared/spec/starlark.md).
//
//   parse(filename, source, options?)            → FileAST              (throws StarlarkError kind 'syntax')
//   resolve(ast, { predeclared, universal, options }) → ResolvedFile     (throws kind 'resolve' with all errors)
//   check(filename, source, { predeclared, options }) → Diagnostic[]     (never throws; for editor markers)
//   execFile(filename, source, { predeclared, options, load, print, thread }) → Module (globals frozen)
//   call(thread, fn, args, kwargs?)               → Value
//
// print(): the `print` callback (ExecOptions.print / Thread.print) receives ready-to-show JS text: the
// builtin has already decoded the UTF-8 bytes (do not decode it again).
//
// Back ends: files are translated to JavaScript with `new Function` where the environment allows it (fast);
// under a strict CSP the closure compiler runs instead (StarlarkOptions.backend forces one). Same results.
//
// Limits (StarlarkOptions): maxSteps (default 1e8 work units), maxCallDepth (1000, with option recursion),
// maxAllocation (5e6 bytes or elements per operation; lists and dicts stop growing at 5e6 entries).
//
// Values: see value.ts for the representation (ints are JS numbers or BigInt, floats are Float boxes, strings
// are UTF-8 byte strings held in JS strings: use encodeUtf8/decodeUtf8 or toStarlark/fromStarlark at the
// host boundary).
export { StarlarkError, formatPos, runtimeError } from './errors.js';
export type { ErrorKind, Position, StaticError, TraceFrame } from './errors.js';
export {
  Float,
  Bytes,
  List,
  Tuple,
  Dict,
  StarlarkSet,
  Range,
  StarlarkFunction,
  Builtin,
  HostValue,
  EMPTY_TUPLE,
  typeName,
  str,
  repr,
  truth,
  equals,
  compare,
  freeze,
  iterableElems,
  lengthOf,
  hashKey,
} from './value.js';
export { encodeUtf8, decodeUtf8 } from './utf8.js';
export type { Value, Kwargs, BuiltinImpl, BinaryOp, CompareOp, ThreadLike, DictSites } from './value.js';
export { Thread, callStack, DEFAULT_MAX_STEPS, DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_ALLOCATION, CHECKPOINT_STEPS } from './thread.js';
export type { StarlarkOptions, Module, LoadHook, InterruptHook } from './thread.js';
export type { FileAST } from './syntax/ast.js';
export type { DialectOptions } from './syntax/options.js';
export { parse } from './syntax/parser.js';
export { resolve, resolveLenient, check, isUniversal, UNIVERSAL_NAMES } from './resolve/resolver.js';
export type { ResolvedFile, ResolveEnv, Diagnostic, ResolvedBinding } from './resolve/resolver.js';
export { execFile } from './eval.js';
export { call } from './call.js';
export type { ExecOptions } from './eval.js';
export { universe } from './builtins.js';
export { toStarlark, fromStarlark } from './convert.js';
export type { Json, ConvertOptions } from './convert.js';
export { unpackArgs } from './args.js';
