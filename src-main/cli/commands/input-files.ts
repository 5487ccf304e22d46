// Finding and rewriting the `in/` document that holds an object (for `choreo apply` and
// `choreo delete`): other documents of a multi-document file, and their comments, stay untouched.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listFolder, diskFs, writeFileAtomic, parseYaml, splitDocuments } from '../../engine/index.js';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { parseApiVersion } from '../../../src-shared/krm/object.js';

export interface InputDoc {
  /** absolute path */
  file: string;
  index: number;
  parts: { text: string; line: number }[];
}

function sameObject(a: any, b: KrmObject, namespaced: boolean): boolean {
  return (
    a && typeof a === 'object' && a.apiVersion === b.apiVersion && a.kind === b.kind && a.metadata?.name === b.metadata.name &&
    (!namespaced || (a.metadata?.namespace ?? 'default') === (b.metadata.namespace ?? 'default'))
  );
}

/** The in/ document holding the object (same apiVersion, kind, namespace, name), if any. */
export async function findInputDoc(dir: string, obj: KrmObject, namespaced: boolean): Promise<InputDoc | undefined> {
  for (const e of await listFolder(diskFs(dir), 'in')) {
    if (e.isDir || !/\.ya?ml$/.test(e.name)) continue;
    const file = path.join(dir, 'in', e.name);
    let parts;
    try {
      parts = splitDocuments(await fs.readFile(file, 'utf8'), file);
    } catch {
      continue;
    }
    for (let i = 0; i < parts.length; i++) {
      let v: unknown;
      try {
        v = parseYaml(parts[i]!.text, file);
      } catch {
        continue;
      }
      if (sameObject(v, obj, namespaced)) return { file, index: i, parts };
    }
  }
  return undefined;
}

/** Replaces (text) or removes (undefined) one document; removes the file when nothing is left. */
export async function rewriteInputDoc(doc: InputDoc, text: string | undefined): Promise<'rewritten' | 'removed'> {
  const others = doc.parts.filter((_, i) => i !== doc.index).filter((p) => p.text.trim() !== '');
  if (text === undefined && others.length === 0) {
    await fs.rm(doc.file);
    return 'removed';
  }
  const parts = doc.parts.map((p, i) => (i === doc.index ? text : p.text)).filter((t): t is string => t !== undefined && t.trim() !== '');
  await writeFileAtomic(doc.file, parts.map((t) => (t.endsWith('\n') ? t : t + '\n')).join('---\n'));
  return 'rewritten';
}

/** `in/<group>.<lowercase kind>.<name>.yaml` (engine.md Appendix A, `choreoctl apply` output name). */
export function applyFileName(obj: KrmObject): string {
  const group = parseApiVersion(obj.apiVersion).group || 'core';
  return `${group}.${obj.kind.toLowerCase()}.${obj.metadata.name}.yaml`;
}
