// GitOps publishing (issue 15 item 5): the rendered objects of a deployment as one commit on a branch of a
// git repository, which Argo CD or Flux then sync to a cluster. One YAML per object in a stable layout
// (`<group>/<kind>/<namespace>/<name>.yaml`, `_cluster` for cluster-scoped objects, `core` for the core
// group) plus a `kustomization.yaml` listing them; each publish writes the whole tree, so objects that are
// gone disappear. The commit is made in a private bare repository under `.choreo/delivery/publish/` (never
// the project's own repository) and pushed with isomorphic-git; credentials come from the app's encrypted
// credential store (the same one the Source Control view uses). A secret's value never leaves: an object
// that contains one is refused, naming the object, the field and the secret's key.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import type { KrmObject } from '../../src-shared/krm/object.js';
import { toYaml } from '../engine/index.js';
import { authCallbacks, type CredentialStore } from '../project/git/auth.js';
import { checkRemoteUrl, redactUrl } from '../project/git/remote-url.js';
import { DeliveryError, type GitOpsTarget, type PublishedCommit } from './types.js';

export type PublishTarget = GitOpsTarget;

export interface PublishResult extends PublishedCommit {
  files: number;
}

export interface PublishRequest {
  /** Private bare repository for this environment (created on first use). */
  gitdir: string;
  target: PublishTarget;
  objects: KrmObject[];
  message: string;
  /** Secret key → value of the deployment: none of these values may appear in a published file. */
  secrets: Record<string, string>;
  credentials?: CredentialStore;
}

/** Objects of Choreo itself (reconcilers, libraries, refs): the cluster has no use for them. */
const CHOREO_GROUP = 'choreo.kform.dev';
/**
 * Fields the API server owns: publishing them would fight the cluster. `ownerReferences` too: they carry the
 * owner's uid in this runner's store, which no cluster object has (a cluster's garbage collector deletes an
 * object whose owner uid is missing), and they would change on every deployment.
 */
const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'deletionTimestamp', 'ownerReferences'];
/** Values shorter than this only count as a leak when a whole field equals them (a 1-letter secret is in every text). */
const MIN_CONTAINED_SECRET = 6;

const segment = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** The published file of each object, path → YAML, in a stable order; plus kustomization.yaml. */
export function renderTree(objects: KrmObject[]): Map<string, string> {
  const files = new Map<string, string>();
  const sorted = objects
    .filter((o) => !(o.apiVersion ?? '').startsWith(`${CHOREO_GROUP}/`))
    .map((o) => {
      const slash = (o.apiVersion ?? '').indexOf('/');
      const group = slash < 0 ? 'core' : o.apiVersion!.slice(0, slash);
      const file = [segment(group), segment(o.kind.toLowerCase()), segment(o.metadata.namespace || '_cluster'), `${segment(o.metadata.name ?? '')}.yaml`].join('/');
      return { file, o };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const { file, o } of sorted) {
    const metadata = Object.fromEntries(Object.entries(o.metadata).filter(([k]) => !SERVER_FIELDS.includes(k)));
    const { status: _status, ...rest } = o as KrmObject & { status?: unknown };
    files.set(file, toYaml({ ...rest, metadata }));
  }
  files.set('kustomization.yaml', toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...files.keys()] }));
  return files;
}

