// Maps a position inside code embedded in a YAML file (the `spec.code` block of an in/ Reconciler or
// Library written by `dev parse`) back to the YAML file, so errors point at a line the user can open.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedOffset {
  /** File line (0-based) of the code's first line. */
  firstLine: number;
  /** Indentation added in front of every code line. */
  indent: number;
}

const cache = new Map<string, string | null>();

/** Where `code` sits in `file` as a literal block scalar; undefined when it cannot be found verbatim. */
export function findEmbeddedCode(projectDir: string, file: string, code: string): EmbeddedOffset | undefined {
  const full = path.join(projectDir, file);
  let text = cache.get(full);
  if (text === undefined) {
    try {
      text = readFileSync(full, 'utf8');
    } catch {
      text = null;
    }
    cache.set(full, text);
  }
  if (!text) return undefined;
  const lines = text.split('\n');
  const codeLines = code.split('\n');
  const k = codeLines.findIndex((l) => l.trim() !== '');
  if (k < 0) return undefined;
  for (let i = k; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.endsWith(codeLines[k]!) || line.trim() !== codeLines[k]!.trim()) continue;
    const indent = line.length - codeLines[k]!.length;
    // Confirm with the following lines (blank lines in a block scalar may carry no indentation).
    let ok = true;
    for (let j = k + 1; j < Math.min(codeLines.length, k + 20) && ok; j++) {
      const want = codeLines[j]!;
      const got = lines[i - k + j];
      if (got === undefined) ok = false;
      else if (want.trim() === '') ok = got.trim() === '';
      else ok = got === ' '.repeat(indent) + want;
    }
    if (ok) return { firstLine: i - k, indent };
  }
  return undefined;
}

/** Forget cached file contents (files change between runs). */
export function clearEmbeddedCodeCache(): void {
  cache.clear();
}

/**
 * The file a piece of code came from, as the debugger names it (breakpoints, stack frames): a `.star` file
 * as is; code embedded in a YAML file as that file, its lines shifted to where the block starts; else
 * `fallback`, a name that is no file.
 */
export function codeSource(loc: { file: string } | undefined, code: string, projectDir: string | undefined, fallback: string): { path: string; lineOffset: number } {
  if (loc?.file.endsWith('.star')) return { path: loc.file, lineOffset: 0 };
  const embedded = loc?.file && projectDir ? findEmbeddedCode(projectDir, loc.file, code) : undefined;
  if (loc && embedded) return { path: loc.file, lineOffset: embedded.firstLine };
  return { path: fallback, lineOffset: 0 };
}
