// A real etcd for one test file: started before its tests, stopped after, with
// the clients the tests opened closed first. Its own module, apart from ./etcd-cluster.ts, because that one
// is also bundled into the runner driver process, which must not load vitest.
import type { Etcd3 } from 'etcd3';
import { afterAll, beforeAll } from 'vitest';
import { connectEtcd, parseStoreUrl, type EtcdStoreConfig } from '../engine/index.js';
import { requireEtcdForTests, startEtcdCluster, type EtcdCluster, type EtcdClusterOptions } from './etcd-cluster.js';

export interface EtcdForTests {
  /** The cluster (set once the file's tests start). */
  readonly cluster: EtcdCluster;
  /** Clients a test opened; closed before the cluster stops. */
  clients: Etcd3[];
  /**
   * A client for the store at `url` (an etcd:// store URL, usually `cluster.url(prefix)`), closed with the
   * cluster, and the store config parsed from the URL with `tune` over it (a shorter lease, say).
   */
  connect(url: string, tune?: Partial<EtcdStoreConfig>): Promise<{ client: Etcd3; config: EtcdStoreConfig }>;
}

/** Registers the hooks; call at the top level of a test file. `options`: the cluster's (1 member by default). */
export function etcdForTests(options?: EtcdClusterOptions): EtcdForTests {
  requireEtcdForTests();
  let cluster: EtcdCluster | undefined;
  const clients: Etcd3[] = [];
  beforeAll(async () => {
    cluster = await startEtcdCluster(options);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await cluster?.stop();
  });
  return {
    get cluster() {
      return cluster!;
    },
    clients,
    async connect(url, tune) {
      const selection = parseStoreUrl(url);
      if (selection.kind !== 'etcd') throw new Error(`etcdForTests.connect: ${url} is not an etcd store URL`);
      const config = { ...selection.etcd, ...tune };
      const client = await connectEtcd(config);
      clients.push(client);
      return { client, config };
    },
  };
}
