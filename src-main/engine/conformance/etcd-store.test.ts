// Conformance on the etcd store (issue 16): the greeting example and the two kubenet projects run once on
// the file store and on etcd (a real 1-member cluster) from a clean state, and again on the kept state; the
// final states must be the same (every object, compared without uids, timestamps and resourceVersions), and
// what etcd holds, read back by a new reader at one revision, must be the runner's working set with each
// object's resourceVersion its key's mod revision.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireEtcdForTests, startEtcdCluster, type EtcdCluster } from '../../testing/etcd-cluster.js';
import { stateDifferences, storeState } from '../../testing/store-state.js';
import { haveSharedExamples, haveSharedKubenet, sharedExample, sharedKubenetDir, tempProjects } from '../../testing/temp-projects.js';
import { runOnceWithProject } from '../runner/run-once.js';
import { connectEtcd } from '../store/etcd/client.js';
import { parseStoreUrl } from '../store/etcd/config.js';
import { EtcdStore } from '../store/etcd/etcd-store.js';
import { listSnapshots } from '../snapshots/snapshot-store.js';

requireEtcdForTests();
const projects = tempProjects('choreo-etcd-conf-');
let cluster: EtcdCluster;
beforeAll(async () => {
  cluster = await startEtcdCluster();
});
afterAll(async () => {
  await cluster?.stop();
  projects.cleanup();
});

const cases = [
  { name: 'greeting', source: () => sharedExample('greeting'), internal: false, have: haveSharedExamples },
  { name: 'kubenet-combined', source: () => path.join(sharedKubenetDir, 'combined'), internal: true, have: haveSharedKubenet },
  { name: 'kubenet-topology', source: () => path.join(sharedKubenetDir, 'topology'), internal: true, have: haveSharedKubenet },
];

describe('runs on the etcd store end where runs on the file store end', () => {
  for (const c of cases) {
    it.skipIf(!c.have)(`${c.name}: a clean run and a second run on the kept state`, async () => {
      const fileDir = projects.copyOf(c.source(), { folder: c.name, without: ['db'] });
      const etcdDir = projects.copyOf(c.source(), { folder: c.name, without: ['db'] });
      const url = cluster.url(`/${c.name}`);
      for (const run of [1, 2]) {
        const onFile = await runOnceWithProject(fileDir, { internalReconcilers: c.internal });
        const onEtcd = await runOnceWithProject(etcdDir, { internalReconcilers: c.internal, store: { url } });
        expect(onFile.result.success, `run ${run} on the file store: ${onFile.result.message}`).toBe(true);
        expect(onEtcd.result.success, `run ${run} on etcd: ${onEtcd.result.message}`).toBe(true);
        expect(onEtcd.result.progress).toContain(`store ${url}`);
        const fileState = storeState(onFile.project.store);
        expect(fileState.size).toBeGreaterThan(5);
        expect(stateDifferences(fileState, storeState(onEtcd.project.store)), `run ${run}`).toEqual([]);

        // what etcd holds, read by a new reader, is the working set, resourceVersions included
        const sel = parseStoreUrl(url);
        if (sel.kind !== 'etcd') throw new Error('not etcd');
        const client = await connectEtcd(sel.etcd);
        const reader = new EtcdStore(client, sel.etcd);
        try {
          const stored = await reader.open();
          expect(stateDifferences(storeState(onEtcd.project.store), storeState(stored))).toEqual([]);
          let newest = 0;
          for (const api of stored.apis()) {
            for (const o of stored.list(api, { showManagedFields: true })) {
              const mine = onEtcd.project.store.get(api, o.metadata.namespace ?? '', o.metadata.name ?? '', { showManagedFields: true });
              expect(mine.metadata.resourceVersion, `${api.kind} ${o.metadata.name}`).toBe(o.metadata.resourceVersion);
              newest = Math.max(newest, Number(o.metadata.resourceVersion));
            }
          }
          // the run's snapshot was taken at one revision: after its last write, before the runner resigned
          const [latest] = await listSnapshots(etcdDir);
          expect(latest?.revision).toBeGreaterThanOrEqual(newest);
          expect(latest?.revision).toBeLessThan(reader.revision);
          expect(latest?.objectCount).toBe(stored.size());
        } finally {
          await reader.close();
          client.close();
        }
      }
    });
  }
});
