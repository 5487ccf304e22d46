// The etcd store behind TLS and authentication (issue 16 item 1: "TLS and auth options come from the
// client"): a real etcd member that serves clients over TLS only, asks for a client certificate and has auth
// enabled; a project's `.choreo/config.yaml` names the CA, the client certificate and key (relative to the
// project) and the user, whose password comes from an environment variable. A run once on it succeeds and
// its objects are in etcd; a wrong password, a missing client certificate, a missing file and plain HTTP are
// errors that say what failed.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireEtcdForTests, startEtcdCluster, type EtcdCluster } from '../../../testing/etcd-cluster.js';
import { makeTestPki, type TestPki } from '../../../testing/test-pki.js';
import { haveSharedExamples, sharedExample, tempProjects, writeProjectFiles } from '../../../testing/temp-projects.js';
import { runOnceWithProject } from '../../runner/run-once.js';
import { connectEtcd } from './client.js';
import { resolveStoreSelection, type EtcdStoreConfig } from './config.js';

requireEtcdForTests();
const projects = tempProjects('choreo-etcd-tls-');
const PASSWORD_ENV = 'CHOREO_TEST_ETCD_TLS_PASSWORD';
const PASSWORD = 'open sesame';
let cluster: EtcdCluster;
let pkiDir: string;
let pki: TestPki;

beforeAll(async () => {
  pkiDir = projects.emptyDir();
  pki = makeTestPki(pkiDir, 'root');
  cluster = await startEtcdCluster({ tls: { ca: pki.ca, cert: pki.serverCert, key: pki.serverKey } });
  // auth on: a root user (etcd wants one, with the root role, before auth can be enabled)
  const admin = await connectEtcd(config({ tls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey } }), { check: false });
  try {
    await admin.user('root').create(PASSWORD);
    await admin.user('root').addRole('root');
    await admin.auth.authEnable();
  } finally {
    admin.close();
  }
  process.env[PASSWORD_ENV] = PASSWORD;
}, 60_000);
afterAll(async () => {
  delete process.env[PASSWORD_ENV];
  await cluster?.stop();
  projects.cleanup();
});

function config(extra: Partial<EtcdStoreConfig>): EtcdStoreConfig {
  return { endpoints: [cluster.members[0]!.endpoint], prefix: '/registry', environment: 'prod', leaseSeconds: 15, ...extra };
}

/** The greeting example with a `store:` entry in .choreo/config.yaml; `pki/` holds copies of the test CA's files. */
function greetingWith(store: string): string {
  const dir = projects.copyOf(sharedExample('greeting'), { folder: 'greeting', without: ['db'] });
  mkdirSync(path.join(dir, 'pki'));
  for (const f of ['ca.crt', 'client.crt', 'client.key']) writeProjectFiles(path.join(dir, 'pki'), { [f]: readText(path.join(pkiDir, f)) });
  writeProjectFiles(dir, { '.choreo/config.yaml': store });
  return dir;
}
const readText = (file: string) => readFileSync(file, 'utf8');

const storeEntry = (opts: { prefix: string; tls?: string; auth?: string }) =>
  `store:\n  url: etcd://${cluster.members[0]!.endpoint}${opts.prefix}\n` +
  `  tls: ${opts.tls ?? '{ ca: pki/ca.crt, cert: pki/client.crt, key: pki/client.key }'}\n` +
  `  auth: ${opts.auth ?? `{ username: root, passwordEnv: ${PASSWORD_ENV} }`}\n`;

/** The error a run once gives (its load error, or its failed result's message). */
async function runError(dir: string): Promise<string> {
  try {
    const run = await runOnceWithProject(dir);
    expect(run.result.success, 'the run should have failed').toBe(false);
    return run.result.message;
  } catch (e) {
    return (e as Error).message;
  }
}

describe.skipIf(!haveSharedExamples)('the etcd store over TLS with authentication', () => {
  it("runs once with the CA, client certificate and user of .choreo/config.yaml; the objects are in etcd", async () => {
    const dir = greetingWith(storeEntry({ prefix: '/tls-ok' }));
    const run = await runOnceWithProject(dir);
    expect(run.result.success, run.result.message).toBe(true);
    expect(run.result.progress).toContain(`store etcd://${cluster.members[0]!.endpoint}/tls-ok`);

    const sel = await resolveStoreSelection(dir);
    if (sel.kind !== 'etcd') throw new Error('not etcd');
    const client = await connectEtcd(sel.etcd);
    try {
      const keys = await client.getAll().prefix('/tls-ok/').keys();
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.length).toBeGreaterThanOrEqual(run.project.store.size());
    } finally {
      client.close();
    }
  }, 120_000);

  it('a wrong password, no client certificate, plain HTTP or a missing file: an error that says so', async () => {
    process.env.CHOREO_TEST_ETCD_TLS_WRONG = 'not the password';
    try {
      expect(await runError(greetingWith(storeEntry({ prefix: '/tls-bad', auth: '{ username: root, passwordEnv: CHOREO_TEST_ETCD_TLS_WRONG }' })))).toMatch(/authentication failed/i);
    } finally {
      delete process.env.CHOREO_TEST_ETCD_TLS_WRONG;
    }
    const noClientCert = await runError(greetingWith(storeEntry({ prefix: '/tls-bad', tls: '{ ca: pki/ca.crt }' })));
    expect(noClientCert).toContain(`etcd at ${cluster.members[0]!.endpoint} does not answer`);
    expect(noClientCert).toContain('and store.tls when etcd serves TLS');
    const plain = await runError(greetingWith(`store:\n  url: etcd://${cluster.members[0]!.endpoint}/tls-bad\n  auth: { username: root, passwordEnv: ${PASSWORD_ENV} }\n`));
    expect(plain).toContain(`etcd at ${cluster.members[0]!.endpoint} does not answer`);
    const missing = await runError(greetingWith(storeEntry({ prefix: '/tls-bad', tls: '{ ca: pki/nope.crt, cert: pki/client.crt, key: pki/client.key }' })));
    expect(missing).toMatch(/store\.tls\.ca: cannot read .*pki\/nope\.crt \(ENOENT\)/);
  }, 120_000);
});
