// One upstream repository (engine spec §8): clone the repository of an UpstreamRef with isomorphic-git into
// `.choreo/refs/<url with / and : replaced by ->`, resolve the pinned hash or tag, and read the child
// package from that commit's tree (not from a work tree), so refs to one URL share one clone whatever
// commits they pin. ./ref-tree.ts walks the refs of a project and of its children.
import fs from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import type { SourceFs, UpstreamRefDef } from '../loader/types.js';
import { rewriteUrl, type UrlRewrite } from './url-rewrite.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';

export interface UpstreamOptions {
  rewrites?: readonly UrlRewrite[];
  /** Do not contact remotes: use cached clones only. */
  offline?: boolean;
  onProgress?: (line: string) => void;
  onWarning?: (line: string) => void;
}

/** A resolved upstream child: the commit and a reader of its package directory. */
export interface ResolvedUpstream {
  ref: UpstreamRefDef;
  /** Folder of the shared clone. */
  cloneDir: string;
  commit: string;
  /** Files of `spec.directory` at the commit; paths relative to that directory. */
  fs: SourceFs;
  /** Value of the origin annotation for objects from this child (profile A form). */
  origin: string;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
}

/** `.choreo/refs/<url with every / and : replaced by ->` */
export function cloneDirFor(projectDir: string, url: string): string {
  return path.join(projectDir, CHOREO_PATHS.refs, url.replace(/[/:]/g, '-'));
}

/** Origin annotation `{"kind":"Upstream","url":…,"directory"?:…,"ref":…}` (key order kind,url,directory,ref). */
export function upstreamOrigin(url: string, refName: string, directory?: string): string {
  const o: Record<string, string> = { kind: 'Upstream', url };
  if (directory) o.directory = directory;
  o.ref = refName;
  return JSON.stringify(o);
}

/** A repository cloned (or found in the cache) with one ref resolved to a commit. */
export interface ResolvedRepo {
  url: string;
  cloneDir: string;
  commit: string;
}

/** The package a ref names inside a resolved repository: `spec.directory` of the commit. */
export function packageAt(repo: ResolvedRepo, ref: UpstreamRefDef, opts: { originWithDirectory?: boolean } = {}): ResolvedUpstream {
  const directory = ref.directory && ref.directory !== '.' ? ref.directory.replace(/^\.\/|\/$/g, '') : '';
  return {
    ref,
    cloneDir: repo.cloneDir,
    commit: repo.commit,
    fs: commitFs(repo.cloneDir, repo.commit, directory),
    origin: upstreamOrigin(ref.url, ref.ref.name, opts.originWithDirectory ? directory || undefined : undefined),
  };
}

