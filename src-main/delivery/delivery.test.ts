// Delivery rules end to end on a real git project (the hello-world example reading config()/secret()).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOnce } from '../engine/index.js';
import { rejectionOf } from '../testing/rejection.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { inProcessDeliveryRunners } from '../testing/in-process-runners.js';
import { Delivery } from './delivery.js';
import { allFilesUnder, commitFile, makeDeliveryProject, RECONCILER } from '../testing/delivery-project.js';
import { DeliveryError } from './types.js';

const SECRET = 'S3cr3t-t0ken-4711';
const MESSAGE = { group: 'studio.example.com', version: 'v1alpha1', kind: 'Message' };
const GREETER = { ...MESSAGE, kind: 'Greeter' };

let tmp: { dir: string; cleanup: () => void };
let root: string;
let appData: string;
let commit: string;
let delivery: Delivery;

async function open(): Promise<Delivery> {
  const d = await Delivery.open({ projectRoot: root, appDataDir: appData, offline: true, runners: inProcessDeliveryRunners() });
  await d.updateSettings({ healthTimeoutMs: 1500 });
  return d;
}

beforeEach(async () => {
  tmp = makeTempDir('choreo-delivery-');
  root = path.join(tmp.dir, 'project');
  appData = path.join(tmp.dir, 'app');
  commit = (await makeDeliveryProject(root)).commit;
  delivery = await open();
});

afterEach(async () => {
  await delivery.close();
  tmp.cleanup();
});

const refused = (p: Promise<unknown>): Promise<DeliveryError> => rejectionOf(p, DeliveryError);

describe('environments', () => {
  it('has development and production by default; add, rename, order, delete', async () => {
    expect((await delivery.environments.list()).map((e) => e.id)).toEqual(['development', 'production']);
    await delivery.createEnvironment('staging', 1);
    expect((await delivery.environments.list()).map((e) => e.id)).toEqual(['development', 'staging', 'production']);
    expect((await delivery.environments.next('development'))?.id).toBe('staging');
    await delivery.renameEnvironment('staging', 'Staging EU');
    expect((await delivery.environments.get('staging eu')).id).toBe('staging');
    await delivery.reorderEnvironments(['staging', 'development', 'production']);
    expect((await delivery.environments.list())[0]!.id).toBe('staging');
    await delivery.deleteEnvironment('staging');
    expect((await delivery.environments.list()).map((e) => e.id)).toEqual(['development', 'production']);
    expect((await refused(delivery.createEnvironment('all'))).code).toBe('invalid');
    expect((await refused(delivery.environments.get('qa'))).message).toContain('Known: development, production');
  });
});

describe('builds', () => {
  it('builds the commit, not the working tree; two builds of one commit have one digest and one artifact', async () => {
    // an uncommitted edit that would break the build must not be seen
    writeFileSync(path.join(root, 'reconcilers', 'studio.example.com.greeters.greeter.star'), 'def reconcile(self):\n  return undefined_name\n');
    const a = await delivery.build('HEAD');
    expect(a.status).toBe('succeeded');
    expect(a.commit).toBe(commit);
    expect(a.objectCount).toBeGreaterThan(0);
    const b = await delivery.build(commit.slice(0, 10));
    expect(b.digest).toBe(a.digest);
    expect(b.id).toBe(a.id);
    expect((await delivery.listBuilds()).filter((x) => x.commit === commit)).toHaveLength(1);
    expect(existsSync(path.join(delivery.paths.builds, a.id, 'project', 'reconcilers', 'studio.example.com.greeters.greeter.star'))).toBe(true);
    expect(readFileSync(path.join(delivery.paths.builds, a.id, 'project', 'reconcilers', 'studio.example.com.greeters.greeter.star'), 'utf8')).toBe(RECONCILER);
    const snap = JSON.parse(readFileSync(path.join(delivery.paths.builds, a.id, 'snapshot.json'), 'utf8'));
    expect(snap.objects.some((o: { kind: string }) => o.kind === 'Message')).toBe(true);
  });

  it('records the keys the code uses (static scan + runtime) with required flags', async () => {
    const b = await delivery.build();
    const keys = Object.fromEntries(b.keys.map((k) => [`${k.kind}:${k.key}`, k]));
    expect(keys['secret:api-token']?.required).toBe(true);
    expect(keys['config:prefix']?.required).toBe(false);
    expect(keys['config:mode']?.required).toBe(false);
    expect(keys['secret:api-token']?.where.some((w) => /greeter\.star:\d+:\d+/.test(w))).toBe(true);
  });

  it('a failing check is recorded as a failed build with findings and cannot be deployed', async () => {
    const bad = await commitFile(root, 'reconcilers/studio.example.com.greeters.greeter.star', RECONCILER.replace('greeting_text(language', 'greting_text(language'));
    const b = await delivery.build('HEAD');
    expect(b.status).toBe('failed');
    expect(b.commit).toBe(bad);
    expect(b.findings.some((f) => f.severity === 'error' && /greting_text/.test(f.message) && /greeter\.star:\d+:\d+/.test(f.where ?? ''))).toBe(true);
    const log = (await delivery.logs(b.executionId)).log;
    expect(log).toContain('greting_text');
    const e = await refused(delivery.deploy('development', b.id));
    expect(e.code).toBe('build-failed');
  });

  it('an input that breaks its schema fails the check', async () => {
    const p = 'in/studio.example.com.greeters.world.yaml';
    await commitFile(root, p, readFileSync(path.join(root, p), 'utf8').replace('language: en', 'language: xx'));
    const b = await delivery.build();
    expect(b.status).toBe('failed');
    expect(b.findings.map((f) => f.message).join('\n')).toMatch(/xx|enum|language/);
  });
});

