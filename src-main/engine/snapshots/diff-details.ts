// The details of a changed object in a snapshot diff (-a): the unified diff of its two YAML renderings and its
// field-level changes. Apart from the rest of the diff because it needs the text diff library and the YAML
// emitter, which `run diff` without -a never loads (indexed-diff.ts imports this module only for details).
import { createTwoFilesPatch } from 'diff';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { toGoYaml } from '../yaml/go-emit.js';
import { fieldChanges } from './field-diff.js';
import type { DiffItem } from './types.js';

function unified(a: KrmObject | undefined, b: KrmObject | undefined): string {
  const left = a ? toGoYaml(a) : '';
  const right = b ? toGoYaml(b) : '';
  const patch = createTwoFilesPatch('previous', 'latest', left, right, undefined, undefined, { context: 3 });
  const lines = patch.split('\n');
  const start = lines.findIndex((l) => l.startsWith('@@'));
  return start < 0 ? '' : lines.slice(start).join('\n').replace(/\n+$/, '');
}

/** The details of an item whose object was `a` before and is `b` after (undefined: absent on that side). */
export function details(a: KrmObject | undefined, b: KrmObject | undefined): Pick<DiffItem, 'diff' | 'changes'> {
  return { diff: unified(a, b), changes: fieldChanges(a, b) };
}