/** Refuses objects holding a secret's value: names the object, the field and the secret's key. */
export function assertNoSecrets(objects: KrmObject[], secrets: Record<string, string>): void {
  const values = Object.entries(secrets).filter(([, v]) => v.length > 0);
  if (!values.length) return;
  for (const o of objects) {
    const walk = (v: unknown, at: string): void => {
      if (typeof v === 'string') {
        for (const [key, secret] of values) {
          if (v === secret || (secret.length >= MIN_CONTAINED_SECRET && v.includes(secret))) {
            throw new DeliveryError(
              'invalid',
              `Not published: ${o.kind}/${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name} holds the value of secret "${key}" at ${at}. Secrets never go to git: reference a Secret the cluster provides instead of writing secret("${key}") into an object.`,
            );
          }
        }
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
    };
    walk(o, '');
  }
}

type TreeEntry = { mode: string; path: string; oid: string; type: 'blob' | 'tree' };

/** Writes `files` as nested trees into the object database; returns the root tree's oid. */
async function writeFiles(gitdir: string, files: Map<string, string>): Promise<string> {
  const root: Map<string, unknown> = new Map();
  for (const [file, text] of files) {
    const parts = file.split('/');
    let dir = root;
    for (const p of parts.slice(0, -1)) {
      if (!dir.has(p)) dir.set(p, new Map());
      dir = dir.get(p) as Map<string, unknown>;
    }
    dir.set(parts.at(-1)!, text);
  }
  const write = async (dir: Map<string, unknown>): Promise<string> => {
    const tree: TreeEntry[] = [];
    for (const [name, v] of dir) {
      if (typeof v === 'string') tree.push({ mode: '100644', path: name, type: 'blob', oid: await git.writeBlob({ fs, gitdir, blob: Buffer.from(v, 'utf8') }) });
      else tree.push({ mode: '040000', path: name, type: 'tree', oid: await write(v as Map<string, unknown>) });
    }
    return git.writeTree({ fs, gitdir, tree });
  };
  return write(root);
}

/** Publishes `objects` as one commit on the target branch (on top of what the branch holds now). */
export async function publishObjects(req: PublishRequest): Promise<PublishResult> {
  const { gitdir, target } = req;
  let url: string;
  try {
    url = checkRemoteUrl(target.url);
  } catch (e) {
    throw new DeliveryError('invalid', `Cannot publish to "${redactUrl(target.url)}": ${(e as Error).message}`);
  }
  assertNoSecrets(req.objects, req.secrets);
  await fs.mkdir(path.dirname(gitdir), { recursive: true });
  await git.init({ fs, gitdir, bare: true, defaultBranch: target.branch });
  await git.setConfig({ fs, gitdir, path: 'remote.origin.url', value: url });
  await git.setConfig({ fs, gitdir, path: 'remote.origin.fetch', value: '+refs/heads/*:refs/remotes/origin/*' });
  const auth = authCallbacks(url, req.credentials);
  const remoteRef = `refs/remotes/origin/${target.branch}`;
  let parent: string | undefined;
  try {
    // by full ref name: getRemoteInfo nests "env/production" as heads.env.production
    const branchRef = `refs/heads/${target.branch}`;
    const refs = await git.listServerRefs({ http, url, prefix: branchRef, onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure });
    const remoteHead = refs.find((r) => r.ref === branchRef)?.oid;
    const known = await git.resolveRef({ fs, gitdir, ref: remoteRef }).catch(() => undefined);
    // the branch is where our last publish left it: its commit is here already, no fetch needed
    if (remoteHead && remoteHead === known) parent = known;
    else if (remoteHead) {
      await git.fetch({ fs, http, gitdir, remote: 'origin', ref: target.branch, remoteRef: target.branch, singleBranch: true, tags: false, onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure });
      parent = await git.resolveRef({ fs, gitdir, ref: remoteRef });
    }
  } catch (e) {
    throw new DeliveryError('git', `Cannot read ${redactUrl(url)} (branch ${target.branch}): ${(e as Error).message}. ${auth.state.failed || auth.state.asked ? 'Store credentials for this host (Source Control → credentials) and publish again.' : 'Check the URL and the network.'}`);
  }
  const files = renderTree(req.objects);
  const tree = await writeFiles(gitdir, files);
  if (parent && (await git.readCommit({ fs, gitdir, oid: parent })).commit.tree === tree) {
    return { url: redactUrl(url), branch: target.branch, commit: parent, files: files.size, unchanged: true };
  }
  const now = Math.floor(Date.now() / 1000);
  const who = { name: 'Choreo Studio', email: 'choreo-studio@localhost', timestamp: now, timezoneOffset: 0 };
  const commit = await git.writeCommit({ fs, gitdir, commit: { message: req.message.endsWith('\n') ? req.message : req.message + '\n', tree, parent: parent ? [parent] : [], author: who, committer: who } });
  await git.writeRef({ fs, gitdir, ref: `refs/heads/${target.branch}`, value: commit, force: true });
  try {
    const res = await git.push({ fs, http, gitdir, remote: 'origin', ref: target.branch, remoteRef: target.branch, onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure });
    const r = res.refs?.[`refs/heads/${target.branch}`];
    if (!res.ok || (r && !r.ok)) throw new Error(r?.error ?? res.error ?? 'rejected');
  } catch (e) {
    throw new DeliveryError('git', `Publishing to ${redactUrl(url)} (branch ${target.branch}) failed: ${(e as Error).message}. ${auth.state.failed ? 'The stored credentials were refused; store new ones and publish again.' : 'Someone may have pushed at the same time: publish again.'}`);
  }
  await git.writeRef({ fs, gitdir, ref: remoteRef, value: commit, force: true });
  return { url: redactUrl(url), branch: target.branch, commit, files: files.size, unchanged: false };
}
