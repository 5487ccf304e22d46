// The outline of a file (Monaco's document symbols): its loads (with the names they bind), its functions
// (with nested ones) and its top-level variables, each with the lines it covers.
import type { SymbolKind } from '../../../src-shared/ipc/channels/language.js';
import type { DefStmt, Expr, Stmt } from '../starlark/syntax/ast.js';
import { stmtStart, type FileAnalysis } from './analysis.js';
import { defParamsText } from './describe.js';
import { spanOf, type Span } from './positions.js';

export interface OutlineItem {
  name: string;
  detail: string;
  kind: SymbolKind;
  range: Span;
  selectionRange: Span;
  children: OutlineItem[];
}

const cpLen = (s: string) => [...s].length;

export function outline(fa: FileAnalysis): OutlineItem[] {
  return items(fa, fa.stmts, fa.index.lines.length);
}

function items(fa: FileAnalysis, stmts: Stmt[], endLine: number): OutlineItem[] {
  const out: OutlineItem[] = [];
  stmts.forEach((s, i) => {
    const next = stmts[i + 1];
    const last = lastContentLine(fa, stmtStart(s).line, next ? stmtStart(next).line - 1 : endLine);
    const range = (line: number, col: number): Span => ({ line, col, endLine: last, endCol: fa.index.lineEnd(last) });
    switch (s.kind) {
      case 'Load':
        out.push({
          name: s.module,
          detail: 'load',
          kind: 'module',
          range: { line: s.line, col: s.col, endLine: s.endLine, endCol: s.endCol + 1 },
          selectionRange: spanOf(s.moduleLine, s.moduleCol, cpLen(s.moduleRaw)),
          children: s.names.map((n) => ({
            name: n.local.name,
            detail: n.local.name === n.orig ? '' : `= ${n.orig}`,
            kind: 'function' as const,
            range: spanOf(n.local.line, n.local.col, cpLen(n.local.name)),
            selectionRange: spanOf(n.local.line, n.local.col, cpLen(n.local.name)),
            children: [],
          })),
        });
        return;
      case 'Def':
        out.push(defItem(fa, s, range(s.line, s.col), last));
        return;
      case 'Assign': {
        if (s.op !== '=') return;
        for (const id of targets(s.lhs)) {
          out.push({
            name: id.name,
            detail: s.rhs.kind === 'Literal' ? s.rhs.raw : '',
            kind: s.rhs.kind === 'Literal' ? 'constant' : 'variable',
            range: range(stmtStart(s).line, stmtStart(s).col),
            selectionRange: spanOf(id.line, id.col, cpLen(id.name)),
            children: [],
          });
        }
        return;
      }
      default:
        return;
    }
  });
  return out;
}

function defItem(fa: FileAnalysis, def: DefStmt, range: Span, last: number): OutlineItem {
  return {
    name: def.name.name,
    detail: `(${defParamsText(fa, def)})`,
    kind: 'function',
    range,
    selectionRange: spanOf(def.name.line, def.name.col, cpLen(def.name.name)),
    children: items(fa, def.body, last).filter((c) => c.kind === 'function'),
  };
}

function targets(lhs: Expr): Extract<Expr, { kind: 'Ident' }>[] {
  if (lhs.kind === 'Ident') return [lhs];
  if (lhs.kind === 'Tuple' || lhs.kind === 'List') return lhs.elems.flatMap(targets);
  return [];
}

/** The last line in [from, to] that is not blank or a comment (a symbol's range ends there). */
function lastContentLine(fa: FileAnalysis, from: number, to: number): number {
  for (let l = to; l > from; l--) {
    const t = fa.index.line(l).trim();
    if (t && !t.startsWith('#')) return l;
  }
  return from;
}
