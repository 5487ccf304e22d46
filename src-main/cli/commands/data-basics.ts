// The light bits every data verb shares: output lines, the project folder argument, and a store error
// printed for the user. Apart from ./data-common.ts (which opens stores) so that `run list` and `run diff`,
// which read snapshot files only, load nothing of the store.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isStoreError, type StoreErrorCode } from '../../engine/index.js';
import { UsageError } from '../flags.js';

export const out = (s: string) => process.stdout.write(s.endsWith('\n') || s === '' ? s : s + '\n');
export const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n');

export function projectDir(dir: string): string {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UsageError(`invalid directory argument: ${dir}`);
  return abs;
}

/**
 * For a verb's catch block: a store error (of `code`, when given) is the user's to act on (no such
 * snapshot or object), so its message is printed and the verb exits 1; anything else propagates.
 */
export function exitOnStoreError(e: unknown, code?: StoreErrorCode): number {
  if (!isStoreError(e, code)) throw e;
  err(e.message);
  return 1;
}
