// Static scan of the keys a project's Starlark reads: every call `config("k", …)` / `secret("k")` whose
// key is a string literal, found in the syntax tree (not by text search, so comments and strings that
// merely mention config( do not count). Dynamic keys are caught at runtime by the KeyRecorder.
import { decodeUtf8, parseStarlark } from '../engine/index.js';
import type { KeyUse } from './types.js';

interface CallNode {
  kind: 'Call';
  line: number;
  col: number;
  fn: { kind: string; name?: string };
  args: Array<{ kind: string; name?: string; value: { kind: string; value?: unknown; isBytes?: boolean } }>;
}

/** A Starlark source and where it lives (file, and the line its code starts at inside that file). */
export interface ScanSource {
  file: string;
  code: string;
  lineOffset?: number;
}

export function scanKeys(sources: ScanSource[]): KeyUse[] {
  const uses = new Map<string, KeyUse>();
  for (const src of sources) {
    let ast: unknown;
    try {
      ast = parseStarlark(src.file, src.code);
    } catch {
      continue; // syntax errors are reported by the build check
    }
    walk(ast, (call) => {
      const name = call.fn.kind === 'Ident' ? call.fn.name : undefined;
      if (name !== 'config' && name !== 'secret') return;
      const keyArg = call.args.find((a) => a.kind === 'pos') ?? call.args.find((a) => a.kind === 'named' && a.name === 'key');
      if (!keyArg || keyArg.value.kind !== 'Literal' || typeof keyArg.value.value !== 'string' || keyArg.value.isBytes) return;
      const key = decodeUtf8(keyArg.value.value);
      const hasDefault = call.args.filter((a) => a.kind === 'pos').length >= 2 || call.args.some((a) => a.kind === 'named' && a.name === 'default');
      const required = name === 'secret' || !hasDefault;
      const where = `${src.file}:${call.line + (src.lineOffset ?? 0)}:${call.col}`;
      const id = `${name}:${key}`;
      const old = uses.get(id);
      if (old) {
        old.required ||= required;
        old.where.push(where);
      } else uses.set(id, { key, kind: name, required, where: [where] });
    });
  }
  return [...uses.values()];
}

function walk(node: unknown, visit: (c: CallNode) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.kind === 'Call') visit(o as unknown as CallNode);
  for (const [k, v] of Object.entries(o)) {
    // resolver annotations point back into the tree (bindings, function infos): skip them
    if (k === 'binding' || k === 'first' || k === 'toplevel' || k === 'globals' || k === 'function') continue;
    if (v && typeof v === 'object') walk(v, visit);
  }
}

/** Merges static and runtime uses: one entry per kind+key, required if any use requires it. */
export function mergeKeyUses(...lists: KeyUse[][]): KeyUse[] {
  const out = new Map<string, KeyUse>();
  for (const list of lists) {
    for (const u of list) {
      const id = `${u.kind}:${u.key}`;
      const old = out.get(id);
      if (old) {
        old.required ||= u.required;
        for (const w of u.where) if (!old.where.includes(w)) old.where.push(w);
      } else out.set(id, { ...u, where: [...u.where] });
    }
  }
  return [...out.values()].sort((a, b) => (a.key === b.key ? (a.kind < b.kind ? -1 : 1) : a.key < b.key ? -1 : 1));
}

/** Required keys missing from an environment's values (secrets must be secrets, config plain or secret-free). */
export function missingKeys(uses: KeyUse[], values: { config: Record<string, string>; secrets: Record<string, string> }): string[] {
  const out: string[] = [];
  for (const u of uses) {
    if (!u.required) continue;
    const has = u.kind === 'secret' ? u.key in values.secrets : u.key in values.config;
    if (!has) out.push(u.kind === 'secret' ? `${u.key} (secret)` : u.key);
  }
  return out;
}
