// Rename within a project. A module global (a library function, say) is renamed in its file, in the quoted
// names of every load() of it, and in the files that load it under its own name; an alias (`x="orig"`),
// a parameter or a local only where it is visible. Builtins, modules, attributes and keys are refused with
// the reason, as is a new name that is not an identifier or that another name in the same scope already has.
import { isUniversal, type ResolvedBinding } from '../starlark/index.js';
import { KEYWORDS } from '../starlark/syntax/scanner.js';
import type { FileAnalysis } from './analysis.js';
import { spanOf, type Pos, type Span } from './positions.js';
import { bindingAt, loadsOfGlobal, referencesOf, symbolAt, type Sym, type SymAt } from './symbols.js';
import type { Workspace } from './workspace.js';
import { isPredeclared } from './workspace.js';

const cpLen = (s: string) => [...s].length;

export class RenameError extends Error {
  override name = 'RenameError';
}

export interface RenameEdit {
  file: string;
  span: Span;
  text: string;
}

/** The symbol a rename at `pos` would rename, or a RenameError saying why none. */
export function renameTarget(ws: Workspace, fa: FileAnalysis, pos: Pos): SymAt {
  const at = symbolAt(ws, fa, pos);
  if (!at) throw new RenameError('Put the cursor on a name to rename it.');
  const why = refusal(at.sym);
  if (why) throw new RenameError(why);
  // A loaded name used under the library's own name stands for the library's global: renaming it renames
  // that everywhere. An alias (`x="orig"`) is this file's own name: renaming it renames the alias only.
  const b = at.id?.binding as ResolvedBinding | undefined;
  if (b?.fileLocal && b.first && b.first.name !== (ws.loadOf(fa, at.id!)?.orig ?? b.first.name)) {
    return { ...at, sym: { k: 'local', fa, first: b.first, scope: undefined } };
  }
  return at;
}

function refusal(sym: Sym): string | undefined {
  switch (sym.k) {
    case 'universal':
      return `${sym.name} is a Starlark builtin; builtins cannot be renamed.`;
    case 'host':
      return `${sym.name} is a Choreo host builtin; builtins cannot be renamed.`;
    case 'module':
      return 'This is a library name: rename the library file in the Explorer instead.';
    case 'attr':
      return `.${sym.dot.name} is a method of a built-in type; it cannot be renamed.`;
    case 'key':
      return 'This is a key of a KRM object; its name comes from the CRD.';
    case 'unresolvedLoad':
      return `${sym.name.orig} is not defined by ${sym.load.module}, so there is nothing to rename.`;
    default:
      return undefined;
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The edits that rename the symbol at `pos` to `newName`. */
export function rename(ws: Workspace, fa: FileAnalysis, pos: Pos, newName: string): RenameEdit[] {
  const at = renameTarget(ws, fa, pos);
  if (!IDENT.test(newName)) throw new RenameError(`"${newName}" is not a Starlark name: use letters, digits and _, not starting with a digit.`);
  if (KEYWORDS.has(newName)) throw new RenameError(`"${newName}" is a keyword of Starlark.`);
  if (isUniversal(newName) || isPredeclared(newName)) throw new RenameError(`"${newName}" is a builtin; a name of the project would hide it.`);
  const sym = at.sym;
  const oldName = sym.k === 'global' ? sym.binding.name : sym.k === 'local' ? sym.first.name : '';
  if (newName === oldName) return [];
  if (sym.k === 'global') {
    if (newName.startsWith('_') && !loadsOfGlobal(ws, sym).next().done) {
      throw new RenameError(`"${newName}" starts with _, so ${ws.moduleOf(sym.fa.path)} would no longer export it, and the files that load it would break.`);
    }
    clash(sym.fa, sym.fa.globals.get(newName), newName, sym.fa.path);
  } else if (sym.k === 'local') {
    clash(sym.fa, bindingAt(sym.fa, sym.scope, newName), newName, sym.fa.path);
  }
  if (sym.k === 'local') return referencesOf(ws, sym).map((p) => ({ file: p.file, span: p.span, text: newName }));
  if (sym.k !== 'global') return [];
  const edits: RenameEdit[] = [];
  const seen = new Set<string>();
  const edit = (file: string, span: Span) => {
    const key = `${file}:${span.line}:${span.col}`;
    if (!seen.has(key)) {
      seen.add(key);
      edits.push({ file, span, text: newName });
    }
  };
  for (const s of sym.fa.idents) if (s.id.binding === sym.binding) edit(sym.fa.path, spanOf(s.id.line, s.id.col, cpLen(s.id.name)));
  for (const { path, fa: other, name: n } of loadsOfGlobal(ws, sym)) {
    edit(path, spanOf(n.origLine, n.origCol, cpLen(oldName)));
    // An alias (`x="orig"`) keeps its own name; a file that uses the library's name follows the rename.
    if (n.local.name !== oldName) continue;
    clash(other, other.globals.get(newName), newName, path);
    for (const s of other.idents) if (s.id === n.local || s.id.binding?.first === n.local) edit(path, spanOf(s.id.line, s.id.col, cpLen(s.id.name)));
  }
  return edits.sort((a, b) => (a.file === b.file ? a.span.line - b.span.line || a.span.col - b.span.col : a.file < b.file ? -1 : 1));
}

function clash(fa: FileAnalysis, existing: import('../starlark/syntax/ast.js').Binding | ResolvedBinding | undefined, newName: string, file: string): void {
  if (!existing || existing.scope === 'universal' || existing.scope === 'predeclared') return;
  const at = existing.first ? `:${existing.first.line}` : '';
  throw new RenameError(`"${newName}" is already defined in ${file}${at}; renaming would merge two names. Choose another name.`);
}