/** Clones or opens the repository of `ref` and resolves its pinned hash or tag (the directory plays no part). */
export async function resolveUpstreamRepo(projectDir: string, ref: UpstreamRefDef, opts: UpstreamOptions = {}): Promise<ResolvedRepo> {
  const dir = cloneDirFor(projectDir, ref.url);
  const remoteUrl = rewriteUrl(ref.url, opts.rewrites ?? []);
  const refText = `${ref.url} ref ${ref.ref.name}`;
  const where = ref.origin.file ? ` (${ref.origin.file})` : '';
  const hasClone = fs.existsSync(path.join(dir, '.git'));
  let commit: string | undefined;
  if (!hasClone) {
    if (opts.offline) {
      throw new UpstreamError(`cannot open repo ${ref.url}, err: offline and no cached clone in ${path.relative(projectDir, dir)}${where}; go online once to clone it`);
    }
    opts.onProgress?.(`cloning repo ${refText} ....`);
    await mkdir(dir, { recursive: true });
    try {
      // No depth limit: a pinned hash need not be a branch tip (toolchain.md §8).
      await git.clone({ fs, http, dir, url: remoteUrl, noCheckout: true });
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw new UpstreamError(
        `cannot open repo ${ref.url}${remoteUrl !== ref.url ? ` (rewritten to ${remoteUrl})` : ''}, err: ${(e as Error).message}${where}; ` +
          'no cached clone exists: check the network, or map the URL with urlRewrites in .choreo/config.yaml or CHOREO_URL_REWRITE',
      );
    }
    commit = await resolveRef(dir, ref);
  } else {
    commit = await resolveRef(dir, ref);
    // Tags can move: refresh them when online. A hash that resolves locally is immutable: no network needed.
    const wantFetch = commit === undefined || ref.ref.type === 'tag';
    if (wantFetch) {
      if (opts.offline) {
        if (commit === undefined) throw new UpstreamError(`cannot resolve ${refText}${where}: offline and the cached clone does not have it`);
        opts.onWarning?.(`offline: using the cached clone of ${ref.url} for ${ref.ref.type} ${ref.ref.name} without fetching`);
      } else {
        opts.onProgress?.(`fetching repo ${refText} ....`);
        try {
          await git.fetch({ fs, http, dir, url: remoteUrl, tags: true, remote: 'origin' });
          commit = (await resolveRef(dir, ref)) ?? commit;
        } catch (e) {
          if (commit === undefined) {
            throw new UpstreamError(`cannot fetch repo ${ref.url}, err: ${(e as Error).message}${where}; the cached clone does not have ${ref.ref.type} ${ref.ref.name}`);
          }
          opts.onWarning?.(`cannot reach ${ref.url} (${(e as Error).message}): using the cached clone for ${ref.ref.type} ${ref.ref.name}`);
        }
      }
    }
  }
  if (commit === undefined) throw new UpstreamError(`cannot resolve ${refText}${where}: no such ${ref.ref.type === 'tag' ? 'tag' : 'commit or revision'} in the repository`);
  opts.onProgress?.(`opened repo ${refText} ....`);
  return { url: ref.url, cloneDir: dir, commit };
}

/** `tag` → refs/tags/<name> (peeled); `hash` → any revision: full/short hash, branch, origin/<branch>. */
async function resolveRef(dir: string, ref: UpstreamRefDef): Promise<string | undefined> {
  const name = ref.ref.name;
  const candidates = ref.ref.type === 'tag' ? [`refs/tags/${name}`] : [name, `refs/remotes/${name}`, `refs/remotes/origin/${name}`, `refs/tags/${name}`];
  if (ref.ref.type !== 'tag' && /^[0-9a-f]{4,40}$/i.test(name)) {
    try {
      const oid = await git.expandOid({ fs, dir, oid: name.toLowerCase() });
      return await peel(dir, oid);
    } catch {
      // not an object of this repository (yet)
    }
  }
  for (const c of candidates) {
    try {
      const oid = await git.resolveRef({ fs, dir, ref: c });
      return await peel(dir, oid);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

// Annotated tags point at tag objects: follow them to the commit.
async function peel(dir: string, oid: string): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const { type, object } = await git.readObject({ fs, dir, oid, format: 'parsed' });
    if (type === 'commit') return oid;
    if (type === 'tag') {
      oid = (object as { object: string }).object;
      continue;
    }
    throw new Error(`${oid} is a ${type}, not a commit`);
  }
  throw new Error(`${oid}: tag chain too long`);
}

/** Reads a directory of a commit's tree. */
export function commitFs(dir: string, commit: string, base: string): SourceFs {
  const full = (p: string) => [base, p].filter((s) => s && s !== '.').join('/').replace(/\/+$/, '');
  return {
    async list(sub) {
      try {
        const { tree } = await git.readTree({ fs, dir, oid: commit, filepath: full(sub) || undefined });
        return tree.map((e) => ({ name: e.path, isDir: e.type === 'tree' }));
      } catch {
        return [];
      }
    },
    async read(p) {
      const { blob } = await git.readBlob({ fs, dir, oid: commit, filepath: full(p) });
      return Buffer.from(blob).toString('utf8');
    },
  };
}
