// The delivery CLI verbs in-process (a child per verb is too slow under load): the walk build → deploy →
// secret → promote → rollback → history → logs, refusals with exit 1, usage with exit 2, --help for all.
// Deploy, promote and rollback go through the project's background host, which each test stops at its end.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectPerTest, runCliVerb } from '../../testing/cli-in-process.js';
import { makeDeliveryProject } from '../../testing/delivery-project.js';

const project = projectPerTest('choreo-delivery-cli-', makeDeliveryProject);
const choreo = (verb: string, ...args: string[]) => runCliVerb(verb, [...args, '--dir', project.root]);
// runs before projectPerTest's clean-up (after-hooks run as a stack): the background host must stop first
afterEach(async () => {
  try {
    expect((await choreo('server', 'stop')).code).toBe(0);
  } finally {
    vi.restoreAllMocks();
  }
}, 120_000);

// Each walk starts a background host and several runners: minutes on a loaded 2-core machine.
describe('choreo env|config|build|deploy|promote|rollback|history|logs', { timeout: 300_000 }, () => {
  it('walks build → deploy → secret → promote → rollback and lists the history', async () => {
    expect((await choreo('env', 'list')).stdout).toMatch(/development[\s\S]*production/);
    expect((await choreo('env', 'create', 'staging', '--position', '1')).code).toBe(0);
    expect((await choreo('env', 'list')).stdout.indexOf('staging')).toBeLessThan((await choreo('env', 'list')).stdout.indexOf('production'));
    expect((await choreo('env', 'delete', 'staging')).code).toBe(0);

    const build = await choreo('build');
    expect(build.code).toBe(0);
    const id = /build ([0-9a-f]{16})/.exec(build.stdout)![1]!;
    expect(build.stdout).toContain('api-token (secret)');

    const refused = await choreo('deploy', 'development', id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('api-token (secret)');

    expect((await choreo('config', 'set', 'all', 'api-token', 'tok-abc-123', '--secret')).code).toBe(0);
    expect((await choreo('config', 'set', 'production', 'prefix', 'P: ')).code).toBe(0);
    const list = await choreo('config', 'list');
    expect(list.stdout).toContain('****** (secret)');
    expect(list.stdout).not.toContain('tok-abc-123');

    expect((await choreo('deploy', 'development', id)).stdout).toMatch(/active, healthy/);
    expect((await choreo('promote', 'development')).stdout).toMatch(/in production: active/);
    expect((await choreo('config', 'set', 'production', 'prefix', 'Q: ')).stdout).toMatch(/redeployed production/);
    expect((await choreo('rollback', 'production')).code).toBe(0);
    expect((await choreo('rollback', 'production', '--list')).stdout).toMatch(/rollback\s+active/);

    const hist = await choreo('history', '--env', 'production', '--since', '30');
    expect(hist.stdout).toMatch(/promotion/);
    expect(hist.stdout).toMatch(/rollback/);
    expect(hist.stdout).not.toMatch(/development/);
    const exec = /^(x-\S+)\s+build/m.exec((await choreo('history', '--kind', 'build')).stdout)![1]!;
    const logs = await choreo('logs', exec);
    expect(logs.stdout).toContain('checked out');
    expect(JSON.stringify(await choreo('history', '--json'))).not.toContain('tok-abc-123');
  });

  it('deploy, promote --build and rollback take the digest `build` prints, or a prefix of it (issue 15 item 2)', async () => {
    expect((await choreo('config', 'set', 'all', 'api-token', 'tok', '--secret')).code).toBe(0);
    const first = await choreo('build');
    const digest = /^digest ([0-9a-f]{64})$/m.exec(first.stdout)![1]!;
    expect((await choreo('deploy', 'development', digest)).stdout).toMatch(/active, healthy/);
    // a second build (another commit): its digest prefix beyond the id picks it
    const { commitFile } = await import('../../testing/delivery-project.js');
    await commitFile(project.root, 'in/studio.example.com.greeters.extra.yaml', 'apiVersion: studio.example.com/v1alpha1\nkind: Greeter\nmetadata:\n  name: extra\n  namespace: default\nspec:\n  name: extra\n');
    const second = await choreo('build');
    const digest2 = /^digest ([0-9a-f]{64})$/m.exec(second.stdout)![1]!;
    const deployed = await choreo('deploy', 'development', `sha256:${digest2.slice(0, 20)}`);
    expect(deployed.stdout).toContain(`of build ${digest2.slice(0, 16)}`);
    // promote the first build, which ran healthy in development before, by its digest
    expect((await choreo('promote', 'development', '--build', digest.slice(0, 10))).stdout).toContain(`of build ${digest.slice(0, 16)} `);
    // roll development back to the first build, named by a digest prefix
    const back = await choreo('rollback', 'development', digest.slice(0, 8));
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`of build ${digest.slice(0, 16)} `);
    const unknown = await choreo('deploy', 'development', 'sha256:zz');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('is not a build reference');
  });

  it('env gitops sets, shows and removes the target; credentials come from CHOREO_GIT_*; deploy and logs show the published commit (issue 15 items 5, 6)', async () => {
    const { startGitHttpServer } = await import('../../testing/git-http-server.js');
    const { commitFile, RECONCILER } = await import('../../testing/delivery-project.js');
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { mkdirSync } = await import('node:fs');
    const run = promisify(execFile);
    mkdirSync(path.join(project.tmp, 'remotes'));
    await run('git', ['init', '-q', '--bare', path.join(project.tmp, 'remotes', 'deploy.git')]);
    const server = await startGitHttpServer({ root: path.join(project.tmp, 'remotes'), requireAuth: { username: 'ci', password: 'ci-token-123' } });
    const saved = { u: process.env.CHOREO_GIT_USERNAME, t: process.env.CHOREO_GIT_TOKEN };
    try {
      const url = `${server.url}/deploy.git`;
      expect((await choreo('env', 'gitops', 'development')).stdout).toContain('does not publish');
      expect((await choreo('env', 'gitops', 'development', 'https://u:p@example.com/x.git')).stderr).toContain('must not contain credentials');
      process.env.CHOREO_GIT_USERNAME = 'ci';
      process.env.CHOREO_GIT_TOKEN = 'ci-token-123';
      expect((await choreo('env', 'gitops', 'development', url, '--branch', 'dev')).stdout).toContain('credentials stored for its host');
      delete process.env.CHOREO_GIT_USERNAME;
      delete process.env.CHOREO_GIT_TOKEN;
      expect((await choreo('env', 'gitops', 'development')).stdout).toContain(`publishes to ${url} (branch dev)`);
      await commitFile(project.root, 'reconcilers/studio.example.com.greeters.greeter.star', RECONCILER.replace('  msg["spec"]["token"] = token\n', ''));
      expect((await choreo('config', 'set', 'all', 'api-token', 'tok-abc-123', '--secret')).code).toBe(0);
      const id = /build ([0-9a-f]{16})/.exec((await choreo('build')).stdout)![1]!;
      const deployed = await choreo('deploy', 'development', id);
      const commit = /published ([0-9a-f]{40}) on dev of /.exec(deployed.stdout)?.[1];
      expect(commit, deployed.stdout + deployed.stderr).toBeDefined();
      expect((await run('git', ['ls-remote', url.replace('http://', 'http://ci:ci-token-123@'), 'refs/heads/dev'])).stdout).toContain(commit);
      expect((await choreo('env', 'list')).stdout).toContain(`${commit!.slice(0, 12)} on dev`);
      const exec = /^(x-\S+)\s+deploy/m.exec((await choreo('history', '--kind', 'deploy')).stdout)![1]!;
      expect((await choreo('logs', exec)).stdout).toContain(`# published ${commit} on dev`);
      expect((await choreo('env', 'gitops', 'development', '--off')).stdout).toContain('no longer publishes');
    } finally {
      if (saved.u === undefined) delete process.env.CHOREO_GIT_USERNAME;
      else process.env.CHOREO_GIT_USERNAME = saved.u;
      if (saved.t === undefined) delete process.env.CHOREO_GIT_TOKEN;
      else process.env.CHOREO_GIT_TOKEN = saved.t;
      await server.close();
    }
  });

  it('answers --help for every verb and exit 2 on bad usage', async () => {
    for (const v of ['env', 'config', 'build', 'deploy', 'promote', 'rollback', 'history', 'logs']) {
      const r = await choreo(v, '--help');
      expect(r.code, v).toBe(0);
      expect(r.stdout, v).toContain(`usage: choreo ${v}`);
    }
    expect((await choreo('deploy')).code).toBe(2);
    expect((await choreo('history', '--since', 'x')).code).toBe(2);
    expect((await choreo('logs', 'x-none')).code).toBe(1);
  });
});
