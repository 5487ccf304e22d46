// The Starlark language service: the editor's requests (hover, definition, references, completion,
// signature help, rename, outline) answered over a project read by ./project.ts. It keeps the last
// workspace so files whose text did not change are not parsed again. Positions in and out are the editor's
// (1-based, UTF-16 columns); inside, the interpreter's (code-point columns).
import type { CompletionEntry, FileEdits, LangLocation, LangSpan, OutlineSymbol, SignatureInfo } from '../../../src-shared/ipc/channels/language.js';
import { analyse, type FileAnalysis } from './analysis.js';
import { complete } from './completion.js';
import { hover } from './hover.js';
import { outline, type OutlineItem } from './outline.js';
import type { Pos, Span } from './positions.js';
import type { LanguageProject } from './project.js';
import { rename, renameTarget } from './rename.js';
import { signatureHelp } from './signature-help.js';
import { definitionOf, referencesOf, symbolAt } from './symbols.js';
import { isPredeclared, Workspace } from './workspace.js';

export { RenameError } from './rename.js';

function sameTexts(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export interface AtCursor {
  file: string;
  text: string;
  line: number;
  col: number;
  buffers?: { file: string; text: string }[];
}

interface Request {
  ws: Workspace;
  fa: FileAnalysis;
  /** The cursor in scanner columns. */
  pos: Pos;
}

export class LanguageService {
  private last: Workspace | undefined;
  /** File analyses by path (a file is analysed again when its text changes). */
  private readonly cache = new Map<string, FileAnalysis>();

  /** The workspace for a request: the last one again when nothing changed (its inferred types included). */
  private workspace(project: LanguageProject, file: string, text: string, buffers: AtCursor['buffers'] = []): Workspace {
    const overlays = new Map(buffers.map((b) => [b.file, b.text] as const));
    overlays.set(file, text);
    if (this.last && this.last.project === project && sameTexts(this.last.overlays, overlays)) return this.last;
    // A re-read project keeps the analyses of the files whose text did not change (the cache checks the text).
    const ws = new Workspace(project, overlays, this.cache);
    this.last = ws;
    return ws;
  }

  /** The project as it is on disk (no editor buffers), sharing this service's file analyses. */
  workspaceOf(project: LanguageProject): Workspace {
    return new Workspace(project, new Map(), this.cache);
  }

  private at(project: LanguageProject, req: AtCursor, repairCursorLine = false): Request {
    const ws = this.workspace(project, req.file, req.text, req.buffers);
    let fa = ws.analysis(req.file)!;
    if (repairCursorLine && fa.syntaxError) {
      fa = analyse(req.file, req.text, isPredeclared, req.line);
      ws.useTransient(fa);
    }
    return { ws, fa, pos: { line: req.line, col: fa.index.toScanner(req.line, req.col) } };
  }

  /** A span of `file` in editor columns. */
  private editorSpan(ws: Workspace, file: string, span: Span): LangSpan {
    const fa = ws.analysis(file);
    const s = fa ? fa.index.spanToEditor(span) : span;
    return { line: Math.max(1, s.line), col: Math.max(1, s.col), endLine: Math.max(1, s.endLine), endCol: Math.max(1, s.endCol) };
  }

  private location(ws: Workspace, file: string, span: Span): LangLocation {
    return { file, ...this.editorSpan(ws, file, span) };
  }

  hover(project: LanguageProject, req: AtCursor): { markdown: string; range: LangSpan } | null {
    const { ws, fa, pos } = this.at(project, req);
    const h = hover(ws, fa, pos);
    return h ? { markdown: h.markdown, range: this.editorSpan(ws, fa.path, h.span) } : null;
  }

  definition(project: LanguageProject, req: AtCursor): LangLocation[] {
    const { ws, fa, pos } = this.at(project, req);
    const at = symbolAt(ws, fa, pos);
    const place = at ? definitionOf(ws, at.sym) : undefined;
    return place ? [this.location(ws, place.file, place.span)] : [];
  }

  references(project: LanguageProject, req: AtCursor & { includeDeclaration: boolean }): LangLocation[] {
    const { ws, fa, pos } = this.at(project, req);
    const at = symbolAt(ws, fa, pos);
    if (!at) return [];
    const def = req.includeDeclaration ? undefined : definitionOf(ws, at.sym);
    return referencesOf(ws, at.sym)
      .filter((p) => !def || p.file !== def.file || p.span.line !== def.span.line || p.span.col !== def.span.col)
      .map((p) => this.location(ws, p.file, p.span));
  }

  completion(project: LanguageProject, req: AtCursor): { items: CompletionEntry[]; range: LangSpan } {
    const { ws, fa, pos } = this.at(project, req, true);
    const r = complete(ws, fa, pos);
    return { items: r.items, range: this.editorSpan(ws, fa.path, { line: r.start.line, col: r.start.col, endLine: pos.line, endCol: pos.col }) };
  }

  signatureHelp(project: LanguageProject, req: AtCursor): { signatures: SignatureInfo[]; activeSignature: number; activeParameter: number } | null {
    const { ws, fa, pos } = this.at(project, req, true);
    return signatureHelp(ws, fa, pos) ?? null;
  }

  /** The range and name a rename would start from, or the reason it cannot (RenameError's message). */
  prepareRename(project: LanguageProject, req: AtCursor): { range: LangSpan; placeholder: string } {
    const { ws, fa, pos } = this.at(project, req);
    const at = renameTarget(ws, fa, pos);
    const name = at.sym.k === 'global' ? at.sym.binding.name : at.sym.k === 'local' ? at.sym.first.name : '';
    return { range: this.editorSpan(ws, fa.path, at.span), placeholder: name };
  }

  /** Throws RenameError with the reason when the rename is refused. */
  rename(project: LanguageProject, req: AtCursor & { newName: string }): FileEdits[] {
    const { ws, fa, pos } = this.at(project, req);
    const byFile = new Map<string, FileEdits>();
    for (const e of rename(ws, fa, pos, req.newName)) {
      const f = byFile.get(e.file) ?? { file: e.file, edits: [] };
      f.edits.push({ ...this.editorSpan(ws, e.file, e.span), text: e.text });
      byFile.set(e.file, f);
    }
    return [...byFile.values()];
  }

  symbols(project: LanguageProject, req: { file: string; text: string }): OutlineSymbol[] {
    const ws = this.workspace(project, req.file, req.text);
    const fa = ws.analysis(req.file)!;
    const convert = (i: OutlineItem): OutlineSymbol => ({
      name: i.name,
      detail: i.detail,
      kind: i.kind,
      range: this.editorSpan(ws, fa.path, i.range),
      selectionRange: this.editorSpan(ws, fa.path, i.selectionRange),
      children: i.children.map(convert),
    });
    return outline(fa).map(convert);
  }
}
