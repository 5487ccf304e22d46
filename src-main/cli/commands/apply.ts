// `choreo apply -f FILE|DIR|- [--dir DIR]`: validates every object against the project's APIs (a
// dry-run server-side apply with manager inputfileloader, engine.md §9.4), then writes each into
// in/ atomically — into the document that already holds it, or a new
// `in/<group>.<lowercase kind>.<name>.yaml`. Nothing is written when any object is invalid.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { INPUT_FIELD_MANAGER, writeFileAtomic, parseYamlDocuments, YamlError, toGoYaml } from '../../engine/index.js';
import { ORIGIN_ANNOTATION, ORIGIN_FILE, parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import type { Command } from './command.js';
import { err, openProjectStore, out, projectDir } from './data-common.js';
import { parseFlags, UsageError, withUsage } from '../flags.js';
import { applyFileName, findInputDoc, rewriteInputDoc } from './input-files.js';

const USAGE = `usage: choreo apply -f FILE|DIR|- [-R] [--dir DIR]
  Validates the objects of FILE (multi-document YAML or JSON; a DIR: its *.yaml/*.yml/*.json files,
  -R recursively; - reads stdin) against the project's APIs and writes them into DIR/in/.
  The next \`choreo run once\` loads them.`;

async function collectFiles(p: string, recursive: boolean, top = true): Promise<string[]> {
  const st = await fs.stat(p).catch(() => undefined);
  if (!st) throw new UsageError(`${p}: no such file or directory`);
  if (!st.isDirectory()) return [p];
  if (!top && !recursive) return [];
  const out: string[] = [];
  for (const e of (await fs.readdir(p)).sort()) {
    const f = path.join(p, e);
    const s = await fs.stat(f);
    if (s.isDirectory()) out.push(...(await collectFiles(f, recursive, false)));
    else if (/\.(ya?ml|json)$/.test(e)) out.push(f);
  }
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const applyCommand: Command = {
  name: 'apply',
  run: (args) =>
    withUsage(USAGE, async () => {
      const p = parseFlags(args, { values: { '-f': 'file', '--filename': 'file' }, bools: { '-R': 'recursive', '--recursive': 'recursive' } });
      if (p.help) return out(USAGE), 0;
      const source = p.values.file ?? p.positional[0];
      if (!source || p.positional.length > (p.values.file ? 0 : 1)) throw new UsageError('expected -f FILE|DIR|-');
      const dir = projectDir(p.dir);
      const inputs: { name: string; text: string }[] = [];
      if (source === '-') inputs.push({ name: '<stdin>', text: await readStdin() });
      else for (const f of await collectFiles(source, p.bools.has('recursive'))) inputs.push({ name: f, text: await fs.readFile(f, 'utf8') });

      const objects: { obj: KrmObject; where: string }[] = [];
      let failed = false;
      for (const i of inputs) {
        try {
          for (const d of parseYamlDocuments(i.text, i.name)) {
            const v = d.value as KrmObject;
            if (!v || typeof v !== 'object' || Array.isArray(v) || typeof v.apiVersion !== 'string' || typeof v.kind !== 'string' || !v.metadata?.name) {
              err(`${i.name}:${d.line}: not an object with apiVersion, kind and metadata.name`);
              failed = true;
              continue;
            }
            objects.push({ obj: v, where: `${i.name}:${d.line}` });
          }
        } catch (e) {
          err(e instanceof YamlError ? e.message : `${i.name}: ${(e as Error).message}`);
          failed = true;
        }
      }
      const store = await openProjectStore(dir);
      for (const { obj, where } of objects) {
        out(`applying ${obj.apiVersion} ${obj.kind} ${obj.metadata.name}`);
        const annotated = { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [ORIGIN_ANNOTATION]: ORIGIN_FILE } } };
        try {
          store.apply(annotated, { fieldManager: INPUT_FIELD_MANAGER, dryRun: true });
        } catch (e) {
          err(`${where}: ${(e as Error).message}`);
          failed = true;
        }
      }
      if (failed) {
        err('nothing written: fix the errors above and apply again');
        return 1;
      }
      for (const { obj } of objects) {
        const namespaced = store.api({ ...parseApiVersion(obj.apiVersion), kind: obj.kind })?.namespaced ?? true;
        const existing = await findInputDoc(dir, obj, namespaced);
        if (existing) {
          await rewriteInputDoc(existing, toGoYaml(obj));
          out(`wrote ${path.relative(dir, existing.file)}`);
        } else {
          const rel = path.join('in', applyFileName(obj));
          await writeFileAtomic(path.join(dir, rel), toGoYaml(obj));
          out(`wrote ${rel}`);
        }
      }
      return 0;
    }),
};
