// The project's environments: `development` and `production` by default; users add, rename, order and
// delete more. The order is the promotion path (promote goes to the next one). Stored atomically in
// `.choreo/delivery/environments.json`.
import { DeliveryError, type Environment, type GitOpsTarget } from './types.js';
import { readJson, writeJson, type DeliveryPaths } from './layout.js';
import { withFileLock } from '../engine/index.js';
import { checkRemoteUrl } from '../project/git/remote-url.js';

interface EnvironmentsFile {
  version: 1;
  environments: Environment[];
}

const ID_RE = /^[a-z][a-z0-9-]{0,39}$/;
/** A branch name git accepts (git check-ref-format, the common subset): no "..", "//", "@{", control or special characters. */
const BRANCH_RE = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)(?!.*\.lock(?:\/|$))(?!\/)(?!.*\/$)(?!.*\.$)[A-Za-z0-9._\/-]{1,200}$/;

/** Validates a GitOps target: an http(s) URL without credentials in it, and a valid branch name. */
export function checkGitOpsTarget(target: GitOpsTarget): GitOpsTarget {
  let url: string;
  try {
    url = checkRemoteUrl(target.url);
  } catch (e) {
    throw new DeliveryError('invalid', `GitOps repository: ${(e as Error).message}`);
  }
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    throw new DeliveryError('invalid', 'GitOps repository: the URL must not contain credentials (they would be stored in clear). Give the URL without them and store the credentials for its host (Source Control → credentials, or CHOREO_GIT_USERNAME/CHOREO_GIT_TOKEN with `choreo env gitops`).');
  }
  if (parsed.protocol === 'http:' && parsed.hostname !== '127.0.0.1' && parsed.hostname !== 'localhost') {
    throw new DeliveryError('invalid', `GitOps repository: plain http:// sends credentials unencrypted; use https:// (http:// is accepted for 127.0.0.1 only).`);
  }
  const branch = target.branch.trim();
  if (!BRANCH_RE.test(branch)) throw new DeliveryError('invalid', `GitOps branch: "${target.branch}" is not a valid branch name (letters, digits, ".", "_", "-", "/"; no "..", no leading "-" or "/").`);
  return { url, branch };
}

function defaults(): Environment[] {
  const at = new Date(0).toISOString();
  return [
    { id: 'development', name: 'development', createdAt: at },
    { id: 'production', name: 'production', createdAt: at },
  ];
}

/** Changes are read-modify-writes of environments.json under its cross-process lock (engine/store/file-lock.ts). */
export class Environments {
  constructor(private readonly paths: DeliveryPaths) {}

  async list(): Promise<Environment[]> {
    const f = await readJson<EnvironmentsFile | undefined>(this.paths.environments, undefined);
    return f?.environments?.length ? f.environments : defaults();
  }

  /** Finds an environment by id or (case-insensitive) name; a DeliveryError naming the known ones otherwise. */
  async get(ref: string): Promise<Environment> {
    const all = await this.list();
    const hit = all.find((e) => e.id === ref) ?? all.find((e) => e.name.toLowerCase() === ref.toLowerCase());
    if (!hit) throw new DeliveryError('not-found', `There is no environment "${ref}". Known: ${all.map((e) => e.name).join(', ')}. Create it with \`choreo env create ${ref}\`.`);
    return hit;
  }

  /** The environment after `ref` in the promotion order, if any. */
  async next(ref: string): Promise<Environment | undefined> {
    const all = await this.list();
    const i = all.findIndex((e) => e.id === ref);
    return i >= 0 ? all[i + 1] : undefined;
  }

  create(name: string, opts: { position?: number } = {}): Promise<Environment> {
    return withFileLock(this.paths.environments, () => this.createLocked(name, opts));
  }

  private async createLocked(name: string, opts: { position?: number }): Promise<Environment> {
    const id = name.trim().toLowerCase();
    if (!ID_RE.test(id) || id === 'all') {
      throw new DeliveryError('invalid', `"${name}" is not a valid environment name: use lower-case letters, digits and "-", starting with a letter (at most 40; "all" is reserved for global values).`);
    }
    const all = await this.list();
    if (all.some((e) => e.id === id || e.name.toLowerCase() === id)) throw new DeliveryError('invalid', `The environment "${name}" already exists.`);
    const env: Environment = { id, name: id, createdAt: new Date().toISOString() };
    const at = opts.position === undefined ? all.length : Math.max(0, Math.min(all.length, opts.position));
    all.splice(at, 0, env);
    await this.save(all);
    return env;
  }

  rename(ref: string, name: string): Promise<Environment> {
    return withFileLock(this.paths.environments, () => this.renameLocked(ref, name));
  }

  private async renameLocked(ref: string, name: string): Promise<Environment> {
    const env = await this.get(ref);
    const clean = name.trim();
    if (!clean || clean.length > 60) throw new DeliveryError('invalid', 'An environment name needs 1 to 60 characters.');
    const all = await this.list();
    if (all.some((e) => e.id !== env.id && (e.name.toLowerCase() === clean.toLowerCase() || e.id === clean.toLowerCase()))) {
      throw new DeliveryError('invalid', `Another environment is already called "${clean}".`);
    }
    const updated = all.map((e) => (e.id === env.id ? { ...e, name: clean } : e));
    await this.save(updated);
    return updated.find((e) => e.id === env.id)!;
  }

  /** Sets (or with `undefined`, removes) where the environment publishes its deployments. */
  setGitOps(ref: string, target: GitOpsTarget | undefined): Promise<Environment> {
    const checked = target ? checkGitOpsTarget(target) : undefined;
    return withFileLock(this.paths.environments, async () => {
      const env = await this.get(ref);
      const updated = (await this.list()).map((e) => {
        if (e.id !== env.id) return e;
        const { gitops: _old, ...rest } = e;
        return checked ? { ...rest, gitops: checked } : rest;
      });
      await this.save(updated);
      return updated.find((e) => e.id === env.id)!;
    });
  }

  /** Sets the promotion order; `ids` must name every environment once. */
  reorder(ids: string[]): Promise<Environment[]> {
    return withFileLock(this.paths.environments, () => this.reorderLocked(ids));
  }

  private async reorderLocked(ids: string[]): Promise<Environment[]> {
    const all = await this.list();
    const byId = new Map(all.map((e) => [e.id, e]));
    if (ids.length !== all.length || new Set(ids).size !== ids.length || ids.some((i) => !byId.has(i))) {
      throw new DeliveryError('invalid', `The new order must list every environment once: ${all.map((e) => e.id).join(', ')}.`);
    }
    const next = ids.map((i) => byId.get(i)!);
    await this.save(next);
    return next;
  }

  delete(ref: string): Promise<Environment> {
    return withFileLock(this.paths.environments, () => this.deleteLocked(ref));
  }

  private async deleteLocked(ref: string): Promise<Environment> {
    const env = await this.get(ref);
    const all = await this.list();
    if (all.length <= 1) throw new DeliveryError('invalid', 'The last environment cannot be deleted.');
    await this.save(all.filter((e) => e.id !== env.id));
    return env;
  }

  private async save(list: Environment[]): Promise<void> {
    await writeJson(this.paths.environments, { version: 1, environments: list } satisfies EnvironmentsFile);
  }
}
