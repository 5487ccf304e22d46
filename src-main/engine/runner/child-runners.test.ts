// Profile B: a child package of type `all` runs its reconcilers in its own runner before the root runner.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../../src-shared/run/format.js';
import { startGitHttpServer, type GitHttpServer } from '../../testing/git-http-server.js';
import { runOnceWithProject } from './run-once.js';
import { ANY_OBJECT, testCrdYaml } from '../../testing/crd-yaml.js';

const CRD = (kind: string, plural: string) => testCrdYaml({ kind, plural, properties: { spec: '{type: object, properties: {text: {type: string}}}', status: ANY_OBJECT } });

const CONFIG = (name: string, kind: string) => `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata: {name: ${name}}
spec:
  for: {group: example.com, version: v1alpha1, kind: ${kind}, selector: {}}
`;

function write(dir: string, files: Record<string, string>): void {
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), t);
  }
}

describe('profile B child runners', () => {
  let server: GitHttpServer;
  let tmp: string;
  let commit: string;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'choreo-child-'));
    const work = path.join(tmp, 'work');
    write(work, {
      'pkg/crds/example.com_childthings.yaml': CRD('ChildThing', 'childthings'),
      'pkg/in/a.yaml': 'apiVersion: example.com/v1alpha1\nkind: ChildThing\nmetadata: {name: c1, namespace: default}\n',
      'pkg/reconcilers/child/config.yaml': CONFIG('childthings.example.com.child', 'ChildThing'),
      'pkg/reconcilers/child/reconciler.star': 'def reconcile(self):\n  self["status"] = {"text": "from child"}\n  return reconcile_result(self, False, 0, "", False)\n',
    });
    const git = (...args: string[]) => execFileSync('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'child');
    commit = git('rev-parse', 'HEAD');
    execFileSync('git', ['clone', '-q', '--bare', work, path.join(tmp, 'srv', 'child.git')]);
    server = await startGitHttpServer({ root: path.join(tmp, 'srv') });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs the child runner first, then the root runner, each with its own summary', async () => {
    const dir = path.join(tmp, 'proj');
    write(dir, {
      'crds/example.com_rootthings.yaml': CRD('RootThing', 'rootthings'),
      'in/r.yaml': 'apiVersion: example.com/v1alpha1\nkind: RootThing\nmetadata: {name: r1, namespace: default}\n',
      'reconcilers/root/config.yaml': CONFIG('rootthings.example.com.root', 'RootThing'),
      'reconcilers/root/reconciler.star': 'def reconcile(self):\n  self["status"] = {"text": "from root"}\n  return reconcile_result(self, False, 0, "", False)\n',
      'refs/child.yaml': `apiVersion: choreo.kform.dev/v1alpha1\nkind: UpstreamRef\nmetadata: {name: kid}\nspec:\n  url: ${server.url}/child.git\n  directory: pkg\n  type: all\n  ref: {type: hash, name: ${commit}}\n`,
    });
    const progress: string[] = [];
    const { result, project } = await runOnceWithProject(dir, { persist: false, onProgress: (l) => progress.push(l) });
    expect(result.success, result.message).toBe(true);
    expect(progress.filter((l) => l.startsWith('running '))).toEqual(['running reconcilers ...', 'running child reconciler kid', 'running root reconciler proj']);
    expect(result.runners.map((r) => r.runner)).toEqual(['kid', 'root']);
    expect(new Set(result.runners[0]!.events.map((e) => e.reconciler))).toEqual(new Set(['childthings.example.com.child']));
    expect(formatRunSummary(result).filter((l) => l.startsWith('Run '))).toEqual(['Run kid summary', 'Run root summary']);
    expect(project.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'ChildThing' }, 'default', 'c1').status).toEqual({ text: 'from child' });
    expect(project.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'RootThing' }, 'default', 'r1').status).toEqual({ text: 'from root' });
  });
});
