// A failed load: one error that lists every problem with its file:line (engine.md §1.5, item 12).
import type { Diagnostic, SourceLocation } from './types.js';

export function formatWhere(w: SourceLocation | undefined): string {
  if (!w) return '';
  return w.line !== undefined ? `${w.file}:${w.line}${w.column !== undefined ? `:${w.column}` : ''}` : w.file;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = formatWhere(d.where);
  return where ? `${where}: ${d.message}` : d.message;
}

const MAX_LINES = 20;

export class LoadError extends Error {
  readonly diagnostics: Diagnostic[];
  /**
   * `input` when applying the data of in/ (or an upstream's) failed: the message then starts with
   * Choreo's `cannot load input, err:` (engine.md Appendix A); `project` for everything else.
   */
  constructor(diagnostics: Diagnostic[], phase: 'project' | 'input' = 'project') {
    const lines = diagnostics.map(formatDiagnostic);
    const head = phase === 'input' ? 'cannot load input, err:' : 'cannot load project:';
    // the message stays readable when every one of 100,000 inputs fails; `diagnostics` has them all
    const shown = lines.slice(0, MAX_LINES).map((l) => `  ${l}`);
    if (lines.length > MAX_LINES) shown.push(`  … and ${lines.length - MAX_LINES} more`);
    super(lines.length === 1 ? `${head} ${lines[0]}` : `${head} ${lines.length} errors\n${shown.join('\n')}`);
    this.name = 'LoadError';
    this.diagnostics = diagnostics;
  }
}
