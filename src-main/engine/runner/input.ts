// Input applied to a running runner (prod mode): objects, or the YAML documents of a project file, are
// validated first (a dry-run apply each) and applied only when every one is valid, with the origin
// annotation of input files, as the loader applies in/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ORIGIN_ANNOTATION, ORIGIN_FILE, type KrmObject } from '../../../src-shared/krm/object.js';
import type { ApiStore } from '../store/types.js';
import type { ApplyInputResult } from './runner-types.js';

export interface InputObject {
  obj: KrmObject;
  /** `in/a.yaml:3`, `object 2`: where an error points. */
  where: string;
}

/** Validates every object, then applies them all (field manager inputfileloader), or none. */
export function applyInputObjects(store: ApiStore, objects: InputObject[], warn: (line: string) => void): ApplyInputResult {
  const errors: string[] = [];
  for (const { obj, where } of objects) {
    try {
      store.apply(obj, { fieldManager: 'inputfileloader', dryRun: true });
    } catch (e) {
      errors.push(`${where}: ${(e as Error).message}`);
    }
  }
  if (errors.length) {
    for (const line of errors) warn(`input rejected: ${line}`);
    return { ok: false, applied: [], errors };
  }
  const applied: string[] = [];
  for (const { obj } of objects) {
    store.apply(obj, { fieldManager: 'inputfileloader' });
    applied.push(`${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`);
  }
  return { ok: true, applied, errors: [] };
}

export async function inputObjects(root: string, input: KrmObject | KrmObject[] | { file: string }): Promise<InputObject[]> {
  if (Array.isArray(input)) return input.map((obj, i) => ({ obj: withOrigin(obj), where: `object ${i + 1}` }));
  if ('file' in input && typeof input.file === 'string' && !('apiVersion' in input)) {
    const file = path.resolve(root, input.file);
    const rel = path.relative(root, file);
    const text = await readFile(file, 'utf8');
    const out: Array<{ obj: KrmObject; where: string }> = [];
    for (const [i, doc] of parseAllDocuments(text).entries()) {
      if (doc.errors.length) throw new Error(`${rel}: document ${i + 1}: ${doc.errors[0]!.message}`);
      const obj = doc.toJSON() as KrmObject | null;
      if (obj === null) continue;
      const line = doc.contents?.range ? text.slice(0, doc.contents.range[0]).split('\n').length : undefined;
      out.push({ obj: withOrigin(obj), where: line ? `${rel}:${line}` : rel });
    }
    return out;
  }
  return [{ obj: withOrigin(input as KrmObject), where: 'object' }];
}

function withOrigin(obj: KrmObject): KrmObject {
  const o = structuredClone(obj);
  o.metadata ??= {};
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ORIGIN_ANNOTATION]: ORIGIN_FILE };
  return o;
}
