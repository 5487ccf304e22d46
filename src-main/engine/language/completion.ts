// Completion at the cursor: names in scope (locals, module globals and loaded names, host builtins, the
// universe, keywords), methods after `x.` (of x's type when it is known), the keys of a KRM object after
// `x["` or `x.get("` (its CRD's properties), library modules in `load("`, and a library's exports in
// `load("lib.star", "`.
import type { CompletionEntry } from '../../../src-shared/ipc/channels/language.js';
import { HOST_BUILTIN_SIGNATURES } from '../builtins/host-builtin-signatures.js';
import { METHOD_SIGNATURES, signatureLabel, UNIVERSE_CONSTANTS, UNIVERSE_SIGNATURES, type Signature } from '../starlark/signatures.js';
import { KEYWORDS } from '../starlark/syntax/scanner.js';
import { scopeAt, type FileAnalysis } from './analysis.js';
import { cursorContext, type CursorContext } from './cursor-context.js';
import { defDoc, defSignature, signatureMarkdown } from './describe.js';
import { describeType, schemaLabel, schemaProperties, schemaType, typeNameOf } from './infer.js';
import type { Pos } from './positions.js';
import { expressionAt } from './symbols.js';
import type { Workspace } from './workspace.js';

export interface CompletionResult {
  items: CompletionEntry[];
  /** Where the replaced text starts (it ends at the cursor). */
  start: Pos;
}

/** Keywords a statement or expression may start with (the reserved words Starlark refuses are left out). */
const USABLE_KEYWORDS = ['and', 'break', 'continue', 'def', 'elif', 'else', 'for', 'if', 'in', 'lambda', 'load', 'not', 'or', 'pass', 'return'].filter((k) => KEYWORDS.has(k));

export function complete(ws: Workspace, fa: FileAnalysis, pos: Pos): CompletionResult {
  const ctx = cursorContext(fa.index, pos);
  const start = ctx.k === 'none' ? pos : ctx.start;
  return { items: filterByPrefix(itemsFor(ws, fa, pos, ctx), ctx), start };
}

function filterByPrefix(items: CompletionEntry[], ctx: CursorContext): CompletionEntry[] {
  if (ctx.k === 'none') return [];
  const p = ctx.prefix.toLowerCase();
  const seen = new Set<string>();
  return items.filter((i) => {
    if (seen.has(i.label)) return false;
    seen.add(i.label);
    return !p || i.label.toLowerCase().includes(p);
  });
}

function sigEntry(label: string, kind: CompletionEntry['kind'], sigs: Signature[], what: string, sortText: string): CompletionEntry {
  return { label, kind, detail: signatureLabel(sigs[0]!), documentation: signatureMarkdown(sigs, what), sortText };
}

