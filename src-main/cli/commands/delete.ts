// `choreo delete <plural>.<group> NAME [-n NS] [--dir DIR]`: removes the object's document from in/
// (the file when it is the only document). The next run deletes the object (engine.md §9.4).
import path from 'node:path';
import { apiVersionOf } from '../../../src-shared/krm/object.js';
import type { Command } from './command.js';
import { err, openProjectStore, out, projectDir, registeredApiOrReport } from './data-common.js';
import { parseFlags, UsageError, withUsage } from '../flags.js';
import { findInputDoc, rewriteInputDoc } from './input-files.js';

const USAGE = `usage: choreo delete <plural>.<group> NAME [-n NAMESPACE] [--dir DIR]
  Removes the object from the project's input files (in/); the next \`choreo run once\` deletes it
  from the store (and, through garbage collection, the objects it owns).`;

export const deleteCommand: Command = {
  name: 'delete',
  run: (args) =>
    withUsage(USAGE, async () => {
      const p = parseFlags(args, { values: { '-n': 'namespace', '--namespace': 'namespace' } });
      if (p.help) return out(USAGE), 0;
      const [resource, name, ...rest] = p.positional;
      if (!resource || !name || rest.length > 0) throw new UsageError('expected <plural>.<group> NAME');
      const dir = projectDir(p.dir);
      const store = await openProjectStore(dir);
      const api = registeredApiOrReport(store, resource);
      if (!api) return 1;
      const apiVersion = apiVersionOf(api);
      const namespace = api.namespaced ? (p.values.namespace ?? 'default') : undefined;
      out(`deleting ${apiVersion} ${api.kind} ${name}`);
      const doc = await findInputDoc(dir, { apiVersion, kind: api.kind, metadata: { name, namespace } }, api.namespaced);
      if (!doc) {
        err(`no input file in ${path.join(dir, 'in')} holds ${api.kind} ${namespace ? `${namespace}/` : ''}${name}`);
        return 1;
      }
      const what = await rewriteInputDoc(doc, undefined);
      out(`${what} ${path.relative(dir, doc.file)}`);
      return 0;
    }),
};