describe('configuration, secrets and deploy', () => {
  it('refuses a deploy that lacks required keys, lists them, then deploys; secrets never reach disk in clear', async () => {
    const b = await delivery.build();
    const e = await refused(delivery.deploy('development', b.id));
    expect(e.code).toBe('missing-keys');
    expect(e.details.missingKeys).toEqual(['api-token (secret)']);
    expect(e.message).toContain('api-token');

    await delivery.setConfig('all', 'prefix', '>> ', false);
    await delivery.setConfig('development', 'api-token', SECRET, true);
    const d = await delivery.deploy('development', b.id);
    expect(d.status).toBe('active');
    expect(d.health?.healthy).toBe(true);
    expect(d.config).toEqual({ prefix: '>> ' });
    expect(d.secretKeys).toEqual(['api-token']);

    // the runner really got the values (in memory), views and files get them redacted
    const live = delivery.runnerOf('development')!;
    const msg = (await live.list([MESSAGE]))[0]![0] as unknown as { spec: { text: string; token: string } };
    expect(msg.spec.token).toBe(SECRET);
    expect(msg.spec.text.startsWith('>> ')).toBe(true);
    expect(JSON.stringify(await delivery.readObjects('development'))).not.toContain(SECRET);
    expect(JSON.stringify(await delivery.readObjects('development'))).toContain('«redacted»');
    expect(await delivery.listConfig('development')).toEqual([expect.objectContaining({ key: 'api-token', secret: true })]);
    expect((await delivery.listConfig('development'))[0]!.value).toBeUndefined();
    await delivery.close();

    const files = allFilesUnder(path.join(root, '.choreo'), appData);
    expect(files.length).toBeGreaterThan(5);
    expect(files.some((f) => f.endsWith('delivery-secrets.json'))).toBe(true);
    for (const f of files) expect(readFileSync(f).includes(SECRET), f).toBe(false);
    expect(statSync(path.join(appData, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('a configuration change makes a new deployment; old ones stay listed; rollback restores build and config', async () => {
    const b = await delivery.build();
    await delivery.setConfig('development', 'api-token', SECRET, true);
    const d1 = await delivery.deploy('development', b.id);
    const { redeployed } = await delivery.setConfig('development', 'prefix', 'v2 ', false);
    expect(redeployed).toHaveLength(1);
    const list = await delivery.deployments('development');
    expect(list.map((d) => d.status)).toEqual(['active', 'superseded']);
    expect(list[0]!.config).toEqual({ prefix: 'v2 ' });
    expect(list[1]!.id).toBe(d1.id);
    expect(list[1]!.config).toEqual({});

    const r = await delivery.rollback('development');
    expect(r.rollbackOf).toBe(d1.id);
    expect(r.config).toEqual({});
    const msg = (await delivery.runnerOf('development')!.list([MESSAGE]))[0]![0] as unknown as { spec: { text: string } };
    expect(msg.spec.text.startsWith('v2')).toBe(false);
    expect((await delivery.overview())[0]!.active?.id).toBe(r.id);
  });

  it('environments are isolated: input applied in development does not reach production', async () => {
    const b = await delivery.build();
    await delivery.setConfig('all', 'api-token', SECRET, true);
    await delivery.deploy('development', b.id);
    await delivery.deploy('production', b.id);
    const dev = delivery.runnerOf('development')!;
    const prod = delivery.runnerOf('production')!;
    expect(dev).not.toBe(prod);
    await dev.applyInput([{ apiVersion: 'studio.example.com/v1alpha1', kind: 'Greeter', metadata: { name: 'only-dev', namespace: 'default' }, spec: { name: 'dev' } }]);
    await dev.whenIdle();
    const names = async (r: typeof dev) => (await r.list([GREETER]))[0]!.map((o) => o.metadata.name);
    expect(await names(dev)).toContain('only-dev');
    expect(await names(prod)).not.toContain('only-dev');
  });
});

describe('promotion', () => {
  it('health-checks with the target configuration; refuses when unhealthy; the target serves reads without a gap', async () => {
    const b = await delivery.build();
    await delivery.setConfig('all', 'api-token', SECRET, true);
    await delivery.setConfig('production', 'prefix', 'prod: ', false);
    await delivery.deploy('development', b.id);
    const first = await delivery.deploy('production', b.id);

    // a newer build in development
    await commitFile(root, 'in/studio.example.com.greeters.extra.yaml', 'apiVersion: studio.example.com/v1alpha1\nkind: Greeter\nmetadata:\n  name: extra\n  namespace: default\nspec:\n  name: extra\n');
    const b2 = await delivery.build();
    await delivery.deploy('development', b2.id);

    let reads = 0;
    let gaps = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const objs = await delivery.readObjects('production');
        reads++;
        if (!objs.some((o) => o.kind === 'Message')) gaps++;
        await new Promise((r) => setImmediate(r));
      }
    })();

    // unhealthy with production's configuration: refused, old deployment untouched
    await delivery.setConfig('production', 'mode', 'broken', false, { redeploy: false });
    const e = await refused(delivery.promote('development', 'production'));
    expect(e.code).toBe('unhealthy');
    expect(e.details.health?.failing.map((f) => f.resource)).toContain('Greeter/default/world');
    expect(e.message).toContain('Ready=False');
    expect((await delivery.overview()).find((o) => o.env.id === 'production')!.active!.id).toBe(first.id);
    expect((await delivery.readObjects('production')).some((o) => o.metadata.name === 'extra')).toBe(false);

    await delivery.unsetConfig('production', 'mode', { redeploy: false });
    const promoted = await delivery.promote('development');
    expect(promoted.env).toBe('production');
    expect(promoted.buildId).toBe(b2.id);
    reading = false;
    await reader;
    expect(reads).toBeGreaterThan(10);
    expect(gaps).toBe(0);
    expect((await delivery.readObjects('production')).some((o) => o.metadata.name === 'extra')).toBe(true);
    const deps = await delivery.deployments('production');
    expect(deps.map((d) => d.status)).toEqual(['active', 'refused', 'superseded']);

    const kinds = (await delivery.listHistory()).map((x) => x.kind);
    for (const k of ['build', 'deploy', 'health-check', 'promotion', 'prod-session']) expect(kinds).toContain(k);
    const diff = await delivery.previewDiff(b.id, b2.id);
    expect(diff.items.some((i) => i.name === 'extra' && i.status === 'added')).toBe(true);
  });
});

describe('promotion refusals', () => {
  it('refuses to promote into an environment that lacks a required key, naming it; nothing runs there', async () => {
    const b = await delivery.build();
    await delivery.setConfig('development', 'api-token', SECRET, true);
    await delivery.deploy('development', b.id);
    const e = await refused(delivery.promote('development'));
    expect(e.code).toBe('missing-keys');
    expect(e.details.missingKeys).toEqual(['api-token (secret)']);
    expect(e.message).toContain('production');
    expect(delivery.runnerOf('production')).toBeUndefined();
    const promotion = (await delivery.listHistory({ kind: 'promotion' }))[0]!;
    expect(promotion.status).toBe('failed');
    expect((await delivery.logs(promotion.id)).log).toContain('api-token');
  });
});

describe('auto build', () => {
  it('builds each new commit and deploys a successful build to development', async () => {
    await delivery.setConfig('all', 'api-token', SECRET, true);
    await delivery.updateSettings({ autoBuild: true });
    expect(await delivery.autoBuildTick()).toBeUndefined(); // first look: remembers HEAD
    const c = await commitFile(root, 'README.md', 'changed\n');
    const r = await delivery.autoBuildTick();
    expect(r?.build?.commit).toBe(c);
    expect(r?.deployment?.env).toBe('development');
    expect(r?.deployment?.trigger).toBe('commit');
    expect(await delivery.autoBuildTick()).toBeUndefined();
  });
});

describe('history', () => {
  it('records executions with logs, survives a restart, counts 30 days, and honours retention', async () => {
    const b = await delivery.build();
    await delivery.close();
    delivery = await open();
    const all = await delivery.listHistory();
    const rec = all.find((x) => x.id === b.executionId)!;
    expect(rec).toMatchObject({ kind: 'build', trigger: 'manual', commit, dirty: false, status: 'succeeded', buildId: b.id });
    expect(rec.durationMs).toBeGreaterThanOrEqual(0);
    expect((await delivery.logs(rec.id)).log).toContain('checked out');
    expect(await delivery.history.count(30)).toBe(all.length);

    // an old record is dropped by retention
    const file = delivery.paths.historyFile;
    const old = { op: 'start', execution: { ...rec, id: 'x-old', startedAt: '2001-01-01T00:00:00.000Z' } };
    writeFileSync(file, JSON.stringify(old) + '\n' + readFileSync(file, 'utf8'));
    expect((await delivery.listHistory({ sinceDays: 30 })).some((x) => x.id === 'x-old')).toBe(false);
    expect((await delivery.listHistory()).some((x) => x.id === 'x-old')).toBe(true);
    expect(await delivery.history.prune(30)).toBe(1);
    expect((await delivery.listHistory()).some((x) => x.id === 'x-old')).toBe(false);
  });
});

describe('cancel and dev runs', () => {
  it('a build can be cancelled: no artifact, execution recorded as cancelled', async () => {
    const abort = new AbortController();
    const e = await refused(delivery.build('HEAD', { signal: abort.signal, onStart: () => abort.abort() }));
    expect(e.code).toBe('cancelled');
    expect(await delivery.listBuilds()).toEqual([]);
    expect((await delivery.listHistory({ kind: 'build' }))[0]!.status).toBe('cancelled');
    expect(readdirSync(delivery.paths.tmp)).toEqual([]);
  });

  it('a deploy can be cancelled before the switch: the environment keeps its deployment', async () => {
    const b = await delivery.build();
    await delivery.setConfig('all', 'api-token', SECRET, true);
    const first = await delivery.deploy('development', b.id);
    const e = await refused(delivery.deploy('development', b.id, { onStart: (id) => delivery.cancel(id) }));
    expect(e.code).toBe('cancelled');
    expect((await delivery.overview())[0]!.active!.id).toBe(first.id);
    expect((await delivery.readObjects('development')).some((o) => o.kind === 'Message')).toBe(true);
    expect((await delivery.listHistory({ kind: 'deploy' }))[0]!.status).toBe('cancelled');
  });

  it('a deploy waiting for its turn can be cancelled while it waits; the one in progress and later ones deploy', async () => {
    const b = await delivery.build();
    await delivery.setConfig('all', 'api-token', SECRET, true);
    let waiting: Promise<unknown> | undefined;
    // the second deploy starts while the first holds the environment's turn, and is cancelled as it starts
    const first = delivery.deploy('development', b.id, {
      onStart: () => void (waiting = refused(delivery.deploy('development', b.id, { onStart: (id) => delivery.cancel(id) }))),
    });
    const firstDeployment = await first;
    const e = (await waiting) as DeliveryError;
    expect(e.code).toBe('cancelled');
    expect(e.message).toMatch(/while waiting/);
    const deploys = await delivery.listHistory({ kind: 'deploy' });
    const cancelled = deploys.find((x) => x.status === 'cancelled')!;
    expect((await delivery.logs(cancelled.id)).log).toMatch(/cancelled while waiting for the deployment in progress in development/);
    expect((await delivery.deployments('development')).map((d) => d.id)).toEqual([firstDeployment.id]);
    const third = await delivery.deploy('development', b.id);
    expect((await delivery.overview())[0]!.active!.id).toBe(third.id);
  });

  it('dev runs (run once) join the history once, with commit, dirty flag and log', async () => {
    writeFileSync(path.join(root, 'README.md'), 'local edit\n');
    expect((await runOnce(root, { offline: true })).success).toBe(true);
    const rec = await delivery.importLastRun();
    expect(rec).toMatchObject({ kind: 'run', trigger: 'manual', commit, dirty: true, status: 'succeeded' });
    expect(await delivery.importLastRun()).toBeUndefined();
    expect((await delivery.logs(rec!.id)).log).toContain('execution success');
  });
});
