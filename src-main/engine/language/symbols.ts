// Symbols: what the name under the cursor is (a local, a module global, a loaded name, a builtin, a load's
// module, an attribute or a KRM key), where it is defined, and every place that refers to it across the
// project's load() graph. Identity comes from the resolver's bindings: a global is its binding object, a
// local the identifier that first bound it, so shadowing and closures are handled as the interpreter does.
import { isUniversal, parse, type ResolvedBinding } from '../starlark/index.js';
import type { Binding, Dot, Expr, Ident, Literal, LoadName, LoadStmt } from '../starlark/syntax/ast.js';
import { forEachChild, type ExprNode } from '../starlark/syntax/walk.js';
import { HOST_BUILTIN_SIGNATURES } from '../builtins/host-builtin-signatures.js';
import { scopeAt, type FileAnalysis, type FunctionScope } from './analysis.js';
import { spanOf, touches, type Pos, type Span } from './positions.js';
import type { Workspace } from './workspace.js';

export type Sym =
  /** A module-level name (def or assignment) of a file. */
  | { k: 'global'; fa: FileAnalysis; binding: ResolvedBinding }
  /** A parameter or local variable; `first` is the identifier that first bound it. */
  | { k: 'local'; fa: FileAnalysis; first: Ident; scope: FunctionScope | undefined }
  /** A name bound by load() whose module or name cannot be found. */
  | { k: 'unresolvedLoad'; fa: FileAnalysis; load: LoadStmt; name: LoadName }
  | { k: 'universal'; name: string }
  | { k: 'host'; name: string }
  /** The module string of a load(). */
  | { k: 'module'; fa: FileAnalysis; load: LoadStmt }
  /** `x.name` */
  | { k: 'attr'; fa: FileAnalysis; dot: Dot; scope: FunctionScope | undefined }
  /** `x["key"]` or `x.get("key")` */
  | { k: 'key'; fa: FileAnalysis; x: Expr; key: Literal; scope: FunctionScope | undefined };

/** A symbol and the span of the text the cursor is on. */
export interface SymAt {
  sym: Sym;
  span: Span;
  /** The identifier under the cursor, when it is one. */
  id?: Ident;
  /** The cursor is on a load() alias or name string (`x="orig"`, `"orig"`). */
  loadName?: { load: LoadStmt; name: LoadName; part: 'local' | 'orig' };
}

export interface Place {
  file: string;
  span: Span;
}

const cpLen = (s: string) => [...s].length;

function isFileLocal(b: Binding | undefined): boolean {
  return !!(b as ResolvedBinding | undefined)?.fileLocal;
}

/** The symbol an identifier stands for (load bindings followed to the loaded file's global). */
export function symbolOfIdent(ws: Workspace, fa: FileAnalysis, id: Ident, scope: FunctionScope | undefined): Sym | undefined {
  const b = id.binding;
  if (!b) return undefined;
  switch (b.scope) {
    case 'universal':
      return { k: 'universal', name: b.name };
    case 'predeclared':
      return { k: 'host', name: b.name };
    case 'undefined':
      return undefined;
    case 'global': {
      if (isFileLocal(b)) {
        const target = ws.loadTarget(fa, id);
        if (target) return { k: 'global', fa: target.fa, binding: target.binding };
        for (const l of fa.loads) for (const n of l.names) if (n.local === b.first) return { k: 'unresolvedLoad', fa, load: l, name: n };
        return undefined;
      }
      return { k: 'global', fa, binding: b as ResolvedBinding };
    }
    default:
      return b.first ? { k: 'local', fa, first: b.first, scope } : undefined;
  }
}

