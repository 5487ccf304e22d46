// `choreo get <plural>.<group> [NAME] [-o yaml|json|name] [-n NS] [--show-managed-fields] [--store URL] [--dir DIR]`
// Reads the project's persisted store (.choreo/db, or etcd at one revision) — no server needed (engine.md §9.4).
import { readSnapshot, createApiStore, type MemoryApiStore, sortKeys, toGoYaml } from '../../engine/index.js';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { Command } from './command.js';
import { exitOnStoreError, openProjectStore, out, projectDir, registeredApiOrReport } from './data-common.js';
import { parseFlags, UsageError, withUsage } from '../flags.js';
import { storeFrom, withStoreFlags } from '../store-flags.js';

const USAGE = `usage: choreo get <plural>.<group> [NAME] [-o yaml|json|name] [-n NAMESPACE] [--show-managed-fields] [--snapshot ID] [--store URL] [--dir DIR]
  Lists the objects of a kind (one line each: <Kind>.<apiVersion> <name>; with -o yaml|json one
  <Kind>List holding them), or prints one object.
  Reads the state the last run left in DIR/.choreo/db (DIR defaults to the current folder) or, when the
  project's store is etcd (--store etcd://HOST:PORT[,HOST:PORT…][/prefix], or .choreo/config.yaml's store),
  what etcd holds now; with --snapshot the objects stored in that snapshot (an id, an id prefix, latest or
  previous).`;

/** A read-only store holding a snapshot's APIs and objects. */
async function snapshotStore(dir: string, ref: string): Promise<MemoryApiStore> {
  const snap = await readSnapshot(dir, ref);
  const store = createApiStore();
  // register the snapshot's APIs from its discovery records (schemas are not needed to read),
  // then put every object back as it was
  for (const a of snap.apiResources) {
    if (store.api({ group: a.group, version: a.version, kind: a.kind })) continue;
    store.registerApi({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${a.resource}.${a.group}` },
      spec: {
        group: a.group,
        names: { kind: a.kind, listKind: a.listKind, plural: a.resource, categories: a.categories },
        scope: a.namespaced ? 'Namespaced' : 'Cluster',
        versions: [{ name: a.version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
  }
  for (const o of snap.objects) store.restore(o);
  return store;
}

/** One object, or several as upstream's list (`{apiVersion, items, kind: <Kind>List}`, as kubectl prints it). */
type Shown = KrmObject | { apiVersion: string; items: KrmObject[]; kind: string };

function renderDocument(doc: Shown, format: 'yaml' | 'json'): string {
  return format === 'yaml' ? toGoYaml(doc) : JSON.stringify(sortKeys(doc), null, 2) + '\n';
}

function renderLines(objs: KrmObject[], format: string | undefined): string {
  if (format === 'name' || format === 'completion') return objs.map((o) => `${o.metadata.name}\n`).join('');
  return objs.map((o) => `${o.kind}.${o.apiVersion} ${o.metadata.name}\n`).join('');
}

export const getCommand: Command = {
  name: 'get',
  run: (args) =>
    withUsage(USAGE, async () => {
      const p = parseFlags(args, withStoreFlags({ values: { '-o': 'output', '--output': 'output', '-n': 'namespace', '--namespace': 'namespace', '--snapshot': 'snapshot' }, bools: { '--show-managed-fields': 'managed' } }));
      if (p.help) return out(USAGE), 0;
      const [resource, name, ...rest] = p.positional;
      if (!resource || rest.length > 0) throw new UsageError('expected <plural>.<group> [NAME]');
      const format = p.values.output;
      if (format !== undefined && !['yaml', 'json', 'name', 'completion'].includes(format)) throw new UsageError(`unsupported output format ${format}, supported: yaml json name`);
      const dir = projectDir(p.dir);
      let store: MemoryApiStore;
      try {
        store = p.values.snapshot ? await snapshotStore(dir, p.values.snapshot) : await openProjectStore(dir, storeFrom(p.values));
      } catch (e) {
        return exitOnStoreError(e);
      }
      const api = registeredApiOrReport(store, resource);
      if (!api) return 1;
      const opts = { showManagedFields: p.bools.has('managed') };
      if (name !== undefined) {
        try {
          const ns = api.namespaced ? (p.values.namespace ?? 'default') : '';
          const obj = store.get(api, ns, name, opts);
          out(format === 'json' || format === undefined || format === 'yaml' ? renderDocument(obj, format ?? 'yaml') : renderLines([obj], format));
          return 0;
        } catch (e) {
          return exitOnStoreError(e, 'NotFound');
        }
      }
      const list = store.list(api, { ...opts, namespace: p.values.namespace }).sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
      if (format === 'yaml' || format === 'json') {
        const apiVersion = api.group ? `${api.group}/${api.version}` : api.version;
        out(renderDocument({ apiVersion, items: list, kind: `${api.kind}List` }, format));
      } else out(renderLines(list, format));
      return 0;
    }),
};