function itemsFor(ws: Workspace, fa: FileAnalysis, pos: Pos, ctx: CursorContext): CompletionEntry[] {
  const inferer = ws.inferer();
  switch (ctx.k) {
    case 'none':
      return [];
    case 'name': {
      const items: CompletionEntry[] = [];
      const scope = scopeAt(fa, pos);
      for (let s = scope; s; s = s.parent) {
        s.fn.params.forEach((p) => p.name && items.push({ label: p.name.name, kind: 'parameter', detail: describeType(inferer.identType(fa, p.name, new Map(), 0)), sortText: `0${p.name.name}` }));
        for (const b of s.fn.locals) {
          if (!b.first || b.first.line > pos.line) continue;
          items.push({ label: b.name, kind: 'variable', detail: describeType(inferer.identType(fa, b.first, new Map(), 0)), sortText: `1${b.name}` });
        }
      }
      for (const b of fa.globals.values()) {
        const first = b.first;
        if (!first) continue;
        const def = fa.defs.get(first);
        if (def) {
          const sig = defSignature(fa, def);
          items.push({ label: b.name, kind: 'function', detail: signatureLabel(sig), ...(sig.doc ? { documentation: sig.doc } : {}), sortText: `2${b.name}` });
          continue;
        }
        if (b.fileLocal) {
          const target = ws.loadTarget(fa, first);
          const tdef = target?.binding.first ? target.fa.defs.get(target.binding.first) : undefined;
          if (tdef && target) {
            const sig = defSignature(target.fa, tdef);
            items.push({ label: b.name, kind: 'function', detail: `${signatureLabel({ ...sig, name: b.name })} — ${target.fa.path}`, ...(sig.doc ? { documentation: sig.doc } : {}), sortText: `2${b.name}` });
          } else items.push({ label: b.name, kind: 'variable', detail: `loaded`, sortText: `2${b.name}` });
          continue;
        }
        items.push({ label: b.name, kind: 'variable', detail: describeType(inferer.identType(fa, first, new Map(), 0)), sortText: `2${b.name}` });
      }
      for (const [name, sigs] of Object.entries(HOST_BUILTIN_SIGNATURES)) items.push(sigEntry(name, 'builtin', sigs, 'Choreo host builtin', `3${name}`));
      for (const [name, sig] of Object.entries(UNIVERSE_SIGNATURES)) items.push(sigEntry(name, 'function', [sig], 'Starlark builtin', `4${name}`));
      for (const c of Object.values(UNIVERSE_CONSTANTS)) items.push({ label: c.name, kind: 'constant', detail: c.type, documentation: c.doc, sortText: `4${c.name}` });
      for (const k of USABLE_KEYWORDS) items.push({ label: k, kind: 'keyword', sortText: `5${k}` });
      return items;
    }
    case 'member': {
      const x = expressionAt(fa, ctx.object, pos);
      const t = x ? inferer.typeOf(fa, x) : undefined;
      const receiver = typeNameOf(t);
      const tables = METHOD_SIGNATURES as Record<string, Record<string, Signature>>;
      const chosen = receiver && tables[receiver] ? [receiver] : receiver ? [] : ['dict', 'string', 'list'];
      return chosen.flatMap((r, i) =>
        Object.values(tables[r]!).map((s) => ({ ...sigEntry(s.name, 'method', [s], `${r} method`, `${i}${s.name}`), detail: `${signatureLabel(s)}${chosen.length > 1 ? '' : ` -> ${s.returns}`}` })),
      );
    }
    case 'key': {
      const x = expressionAt(fa, ctx.object, pos);
      const t = x ? inferer.typeOf(fa, x) : undefined;
      if (t?.k === 'schema' && schemaType(t.schema) === 'object') {
        const props = schemaProperties(t.schema);
        const required = new Set(Array.isArray(t.schema.required) ? (t.schema.required as string[]) : []);
        return Object.entries(props).map(([name, s]) => ({
          label: name,
          kind: 'field' as const,
          detail: `${schemaLabel(s)}${required.has(name) ? ' (required)' : ''} — ${t.entry.kind}${t.path.length ? `.${t.path.join('.')}` : ''}`,
          ...(typeof s.description === 'string' ? { documentation: s.description } : {}),
          sortText: `${required.has(name) ? 0 : 1}${name}`,
        }));
      }
      if (t?.k === 'dict') return [...t.fields.entries()].map(([name, ft]) => ({ label: name, kind: 'field' as const, detail: describeType(ft) }));
      return [];
    }
    case 'loadModule':
      return [...ws.project.modules.entries()]
        .filter(([, path]) => path !== fa.path)
        .map(([module, path]) => ({ label: module, kind: 'module' as const, detail: path }));
    case 'loadName': {
      const path = ws.moduleFile(ctx.module);
      const target = path ? ws.analysis(path) : undefined;
      if (!target) return [];
      const already = new Set(fa.loads.filter((l) => l.module === ctx.module).flatMap((l) => l.names.map((n) => n.orig)));
      const items: CompletionEntry[] = [];
      for (const b of target.globals.values()) {
        if (b.fileLocal || b.name.startsWith('_') || !b.first) continue;
        const def = target.defs.get(b.first);
        const doc = def ? defDoc(target, def) : undefined;
        items.push({
          label: b.name,
          kind: def ? 'function' : 'variable',
          detail: def ? signatureLabel(defSignature(target, def)) : describeType(inferer.identType(target, b.first, new Map(), 0)),
          ...(doc ? { documentation: doc } : {}),
          sortText: `${already.has(b.name) ? 1 : 0}${b.name}`,
        });
      }
      return items;
    }
  }
}
