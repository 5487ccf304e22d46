// The engine service on a temp copy of examples/hello-world with the real engine and real worker threads:
// run once, snapshots and their diff, deps, schemas, Starlark checks, and a prod session that applies a
// saved input file live.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../testing/temp-dir.js';
import { serviceTest } from '../../testing/service-test.js';
import { HostError } from '../handlers.js';
import { disposeEngineService, engineHandlers, engineServiceFor } from './engine.js';

const INPUT = 'in/studio.example.com.greeters.world.yaml';

const svc = serviceTest('engine-service-', engineHandlers, disposeEngineService);
const { call } = svc;

describe('engine service', () => {
  it('runs once in a worker, streams progress, and diffs the last two snapshots', async () => {
    const first = await call('run.once', {});
    expect(first.result?.success).toBe(true);
    expect(first.result?.snapshotId).toMatch(/^[0-9a-f]{16}$/);
    expect(svc.events.some((e) => e.event === 'run.progress' && e.payload.line === 'loading ...')).toBe(true);
    expect(svc.events.filter((e) => e.event === 'run.state').map((e) => e.payload.running)).toEqual([true, false]);
    expect(svc.events.some((e) => e.event === 'snapshots.changed')).toBe(true);
    expect((await call('run.result', {}))?.snapshotId).toBe(first.result?.snapshotId);

    writeFileSync(path.join(svc.dir, INPUT), readFileSync(path.join(svc.dir, INPUT), 'utf8').replace('language: en', 'language: fr'));
    const second = await call('run.once', {});
    expect(second.result?.success).toBe(true);

    const list = await call('snapshots.list', {});
    expect(list.map((s: { id: string }) => s.id)).toEqual([second.result!.snapshotId, first.result!.snapshotId]);
    const diff = await call('snapshots.diff', { from: 'previous', to: 'latest' });
    const changed = diff.items.filter((i: { status: string }) => i.status === 'modified').map((i: { kind: string; name: string }) => `${i.kind}/${i.name}`);
    expect(changed).toContain('Greeter/world');
    expect(changed).toContain('Message/world');
    expect(diff.counts.modified).toBe(changed.length);
    // the run answered the same comparison itself (one round trip per run)
    expect(first.vsPrevious).toBeUndefined();
    expect(second.vsPrevious).toMatchObject({ previous: first.result!.snapshotId, counts: diff.counts });
    expect(second.vsPrevious!.changed).toHaveLength(changed.length);
    expect(second.vsPrevious!.changed.some((id: string) => id.includes('Greeter') && id.includes('world'))).toBe(true);

    const key = diff.items.find((i: { kind: string; name: string }) => i.kind === 'Greeter' && i.name === 'world').key;
    const pair = await call('snapshots.objectPair', { from: diff.from, to: diff.to, key, hideNoise: true });
    expect(pair.left).toContain('language: en');
    expect(pair.right).toContain('language: fr');
    expect(pair.right).not.toContain('resourceVersion');
    expect(pair.right).not.toContain('managedFields');
    const noisy = await call('snapshots.objectPair', { from: diff.from, to: diff.to, key, hideNoise: false });
    expect(noisy.right).toContain('managedFields');

    const counts = await call('snapshots.counts', { ids: list.map((s: { id: string }) => s.id) });
    expect(counts[first.result!.snapshotId!]).toBeNull();
    expect(counts[second.result!.snapshotId!].modified).toBe(diff.counts.modified);

    const deps = await call('deps.tree', {});
    const greeter = deps.nodes.find((n: { kind: string; name: string }) => n.kind === 'Greeter' && n.name === 'world');
    expect(greeter.ready).toBe('True');
    expect(greeter.children.map((i: number) => deps.nodes[i].kind)).toEqual(['Message']);
    expect(deps.kindCounts).toMatchObject({ Greeter: 2, Message: 2 });
    const obj = await call('deps.object', { key: greeter.key });
    expect(obj.yaml).toContain('kind: Greeter');
  });

  it('reports a Starlark runtime error with its file and line, and the input object behind it', async () => {
    const star = 'reconcilers/studio.example.com.greeters.greeter.star';
    const src = readFileSync(path.join(svc.dir, star), 'utf8').replace('  spec = self.get("spec", {})', '  spec = self.get("spec", {})\n  boom = 1 // 0');
    writeFileSync(path.join(svc.dir, star), src);
    const res = await call('run.once', {});
    expect(res.result?.success).toBe(false);
    const err = res.result!.errors[0]!;
    expect(err.position?.file).toBe(star);
    expect(err.position?.line).toBe(src.split('\n').findIndex((l) => l.includes('boom')) + 1);
    expect(res.objectPlaces[0]?.file).toBe(INPUT);
  });

  it('answers a project that cannot load with each problem at its file, line and column', async () => {
    const star = 'reconcilers/studio.example.com.greeters.greeter.star';
    writeFileSync(path.join(svc.dir, star), 'def reconcile(self)\n  return None\n');
    writeFileSync(path.join(svc.dir, 'in/broken.yaml'), 'apiVersion: studio.example.com/v1alpha1\nkind: Greeter\nmetadata:\n  name: [x\n');
    const res = await call('run.once', {});
    expect(res.result).toBeNull();
    expect(res.loadError.message).toMatch(/cannot load/);
    expect(res.loadErrors.length).toBeGreaterThanOrEqual(1);
    for (const p of res.loadErrors) expect(p.file).toMatch(/^(in|reconcilers)\//);
    expect(res.loadError.file).toBe(res.loadErrors[0].file);
  });

  it('refuses a second run while one is in progress and explains why', async () => {
    const a = call('run.once', {});
    await expect(call('run.once', {})).rejects.toThrow(/already in progress/);
    await a;
  });

  it('answers not-found for an unknown snapshot and an empty tree before the first run', async () => {
    expect((await call('deps.tree', {})).nodes).toEqual([]);
    await expect(call('snapshots.diff', { from: 'previous', to: 'latest' })).rejects.toBeInstanceOf(HostError);
  });

  it('builds strict schemas per apiVersion/kind from crds/ and announces CRD changes', async () => {
    const { schemas } = await call('schemas.forProject', {});
    const greeter = schemas.find((s: { kind: string }) => s.kind === 'Greeter');
    expect(greeter.apiVersion).toBe('studio.example.com/v1alpha1');
    expect(greeter.file).toBe('crds/studio.example.com_greeters.yaml');
    expect(greeter.schema.properties.spec.additionalProperties).toBe(false);
    expect(greeter.schema.properties.spec.properties.name.description).toMatch(/greeting/);
    expect(schemas.some((s: { kind: string }) => s.kind === 'Reconciler')).toBe(true);
    engineServiceFor(svc.ctx); // watchers start with the service
    const crd = path.join(svc.dir, 'crds/studio.example.com_greeters.yaml');
    writeFileSync(crd, readFileSync(crd, 'utf8') + '\n');
    await waitFor(() => svc.events.some((e) => e.event === 'schemas.changed'), 'schemas.changed');
  });

  it('a project in the earlier layout (apis/ instead of crds/) gets its schemas and CRD watcher from apis/', async () => {
    renameSync(path.join(svc.dir, 'crds'), path.join(svc.dir, 'apis'));
    const { schemas } = await call('schemas.forProject', {});
    expect(schemas.find((s: { kind: string }) => s.kind === 'Greeter')?.file).toBe('apis/studio.example.com_greeters.yaml');
    const crd = path.join(svc.dir, 'apis/studio.example.com_greeters.yaml');
    writeFileSync(crd, readFileSync(crd, 'utf8') + '\n');
    await waitFor(() => svc.events.some((e) => e.event === 'schemas.changed'), 'schemas.changed');
  });

  it('checks Starlark buffers with the host builtins predeclared', async () => {
    const ok = await call('starlark.check', { file: 'a.star', text: 'def reconcile(self):\n  return reconcile_result(self, False, 0, "", "", False)\n' });
    expect(ok.markers).toEqual([]);
    const bad = await call('starlark.check', { file: 'a.star', text: 'x = 1\ndef f(:\n  pass\n' });
    expect(bad.markers[0]).toMatchObject({ line: 2, severity: 'error' });
    const undef = await call('starlark.check', { file: 'a.star', text: 'x = 1\ny = nope\n' });
    expect(undef.markers[0]).toMatchObject({ line: 2 });
    expect(undef.markers[0].message).toMatch(/nope/);
  });

  it('prod mode: live conditions, a saved input applied after validation, an invalid one refused, stop writes a snapshot', async () => {
    const status = await call('prod.start', {});
    expect(status.state).toBe('running');
    await expect(call('run.once', {})).rejects.toThrow(/Prod mode is running/);
    await waitFor(() => svc.events.some((e) => e.event === 'prod.conditionEvents' && e.payload.rows.some((r: any) => r.conditions.Ready?.status === 'True')), 'Ready rows');
    const { rows } = await call('prod.conditions', {});
    const world = rows.find((r: { kind: string; name: string }) => r.kind === 'Greeter' && r.name === 'world');
    expect(world.conditions.Ready.status).toBe('True');
    expect(rows.some((r: { kind: string }) => r.kind === 'Reconciler')).toBe(false);

    // A valid edit is applied live and the Message follows.
    svc.events.length = 0;
    writeFileSync(path.join(svc.dir, INPUT), readFileSync(path.join(svc.dir, INPUT), 'utf8').replace('language: en', 'language: de'));
    await waitFor(() => svc.events.some((e) => e.event === 'prod.inputApplied'), 'prod.inputApplied');
    const applied = svc.events.find((e) => e.event === 'prod.inputApplied')!.payload;
    expect(applied).toMatchObject({ file: INPUT, ok: true });
    await waitFor(async () => /Hallo|Guten/.test((await engineServiceFor(svc.ctx).prod.object('studio.example.com/v1alpha1|Message|default|world')).yaml), 'the German message');
    const obj = await call('prod.object', { key: world.key });
    expect(obj.exists).toBe(true);
    expect(obj.history.length).toBeGreaterThan(0);

    // An invalid edit (a language outside the enum) is refused and nothing changes.
    svc.events.length = 0;
    writeFileSync(path.join(svc.dir, INPUT), readFileSync(path.join(svc.dir, INPUT), 'utf8').replace('language: de', 'language: xx'));
    await waitFor(() => svc.events.some((e) => e.event === 'prod.inputApplied'), 'the refusal');
    const refused = svc.events.find((e) => e.event === 'prod.inputApplied')!.payload;
    expect(refused.ok).toBe(false);
    expect(refused.errors.join('\n')).toMatch(/in\/studio\.example\.com\.greeters\.world\.yaml/);
    expect((await call('prod.object', { key: world.key })).yaml).toContain('language: de');

    const stopped = await call('prod.stop', {});
    expect(stopped.snapshotId).toMatch(/^[0-9a-f]{16}$/);
    expect((await call('prod.status', {})).state).toBe('stopped');
    expect((await call('snapshots.list', {}))[0].id).toBe(stopped.snapshotId);
  });

  it('prod mode: svc.events/s counts reconciles; a saved reconciler is reported at once; a restart keeps the store', async () => {
    await call('prod.start', {});
    await waitFor(() => svc.events.some((e) => e.event === 'prod.conditionEvents' && e.payload.perSecond > 0), 'a non-zero svc.events/s');
    const { rows } = await call('prod.conditions', {});
    const world = rows.find((r: { kind: string; name: string }) => r.kind === 'Greeter' && r.name === 'world');
    const uidBefore = /uid: (\S+)/.exec((await call('prod.object', { key: world.key })).yaml)![1];
    expect((await call('prod.status', {})).codeChanged).toBeUndefined();

    svc.events.length = 0;
    const reconciler = readdirSync(path.join(svc.dir, 'reconcilers'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.star'))!;
    const rel = `reconcilers/${reconciler}`;
    writeFileSync(path.join(svc.dir, rel), `${readFileSync(path.join(svc.dir, rel), 'utf8')}\n# edited\n`);
    await waitFor(() => svc.events.some((e) => e.event === 'prod.status' && e.payload.codeChanged?.includes(rel)), 'the code-changed status');
    expect((await call('prod.status', {})).codeChanged).toEqual([rel]);

    // Restart: stop saves the store, start loads it; the same object (same uid) is there, the flag is gone.
    await call('prod.stop', {});
    const restarted = await call('prod.start', {});
    expect(restarted.state).toBe('running');
    expect(restarted.codeChanged).toBeUndefined();
    expect((await call('prod.object', { key: world.key })).yaml).toContain(`uid: ${uidBefore}`);
    await call('prod.stop', {});
  });
});