/** The symbol at a position (scanner columns), or undefined on whitespace, keywords, literals... */
export function symbolAt(ws: Workspace, fa: FileAnalysis, pos: Pos): SymAt | undefined {
  for (const l of fa.loads) {
    const moduleSpan = spanOf(l.moduleLine, l.moduleCol, cpLen(l.moduleRaw));
    if (touches(moduleSpan, pos)) return { sym: { k: 'module', fa, load: l }, span: moduleSpan };
    for (const n of l.names) {
      const orig = spanOf(n.origLine, n.origCol, cpLen(n.orig));
      const aliased = n.local.line !== n.origLine || n.local.col !== n.origCol;
      const local = spanOf(n.local.line, n.local.col, cpLen(n.local.name));
      const part = touches(orig, pos) ? 'orig' : aliased && touches(local, pos) ? 'local' : undefined;
      if (!part) continue;
      const target = ws.exported(l.module, n.orig);
      const sym: Sym = target ? { k: 'global', fa: target.fa, binding: target.binding } : { k: 'unresolvedLoad', fa, load: l, name: n };
      // An alias (`x="orig"`) is the file's own name for the symbol; the quoted name is the module's.
      if (part === 'local') return { sym: { k: 'local', fa, first: n.local, scope: undefined }, span: local, id: n.local, loadName: { load: l, name: n, part } };
      return { sym, span: orig, loadName: { load: l, name: n, part } };
    }
  }
  for (const site of fa.idents) {
    const id = site.id;
    const span = spanOf(id.line, id.col, cpLen(id.name));
    if (!touches(span, pos)) continue;
    if (!id.binding) continue; // a keyword argument's name
    const sym = symbolOfIdent(ws, fa, id, site.scope);
    if (sym) return { sym, span, id };
  }
  for (const d of fa.dots) {
    const span = spanOf(d.dot.nameLine, d.dot.nameCol, cpLen(d.dot.name));
    if (touches(span, pos)) return { sym: { k: 'attr', fa, dot: d.dot, scope: d.scope }, span };
  }
  for (const ks of fa.keyStrings) {
    const span = spanOf(ks.key.line, ks.key.col, cpLen(ks.key.raw));
    if (touches(span, pos)) return { sym: { k: 'key', fa, x: ks.x, key: ks.key, scope: ks.scope }, span };
  }
  return undefined;
}

/** An alias binding (`x="orig"` in a load) is file-local: it is a 'local' symbol whose first ident is the alias. */
function aliasLoad(fa: FileAnalysis, first: Ident): { load: LoadStmt; name: LoadName } | undefined {
  for (const l of fa.loads) for (const n of l.names) if (n.local === first) return { load: l, name: n };
  return undefined;
}

/** Where a symbol is defined (undefined for builtins, attributes and keys). */
export function definitionOf(ws: Workspace, sym: Sym): Place | undefined {
  switch (sym.k) {
    case 'global': {
      const first = sym.binding.first;
      return first ? { file: sym.fa.path, span: spanOf(first.line, first.col, cpLen(first.name)) } : undefined;
    }
    case 'local': {
      const alias = aliasLoad(sym.fa, sym.first);
      if (alias) {
        const target = ws.exported(alias.load.module, alias.name.orig);
        if (target?.binding.first) return definitionOf(ws, { k: 'global', fa: target.fa, binding: target.binding });
      }
      return { file: sym.fa.path, span: spanOf(sym.first.line, sym.first.col, cpLen(sym.first.name)) };
    }
    case 'unresolvedLoad':
      return { file: sym.fa.path, span: spanOf(sym.name.origLine, sym.name.origCol, cpLen(sym.name.orig)) };
    case 'module': {
      const path = ws.moduleFile(sym.load.module);
      return path ? { file: path, span: spanOf(1, 1, 0) } : undefined;
    }
    default:
      return undefined;
  }
}

/** Where another file loads a global of a library: the file, its analysis and the name in its load(). */
export interface LoadOfGlobal {
  path: string;
  fa: FileAnalysis;
  name: LoadName;
}

/** Every load() name in the other files of the workspace that loads `sym` from its library (none when its
 * file is not a library). Find-references and rename both follow a global into these files. */
export function* loadsOfGlobal(ws: Workspace, sym: Extract<Sym, { k: 'global' }>): Generator<LoadOfGlobal> {
  const module = ws.moduleOf(sym.fa.path);
  if (!module) return;
  for (const path of ws.paths()) {
    const fa = ws.analysis(path);
    if (!fa || fa === sym.fa) continue;
    for (const l of fa.loads) {
      if (l.module !== module) continue;
      for (const name of l.names) if (name.orig === sym.binding.name) yield { path, fa, name };
    }
  }
}

/**
 * Every place that names the symbol: its definition and uses in its file, and in every file that loads it
 * (the quoted name in load() and the uses of the name it binds there).
 */
