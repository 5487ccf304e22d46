// Where delivery keeps its state. Project-local and git-ignored under `.choreo/` (environments, builds,
// deployments, config names and plain values, history); app-level for secrets (the secret store's file and
// key in the app data folder, which CHOREO_STUDIO_HOME overrides in tests).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/index.js';
import { CHOREO_PATHS } from '../../src-shared/project/choreo-dir.js';

export interface DeliveryPaths {
  root: string;
  delivery: string;
  environments: string;
  settings: string;
  config: string;
  deployments: string;
  projectId: string;
  builds: string;
  envs: string;
  tmp: string;
  history: string;
  historyFile: string;
  logs: string;
}

export function deliveryPaths(projectRoot: string): DeliveryPaths {
  const root = path.resolve(projectRoot);
  const delivery = path.join(root, CHOREO_PATHS.delivery);
  const history = path.join(root, CHOREO_PATHS.history);
  return {
    root,
    delivery,
    environments: path.join(delivery, 'environments.json'),
    settings: path.join(delivery, 'settings.json'),
    config: path.join(delivery, 'config.json'),
    deployments: path.join(delivery, 'deployments.json'),
    projectId: path.join(delivery, 'project-id'),
    builds: path.join(delivery, 'builds'),
    envs: path.join(delivery, 'envs'),
    tmp: path.join(delivery, 'tmp'),
    history,
    historyFile: path.join(history, 'executions.jsonl'),
    logs: path.join(history, 'logs'),
  };
}

/** The snapshot delivery keeps of a deployment: `active` when it became active, `final` when it was replaced. */
export function deploymentSnapshotFile(p: DeliveryPaths, envId: string, deploymentId: string, label: 'active' | 'final'): string {
  return path.join(p.envs, envId, 'deployments', deploymentId, `snapshot-${label}.json`);
}

/** The secret store file of delivery inside the app data folder (shares the 0600 key with credentials). */
export const SECRETS_FILE = 'delivery-secrets.json';

export async function readJson<T>(file: string, fallback: T): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); move it away to start over`);
  }
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', { syncFolder: true });
}

/** A stable id for the project's secrets: kept in `.choreo/delivery/project-id` so moving the folder keeps them. */
export async function projectId(p: DeliveryPaths): Promise<string> {
  try {
    const id = (await fs.readFile(p.projectId, 'utf8')).trim();
    if (/^[0-9a-f]{16,}$/.test(id)) return id;
  } catch {
    // first use
  }
  const id = randomBytes(12).toString('hex');
  await fs.mkdir(p.delivery, { recursive: true });
  try {
    await fs.writeFile(p.projectId, id + '\n', { flag: 'wx' });
    return id;
  } catch {
    return (await fs.readFile(p.projectId, 'utf8')).trim();
  }
}

/** Sortable unique ids: time prefix (base36) + random, e.g. `x-lq2k3j-a1b2c3`. */
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
