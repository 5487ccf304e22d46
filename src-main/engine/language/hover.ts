// Hover: the signature and docs of a builtin, host builtin, method or project function (loaded ones
// included, with the file they come from); the inferred type of a variable (`self: Node (infra.kuid.dev/v1alpha1)`);
// the CRD's description of a KRM key; a load()'s module with what it exports.
import { HOST_BUILTIN_SIGNATURES } from '../builtins/host-builtin-signatures.js';
import { decodeUtf8 } from '../starlark/index.js';
import { METHOD_SIGNATURES, UNIVERSE_CONSTANTS, UNIVERSE_SIGNATURES, type Signature } from '../starlark/signatures.js';
import type { DefStmt } from '../starlark/syntax/ast.js';
import type { FileAnalysis } from './analysis.js';
import { codeBlock, defDoc, defParamsText, signatureMarkdown } from './describe.js';
import { describeType, schemaLabel, typeNameOf, type Ty } from './infer.js';
import type { Pos, Span } from './positions.js';
import { symbolAt, type Sym } from './symbols.js';
import type { Workspace } from './workspace.js';

export interface HoverResult {
  markdown: string;
  span: Span;
}

export function hover(ws: Workspace, fa: FileAnalysis, pos: Pos): HoverResult | undefined {
  const at = symbolAt(ws, fa, pos);
  if (!at) return undefined;
  const markdown = describeSymbol(ws, at.sym, fa, at.id ? { fa, id: at.id } : undefined);
  return markdown ? { markdown, span: at.span } : undefined;
}

/** Where a global is defined, as `libs/x.star:12`. */
function placeOf(fa: FileAnalysis, line: number): string {
  return `${fa.path}:${line}`;
}

export function functionMarkdown(fa: FileAnalysis, def: DefStmt, from?: FileAnalysis): string {
  const parts = [codeBlock(`def ${def.name.name}(${defParamsText(fa, def)})`)];
  const doc = defDoc(fa, def);
  if (doc) parts.push(doc);
  parts.push(from && from !== fa ? `*Loaded from* \`${fa.path}:${def.line}\`` : `*Defined at* \`${placeOf(fa, def.line)}\``);
  return parts.join('\n\n');
}

/** The signatures of a method of a type, or of every type that has a method of that name. */
export function methodSignatures(receiver: string | undefined, name: string): Signature[] {
  const table = METHOD_SIGNATURES as Record<string, Record<string, Signature>>;
  if (receiver && table[receiver]?.[name]) return [table[receiver]![name]!];
  return Object.values(table)
    .map((t) => t[name])
    .filter((s): s is Signature => !!s);
}

function describeSymbol(ws: Workspace, sym: Sym, here: FileAnalysis, ident?: { fa: FileAnalysis; id: import('../starlark/syntax/ast.js').Ident }): string | undefined {
  const inferer = ws.inferer();
  switch (sym.k) {
    case 'universal': {
      const c = UNIVERSE_CONSTANTS[sym.name];
      if (c) return `${codeBlock(`${c.name}: ${c.type}`)}\n\n${c.doc}`;
      const s = UNIVERSE_SIGNATURES[sym.name];
      return s ? signatureMarkdown([s], 'Starlark builtin') : undefined;
    }
    case 'host': {
      const s = HOST_BUILTIN_SIGNATURES[sym.name];
      return s ? signatureMarkdown(s, 'Choreo host builtin') : undefined;
    }
    case 'global': {
      const first = sym.binding.first;
      if (!first) return undefined;
      const def = sym.fa.defs.get(first);
      if (def) return functionMarkdown(sym.fa, def, here);
      const t = inferer.identType(sym.fa, first, new Map(), 0);
      const where = sym.fa === here ? `*Defined at* \`${placeOf(sym.fa, first.line)}\`` : `*Loaded from* \`${placeOf(sym.fa, first.line)}\``;
      return `${codeBlock(`${sym.binding.name}: ${describeType(t)}`)}\n\n${where}`;
    }
    case 'local': {
      const param = sym.fa.params.get(sym.first);
      const t = inferer.identType(sym.fa, ident?.id ?? sym.first, new Map(), 0);
      const role = param ? 'parameter' : 'variable';
      const parts = [codeBlock(`(${role}) ${sym.first.name}: ${describeType(t)}`)];
      const doc = schemaDoc(t);
      if (doc) parts.push(doc);
      return parts.join('\n\n');
    }
    case 'unresolvedLoad':
      return `${codeBlock(sym.name.local.name)}\n\nLoaded from \`${sym.load.module}\`, which ${ws.moduleFile(sym.load.module) ? `does not define \`${sym.name.orig}\`` : 'is not a library of this project'}.`;
    case 'module': {
      const path = ws.moduleFile(sym.load.module);
      if (!path) return `Library \`${sym.load.module}\` is not in this project (libraries live in \`${ws.project.folders.libraries}/\`).`;
      const target = ws.analysis(path);
      const names = target ? [...target.globals.values()].filter((b) => !b.fileLocal && !b.name.startsWith('_')).map((b) => b.name) : [];
      return `Library \`${sym.load.module}\` — \`${path}\`\n\nExports ${names.length} name${names.length === 1 ? '' : 's'}: ${names.map((n) => `\`${n}\``).join(', ')}`;
    }
    case 'attr': {
      const of = inferer.typeOf(sym.fa, sym.dot.x);
      const sigs = methodSignatures(typeNameOf(of), sym.dot.name);
      if (!sigs.length) return undefined;
      return signatureMarkdown(sigs, sigs.length === 1 ? `${sigs[0]!.receiver} method` : `method of ${sigs.map((s) => s.receiver).join(', ')}`);
    }
    case 'key': {
      const of = inferer.typeOf(sym.fa, sym.x);
      const t = inferer.indexType(of, sym.fa, sym.key, 0);
      if (!t || t.k !== 'schema') return of ? `${codeBlock(`${JSON.stringify(decodeUtf8(String(sym.key.value)))}: ${describeType(t)}`)}` : undefined;
      const parts = [codeBlock(`${t.entry.kind}.${t.path.join('.')}: ${schemaLabel(t.schema)}`)];
      const doc = schemaDoc(t);
      if (doc) parts.push(doc);
      if (t.entry.file) parts.push(`*CRD* \`${t.entry.file}\` (${t.entry.apiVersion})`);
      return parts.join('\n\n');
    }
  }
}

function schemaDoc(t: Ty | undefined): string | undefined {
  if (t?.k !== 'schema') return undefined;
  const d = t.schema.description;
  return typeof d === 'string' && d.trim() ? d.trim() : undefined;
}
