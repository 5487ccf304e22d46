import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHttpServer, type GitHttpServer } from '../../testing/git-http-server.js';
import type { UpstreamRefDef } from '../loader/types.js';
import { cloneDirFor, packageAt, resolveUpstreamRepo, upstreamOrigin, type ResolvedUpstream, type UpstreamOptions } from './upstream.js';
import { parseRewriteEnv, readUrlRewrites, rewriteUrl } from './url-rewrite.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundle = path.resolve(repoRoot, '../shared/conformance/choreo-examples/choreo-examples.bundle');
const haveShared = existsSync(bundle);
const GITHUB = 'https://github.com/kform-dev/choreo-examples.git';
const PINNED = 'd8a3ca6ea40d938d70de58921581c3b0448284cb';

function refDef(over: Partial<UpstreamRefDef> = {}): UpstreamRefDef {
  return {
    name: 'greeting',
    url: GITHUB,
    directory: 'greeting-ref',
    ref: { type: 'hash', name: PINNED },
    type: 'all',
    includes: [],
    object: { apiVersion: 'choreo.kform.dev/v1alpha1', kind: 'UpstreamRef', metadata: { name: 'greeting' } },
    origin: { file: 'refs/choreo.kform.dev.upstreamrefs.topology.yaml' },
    ...over,
  };
}

/** The package a ref names, resolved (clone/fetch as needed). */
async function resolveRefs(projectDir: string, refs: UpstreamRefDef[], opts: UpstreamOptions): Promise<ResolvedUpstream[]> {
  const out: ResolvedUpstream[] = [];
  for (const r of refs) out.push(packageAt(await resolveUpstreamRepo(projectDir, r, opts), r));
  return out;
}

