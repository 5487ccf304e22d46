// The data verbs on a project whose store is etcd (issue 16 item 1: everything runs unchanged on either
// store): after a run once on etcd, `choreo get`, `api-resources` and `run deps` read what etcd holds and
// print what they print for the same run on the file store; `get --store` overrides .choreo/config.yaml.
// Before, they read .choreo/db, which an etcd run never writes: an empty or stale answer, silently.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/capture-output.js';
import { etcdForTests } from '../../testing/etcd-cluster-hooks.js';
import { haveSharedExamples, sharedExample, tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { runOnceWithProject } from '../../engine/index.js';
import { apiResourcesCommand } from './api-resources.js';
import { getCommand } from './get.js';
import { runCommand } from './run.js';

const server = etcdForTests();
const projects = tempProjects('choreo-data-etcd-');
afterAll(() => projects.cleanup());
let cap: ReturnType<typeof captureOutput> | undefined;
afterEach(() => cap?.restore());

async function choreo(run: (args: string[]) => Promise<number>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  cap?.restore();
  cap = captureOutput();
  const code = await run(args);
  cap.restore();
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

/** uids, times and resourceVersions differ between two runs of the same project: mask them. */
const masked = (yaml: string) => yaml.replace(/^([\s-]*(uid|resourceVersion|creationTimestamp|time|lastTransitionTime|generation)): .*$/gm, '$1: X');

describe.skipIf(!haveSharedExamples)('get, api-resources and run deps on the etcd store', () => {
  it('print what they print for the same run on the file store; --store overrides the config', async () => {
    const url = server.cluster.url('/data-verbs');
    const onFile = projects.copyOf(sharedExample('greeting'), { folder: 'greeting', without: ['db'] });
    const onEtcd = projects.copyOf(sharedExample('greeting'), { folder: 'greeting', without: ['db'] });
    writeProjectFiles(onEtcd, { '.choreo/config.yaml': `store: ${url}\n` });
    for (const dir of [onFile, onEtcd]) {
      const run = await runOnceWithProject(dir);
      expect(run.result.success, run.result.message).toBe(true);
    }
    expect((await runOnceWithProject(onEtcd)).result.progress).toContain(`store ${url}`); // a second run: the kept state

    const both = async (run: (args: string[]) => Promise<number>, ...args: string[]) => {
      const f = await choreo(run, ...args, '--dir', onFile);
      const e = await choreo(run, ...args, '--dir', onEtcd);
      expect(f.code, f.stderr).toBe(0);
      expect(e.code, e.stderr).toBe(0);
      return { file: f.stdout, etcd: e.stdout };
    };
    const list = await both(getCommand.run, 'greetings.example.com');
    expect(list.file).toMatch(/^Greeting\.example\.com\/v1alpha1 \S+/m);
    expect(list.etcd).toBe(list.file);
    const yaml = await both(getCommand.run, 'helloworlds.example.com', '-o', 'yaml');
    expect(yaml.file).toContain('kind: HelloWorldList');
    expect(masked(yaml.etcd)).toBe(masked(yaml.file));
    const apis = await both(apiResourcesCommand.run);
    expect(apis.etcd).toBe(apis.file);
    const deps = await both((a) => runCommand.run(['deps', ...a]));
    expect(deps.file.trim()).not.toBe('');
    expect(deps.etcd).toBe(deps.file);

    // --store file on the etcd project reads its .choreo/db, which an etcd run leaves without objects
    const local = await choreo(getCommand.run, 'greetings.example.com', '--store', 'file', '--dir', onEtcd);
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toBe('');
    // and a bad --store is a usage error naming the flag
    const bad = await choreo(getCommand.run, 'greetings.example.com', '--store', 'etcd://nowhere', '--dir', onEtcd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--store: "nowhere" is not HOST:PORT');
  }, 120_000);
});
