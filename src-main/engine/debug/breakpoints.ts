// Breakpoints of one project file as the debugger will use them: each placed on a statement line (moved to
// the next one when it is on a blank or continuation line), its hit condition and object filter checked.
// The host answers `debug.setBreakpoints` with this at once (also while the program runs) and the debug
// session applies the same result, so what the editor shows is what will stop.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseObjectFilter } from '../../../src-shared/debug/object-filter.js';
import type { BreakpointResult, SourceBreakpoint } from '../../../src-shared/ipc/channels/debug.js';
import { parseHitCondition, placeLine, statementLines } from '../starlark/debug/lines.js';
import { parse, StarlarkError } from '../starlark/index.js';

/** A breakpoint after checking: where it stops, and whether it can. */
export interface PlacedBreakpoint {
  spec: SourceBreakpoint;
  result: BreakpointResult;
}

/** Checks the breakpoints of `source` (a project-relative path) against the file's current text. */
export async function placeBreakpoints(projectDir: string, source: string, specs: SourceBreakpoint[]): Promise<PlacedBreakpoint[]> {
  let text: string | undefined;
  try {
    text = await fs.readFile(path.join(projectDir, source), 'utf8');
  } catch {
    text = undefined;
  }
  return placeInText(source, text, specs);
}

/** As placeBreakpoints, with the file's text given (undefined: the file cannot be read). */
export function placeInText(source: string, text: string | undefined, specs: SourceBreakpoint[]): PlacedBreakpoint[] {
  let lines: number[] | undefined;
  let unparsed = '';
  if (text !== undefined && source.endsWith('.star')) {
    try {
      lines = statementLines(parse(source, text).stmts);
    } catch (e) {
      if (!(e instanceof StarlarkError)) throw e;
      unparsed = e.message;
    }
  }
  return specs.map((spec) => {
    const problem = specProblem(spec);
    if (problem) return { spec, result: { verified: false, line: spec.line, message: problem } };
    if (text === undefined) return { spec, result: { verified: false, line: spec.line, message: `${source} cannot be read.` } };
    if (!lines) {
      // a YAML file with embedded code, or a file with a syntax error: keep the line as it is
      return { spec, result: { verified: true, line: spec.line, ...(unparsed ? { message: `The file does not parse (${unparsed}); the breakpoint stays on line ${spec.line}.` } : {}) } };
    }
    const placed = placeLine(lines, spec.line);
    if (!placed.ok) return { spec, result: { verified: false, line: spec.line, message: placed.message } };
    return { spec: { ...spec, line: placed.line }, result: { verified: true, line: placed.line } };
  });
}

function specProblem(spec: SourceBreakpoint): string | undefined {
  if (spec.hitCondition && spec.hitCondition.trim() !== '') {
    const h = parseHitCondition(spec.hitCondition);
    if ('error' in h) return h.error;
  }
  if (spec.object && spec.object.trim() !== '') {
    const f = parseObjectFilter(spec.object);
    if ('error' in f) return f.error;
  }
  if (spec.condition && spec.condition.trim() !== '') {
    try {
      const ast = parse('<condition>', spec.condition);
      if (ast.stmts.length !== 1 || ast.stmts[0]!.kind !== 'ExprStmt') return `Condition "${spec.condition}" is not one Starlark expression.`;
    } catch (e) {
      if (e instanceof StarlarkError) return `Condition "${spec.condition}" does not parse: ${e.message}`;
      throw e;
    }
  }
  return undefined;
}
