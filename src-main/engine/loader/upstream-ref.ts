// Reading one UpstreamRef document of `refs/` (engine.md §2.4, §8.1). Upstream applies every ref to its API
// store before it clones anything, so a ref is checked against the embedded UpstreamRef schema (upstream's
// artifacts/ CRD) with a dry-run apply: the same defaults (`ref.type: hash`, `priority: 10`) and the same
// Kubernetes error texts as a real apply, and nothing is cloned for a ref that would be refused.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { MemoryApiStore } from '../store/store.js';
import { INPUT_FIELD_MANAGER, type Diagnostic, type SourceLocation, type UpstreamRefDef } from './types.js';

// One store with only the embedded APIs, used for dry runs (it never holds an object).
let scratch: MemoryApiStore | undefined;

/** The ref, defaults applied, or undefined after pushing the error to `diags`. */
export function parseUpstreamRef(obj: KrmObject, origin: SourceLocation, diags: Diagnostic[]): UpstreamRefDef | undefined {
  scratch ??= new MemoryApiStore();
  let checked: KrmObject;
  try {
    checked = scratch.apply(obj, { fieldManager: INPUT_FIELD_MANAGER, dryRun: true }).object;
  } catch (e) {
    const name = obj.metadata?.name ?? origin.file;
    diags.push({ severity: 'error', message: `cannot apply upstream ref ${name}, err: ${(e as Error).message}`, where: origin });
    return undefined;
  }
  const spec = checked.spec as { url: string; directory?: string; ref: { type: 'hash' | 'tag'; name: string }; type: 'all' | 'crd'; includes?: string[]; priority?: number };
  const problems: string[] = [];
  // the schema allows empty strings; a clone needs more
  if (spec.url === '') problems.push('spec.url is empty');
  if (spec.ref.name === '') problems.push('spec.ref.name is empty');
  if (problems.length > 0) {
    diags.push({ severity: 'error', message: `invalid upstreamref ${origin.file}, err: ${problems.join(', ')}`, where: origin });
    return undefined;
  }
  return {
    name: checked.metadata.name!,
    url: spec.url,
    directory: typeof spec.directory === 'string' && spec.directory !== '' ? spec.directory : '.',
    ref: { type: spec.ref.type, name: spec.ref.name },
    type: spec.type,
    includes: spec.includes ?? [],
    object: obj,
    origin,
  };
}
