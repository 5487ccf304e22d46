// Builds pin upstream refs: a tag is resolved to its commit when building, the clone travels inside the
// artifact (deployments run offline from it), and moving the tag changes the next build's digest while
// only the latest build of the commit is kept.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGit } from '../testing/git-fixture.js';
import { startGitHttpServer, type GitHttpServer } from '../testing/git-http-server.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { inProcessDeliveryRunners } from '../testing/in-process-runners.js';
import { Delivery } from './delivery.js';
import { commitFile, makeDeliveryProject } from '../testing/delivery-project.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: extras.extra.example.com
spec:
  group: extra.example.com
  names: {kind: Extra, listKind: ExtraList, plural: extras, singular: extra}
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
const extra = (name: string) => `apiVersion: extra.example.com/v1alpha1\nkind: Extra\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  n: 1\n`;

describe('upstream refs in builds', () => {
  let tmp: { dir: string; cleanup: () => void };
  let server: GitHttpServer;
  let root: string;
  let up: string;
  let delivery: Delivery;

  beforeEach(async () => {
    tmp = makeTempDir('choreo-delivery-up-');
    const served = path.join(tmp.dir, 'served');
    mkdirSync(served);
    await runGit(['init', '-q', '--bare', '-b', 'main', path.join(served, 'up.git')]);
    server = await startGitHttpServer({ root: served });
    // the upstream package: a CRD and one input object in pkg/, tagged v1
    up = path.join(tmp.dir, 'up');
    mkdirSync(path.join(up, 'pkg', 'crds'), { recursive: true });
    mkdirSync(path.join(up, 'pkg', 'in'), { recursive: true });
    writeFileSync(path.join(up, 'pkg', 'crds', 'extra.example.com_extras.yaml'), CRD);
    writeFileSync(path.join(up, 'pkg', 'in', 'extra.example.com.extras.one.yaml'), extra('one'));
    await runGit(['init', '-q', '-b', 'main'], up);
    await runGit(['add', '-A'], up);
    await runGit(['commit', '-q', '-m', 'v1'], up);
    await runGit(['tag', 'v1'], up);
    await runGit(['push', '-q', path.join(served, 'up.git'), 'main', '--tags'], up);

    root = (await makeDeliveryProject(path.join(tmp.dir, 'p'))).dir;
    await commitFile(
      root,
      'refs/choreo.kform.dev.upstreamrefs.extra.yaml',
      'apiVersion: choreo.kform.dev/v1alpha1\nkind: UpstreamRef\nmetadata:\n  name: extra\nspec:\n  url: https://git.example.invalid/up.git\n  directory: pkg\n  ref:\n    type: tag\n    name: v1\n',
    );
    mkdirSync(path.join(root, '.choreo'), { recursive: true });
    writeFileSync(path.join(root, '.choreo', 'config.yaml'), `urlRewrites:\n- from: https://git.example.invalid/\n  to: ${server.url}/\n`);
    delivery = await Delivery.open({ projectRoot: root, appDataDir: path.join(tmp.dir, 'app'), runners: inProcessDeliveryRunners() });
    await delivery.updateSettings({ healthTimeoutMs: 2000 });
  });

  afterEach(async () => {
    await delivery.close();
    await server.close();
    tmp.cleanup();
  });

  it('pins the tag to its commit, deploys offline from the artifact, rebuilds when the tag moves', async () => {
    const v1 = await runGit(['rev-parse', 'v1'], up);
    const b1 = await delivery.build();
    expect(b1.status, b1.message + JSON.stringify(b1.findings)).toBe('succeeded');
    expect(b1.refs).toEqual([{ name: 'extra', url: 'https://git.example.invalid/up.git', ref: 'v1', commit: v1 }]);

    await delivery.setConfig('all', 'api-token', 'tok-upstream-42', true);
    await delivery.deploy('development', b1.id);
    const names = async () => (await delivery.readObjects('development')).filter((o) => o.kind === 'Extra').map((o) => o.metadata.name).sort();
    expect(await names()).toEqual(['one']);

    // the tag moves upstream: the same project commit now builds to another digest; one build per commit kept
    writeFileSync(path.join(up, 'pkg', 'in', 'extra.example.com.extras.two.yaml'), extra('two'));
    await runGit(['add', '-A'], up);
    await runGit(['commit', '-q', '-m', 'v1 moved'], up);
    await runGit(['tag', '-f', 'v1'], up);
    await runGit(['push', '-q', '-f', path.join(tmp.dir, 'served', 'up.git'), 'main', '--tags'], up);
    const v1b = await runGit(['rev-parse', 'v1'], up);
    const b2 = await delivery.build();
    expect(b2.commit).toBe(b1.commit);
    expect(b2.refs[0]!.commit).toBe(v1b);
    expect(b2.digest).not.toBe(b1.digest);
    expect((await delivery.listBuilds()).map((b) => b.id)).toEqual([b2.id]);
    // the running deployment was built from its own copy and is untouched
    expect(await names()).toEqual(['one']);
  });
});