describe('url rewrites', () => {
  it('uses the longest matching prefix', () => {
    const rw = [
      { from: 'https://github.com/', to: 'http://a/' },
      { from: 'https://github.com/kform-dev/', to: 'http://b/' },
    ];
    expect(rewriteUrl(GITHUB, rw)).toBe('http://b/choreo-examples.git');
    expect(rewriteUrl('https://gitlab.com/x.git', rw)).toBe('https://gitlab.com/x.git');
  });
  it('reads .choreo/config.yaml and CHOREO_URL_REWRITE', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-rw-'));
    await mkdir(path.join(dir, '.choreo'));
    await writeFile(path.join(dir, '.choreo/config.yaml'), 'urlRewrites:\n- from: https://x/\n  to: http://y/\n');
    expect(await readUrlRewrites(dir, { CHOREO_URL_REWRITE: 'https://a/=http://b/;https://x/=http://z/' })).toEqual([
      { from: 'https://x/', to: 'http://z/' },
      { from: 'https://a/', to: 'http://b/' },
    ]);
    expect(() => parseRewriteEnv('nonsense')).toThrow('is not from=to');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!haveShared)('upstream refs against a local git smart-HTTP server (needs ../shared)', () => {
  let server: GitHttpServer;
  let root: string;
  let project: string;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'choreo-git-'));
    execFileSync('git', ['clone', '-q', '--mirror', bundle, path.join(root, 'kform-dev/choreo-examples.git')]);
    execFileSync('git', ['--git-dir', path.join(root, 'kform-dev/choreo-examples.git'), 'tag', '-a', '-m', 'pinned', 'v-pinned', PINNED]);
    server = await startGitHttpServer({ root });
    project = mkdtempSync(path.join(os.tmpdir(), 'choreo-proj-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  it('clones at the pinned hash, reads the child from the commit, reuses the clone', async () => {
    const rewrites = [{ from: 'https://github.com/', to: `${server.url}/` }];
    const progress: string[] = [];
    const [child] = await resolveRefs(project, [refDef()], { rewrites, onProgress: (l) => progress.push(l) });
    expect(child!.commit).toBe(PINNED);
    expect(child!.cloneDir).toBe(cloneDirFor(project, GITHUB));
    expect(child!.cloneDir).toContain(path.join('.choreo', 'refs', 'https---github.com-kform-dev-choreo-examples.git'));
    expect(child!.origin).toBe(upstreamOrigin(GITHUB, PINNED));
    expect(child!.origin).toBe(`{"kind":"Upstream","url":"${GITHUB}","ref":"${PINNED}"}`);
    const crds = (await child!.fs.list('crds')).map((e) => e.name).sort();
    expect(crds).toEqual(['example.com_greetings.yaml', 'example.com_helloworlds.yaml']);
    const inFiles = (await child!.fs.list('in')).map((e) => e.name);
    expect(inFiles).toContain('choreo.kform.dev.reconciler.example.com.helloworlds.helloworld.yaml');
    expect(await child!.fs.read('in/choreo.kform.dev.reconciler.example.com.helloworlds.helloworld.yaml')).toContain('i am referencing this code now');
    expect(progress).toEqual([`cloning repo ${GITHUB} ref ${PINNED} ....`, `opened repo ${GITHUB} ref ${PINNED} ....`]);

    const before = server.requests();
    progress.length = 0;
    const [again] = await resolveRefs(project, [refDef()], { rewrites, onProgress: (l) => progress.push(l) });
    expect(again!.commit).toBe(PINNED);
    expect(server.requests()).toBe(before);
    expect(progress).toEqual([`opened repo ${GITHUB} ref ${PINNED} ....`]);
  });

  it('offline with a cached clone works with a warning; a branch name resolves as a revision', async () => {
    const warnings: string[] = [];
    const [c] = await resolveRefs(project, [refDef({ ref: { type: 'tag', name: 'nope' } })], { offline: true, onWarning: (w) => warnings.push(w) }).catch((e) => [e]);
    expect(String(c instanceof Error ? c.message : c)).toContain('offline and the cached clone does not have it');
    const [m] = await resolveRefs(project, [refDef({ ref: { type: 'hash', name: 'main' } })], { offline: true, onWarning: (w) => warnings.push(w) });
    expect(m!.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a tag ref is refreshed online; offline or unreachable, the cached clone is used with a warning', async () => {
    const rewrites = [{ from: 'https://github.com/', to: `${server.url}/` }];
    const tagRef = refDef({ ref: { type: 'tag', name: 'v-pinned' } });
    const progress: string[] = [];
    const [online] = await resolveRefs(project, [tagRef], { rewrites, onProgress: (l) => progress.push(l) });
    expect(online!.commit).toBe(PINNED);
    expect(progress[0]).toBe(`fetching repo ${GITHUB} ref v-pinned ....`);
    const warnings: string[] = [];
    const [offline] = await resolveRefs(project, [tagRef], { offline: true, onWarning: (w) => warnings.push(w) });
    expect(offline!.commit).toBe(PINNED);
    expect(warnings).toEqual([`offline: using the cached clone of ${GITHUB} for tag v-pinned without fetching`]);
    warnings.length = 0;
    const [unreachable] = await resolveRefs(project, [tagRef], { rewrites: [{ from: 'https://github.com/', to: 'http://127.0.0.1:1/' }], onWarning: (w) => warnings.push(w) });
    expect(unreachable!.commit).toBe(PINNED);
    expect(warnings[0]).toMatch(/^cannot reach https:\/\/github.com\/kform-dev\/choreo-examples.git \(.*\): using the cached clone for tag v-pinned$/);
  });

  it('fails clearly offline without a clone, and when the repository cannot be reached', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'choreo-proj-'));
    await expect(resolveRefs(fresh, [refDef()], { offline: true })).rejects.toThrow(/offline and no cached clone/);
    await expect(resolveRefs(fresh, [refDef({ url: 'http://127.0.0.1:1/none.git' })], {})).rejects.toThrow(/cannot open repo http:\/\/127.0.0.1:1\/none.git/);
    rmSync(fresh, { recursive: true, force: true });
  });
});