export function referencesOf(ws: Workspace, sym: Sym): Place[] {
  const out: Place[] = [];
  const seen = new Set<string>();
  const add = (file: string, span: Span) => {
    const key = `${file}:${span.line}:${span.col}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ file, span });
  };
  const identSpan = (id: Ident) => spanOf(id.line, id.col, cpLen(id.name));
  switch (sym.k) {
    case 'global': {
      for (const s of sym.fa.idents) if (s.id.binding === sym.binding) add(sym.fa.path, identSpan(s.id));
      for (const { path, fa, name } of loadsOfGlobal(ws, sym)) {
        add(path, spanOf(name.origLine, name.origCol, cpLen(name.orig)));
        for (const s of fa.idents) if (s.id.binding?.first === name.local && s.id !== name.local) add(path, identSpan(s.id));
      }
      break;
    }
    case 'local':
      for (const s of sym.fa.idents) if (s.id === sym.first || s.id.binding?.first === sym.first) add(sym.fa.path, identSpan(s.id));
      break;
    case 'unresolvedLoad':
      add(sym.fa.path, spanOf(sym.name.origLine, sym.name.origCol, cpLen(sym.name.orig)));
      for (const s of sym.fa.idents) if (s.id.binding?.first === sym.name.local && s.id !== sym.name.local) add(sym.fa.path, identSpan(s.id));
      break;
    case 'universal':
    case 'host': {
      const scope = sym.k === 'universal' ? 'universal' : 'predeclared';
      for (const path of ws.paths()) {
        const fa = ws.analysis(path);
        if (!fa) continue;
        for (const s of fa.idents) if (s.id.binding?.scope === scope && s.id.name === sym.name) add(path, identSpan(s.id));
      }
      break;
    }
    case 'module':
      for (const path of ws.paths()) {
        const fa = ws.analysis(path);
        if (!fa) continue;
        for (const l of fa.loads) if (l.module === sym.load.module) add(path, spanOf(l.moduleLine, l.moduleCol, cpLen(l.moduleRaw)));
      }
      break;
    default:
      break;
  }
  return out.sort((a, b) => (a.file === b.file ? a.span.line - b.span.line || a.span.col - b.span.col : a.file < b.file ? -1 : 1));
}

/** The binding a name would have at `pos`: the enclosing functions' locals, the module, the builtins. */
export function bindingAt(fa: FileAnalysis, scope: FunctionScope | undefined, name: string): Binding | undefined {
  for (let s = scope; s; s = s.parent) {
    const local = s.fn.locals.find((b) => b.name === name);
    if (local) return local;
    const free = s.fn.freevars.find((b) => b.name === name);
    if (free) return free;
  }
  const g = fa.globals.get(name);
  if (g) return g;
  if (Object.prototype.hasOwnProperty.call(HOST_BUILTIN_SIGNATURES, name)) return { scope: 'predeclared', index: -1, name };
  if (isUniversal(name)) return { scope: 'universal', index: -1, name };
  return undefined;
}

/**
 * Parses an expression typed at `pos` (the `x` of `x.` or `x["`) and binds its names as the interpreter would
 * at that place. Undefined when it does not parse.
 */
export function expressionAt(fa: FileAnalysis, source: string, pos: Pos): Expr | undefined {
  const text = source.replace(/\s*\n\s*/g, ' ').trim();
  if (!text) return undefined;
  let expr: Expr;
  try {
    const ast = parse('<expr>', text);
    const st = ast.stmts[0];
    if (ast.stmts.length !== 1 || st?.kind !== 'ExprStmt') return undefined;
    expr = st.x;
  } catch {
    return undefined;
  }
  const scope = scopeAt(fa, pos);
  bindNames(expr, (id) => {
    const b = bindingAt(fa, scope, id.name);
    if (b) id.binding = b;
  });
  return expr;
}

/** Binds the names an expression reads; a comprehension's or a lambda's names are its own and stay unbound. */
function bindNames(e: ExprNode, bind: (id: Ident) => void): void {
  if (e.kind === 'Ident') bind(e);
  else if (e.kind !== 'Comp' && e.kind !== 'Lambda') forEachChild(e, (x) => bindNames(x, bind));
}
