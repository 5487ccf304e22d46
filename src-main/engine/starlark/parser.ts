import type { FileAST } from './ast.js';
import type { StarlarkOptions } from './thread.js';
export function parse(filename: string, source: string, options?: StarlarkOptions): FileAST {
  throw new Error(`parse ${filename} ${source.length} ${options}: not implemented yet`);
}
