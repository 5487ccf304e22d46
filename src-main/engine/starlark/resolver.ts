import type { FileAST } from './ast.js';
import type { StarlarkOptions } from './thread.js';

export interface ResolveEnv {
  /** Module-specific predeclared names (host builtins). */
  predeclared: Iterable<string> | ((name: string) => boolean);
  /** Universal names; defaults to the Starlark universe (plus `set` when the option is on). */
  universal?: Iterable<string>;
  options?: StarlarkOptions;
}

export interface ResolvedFile {
  ast: FileAST;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  msg: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

export const UNIVERSAL_NAMES: readonly string[] = [];
export function isUniversal(name: string): boolean {
  return UNIVERSAL_NAMES.includes(name);
}
export function resolve(ast: FileAST, env: ResolveEnv): ResolvedFile {
  throw new Error(`resolve ${ast.filename} ${String(env)}: not implemented yet`);
}
export function check(filename: string, source: string, env: ResolveEnv): Diagnostic[] {
  return [{ severity: 'error', msg: `check ${filename} ${source.length} ${String(env)}: not implemented yet`, line: 1, col: 1 }];
}
