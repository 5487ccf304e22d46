// How many objects go in one txn: as many as etcd takes. The store tries 1023 (etcd's --max-txn-ops of 1024
// less the fence compare); an etcd that allows fewer refuses the txn before running it, and the store halves
// the batch until etcd takes it. Each object stays one put conditional on its own mod revision, whatever the
// batch. Here etcd allows 300 operations per txn: more than its default 128, fewer than the store tries.
import { describe, expect, it } from 'vitest';
import { etcdForTests } from '../../../testing/etcd-cluster-hooks.js';
import { sizedKind } from '../../../testing/sized-kind.js';
import { EtcdStore } from './etcd-store.js';

const server = etcdForTests({ extraArgs: ['--max-txn-ops', '300'] });

const { crd, object: widget } = sizedKind('Widget', 'widgets');

describe("the etcd store's txns", () => {
  it('hold as many objects as etcd takes: a refused txn is halved until etcd runs it, and every object is written once', async () => {
    const { client, config } = await server.connect(server.cluster.url('/batches'));
    const warnings: string[] = [];
    const etcd = new EtcdStore(client, config, { onWarning: (l) => warnings.push(l) });
    const working = await etcd.open();
    await etcd.startWriting(undefined);
    working.registerApi(crd);
    await etcd.sync();
    for (let i = 0; i < 700; i++) working.apply(widget(`w${i}`, i), { fieldManager: 'test' });
    await etcd.sync();

    const kvs = (await client.getAll().prefix('/batches/example.com/widgets/default/').exec()).kvs;
    expect(kvs).toHaveLength(700);
    const perTxn = new Map<string, number>();
    for (const kv of kvs) perTxn.set(kv.mod_revision, (perTxn.get(kv.mod_revision) ?? 0) + 1);
    // 700 refused, 350 refused, then txns of 175: more than etcd's default limit allows, within this one's
    expect([...perTxn.values()]).toEqual([175, 175, 175, 175]);
    for (const kv of kvs) {
      const name = kv.key.toString().split('/').pop()!;
      expect(JSON.parse(kv.value.toString()).spec).toEqual({ size: Number(name.slice(1)) });
      expect(working.get('widgets.example.com', 'default', name, { showManagedFields: true }).metadata.resourceVersion).toBe(kv.mod_revision);
    }
    expect(warnings).toEqual([]);
    await etcd.close();
  });
});
