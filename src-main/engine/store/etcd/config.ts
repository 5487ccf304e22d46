// Which store a project's runs use (issue 16): the file store (`.choreo/db`, the default) or etcd. Chosen
// with `--store etcd://HOST:PORT[,HOST:PORT…][/prefix]` (`--store file` forces the file store) or in
// `.choreo/config.yaml`:
//
//   store: etcd://127.0.0.1:2379/registry         # the short form, or:
//   store:
//     url: etcd://10.0.0.1:2379,10.0.0.2:2379,10.0.0.3:2379/choreo/my-project
//     environment: prod           # runners of one project and environment share one prefix (default prod)
//     leaseSeconds: 15            # the leader's lease: a dead leader is replaced within it (default 15)
//     tls: { ca: ca.crt, cert: client.crt, key: client.key }   # files, relative to the project folder
//     auth: { username: choreo, passwordEnv: CHOREO_ETCD_PASSWORD }
//
// The URL's path is the etcd prefix, as kube-apiserver's --etcd-prefix (default /registry). A password is
// never written in the file: it comes from the environment variable `passwordEnv` names.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CHOREO_PATHS } from '../../../../src-shared/project/choreo-dir.js';

export interface EtcdTls {
  /** PEM files (absolute once resolved). `ca` alone: server TLS; with `cert` and `key`: client certificates. */
  ca?: string;
  cert?: string;
  key?: string;
}

export interface EtcdAuth {
  username: string;
  /** The password itself (from the environment; never read from a file in the project). */
  password: string;
}

export interface EtcdStoreConfig {
  /** `127.0.0.1:2379` … */
  endpoints: string[];
  /** Key prefix, no trailing slash: `/registry` by default. */
  prefix: string;
  /** Runners of one project and environment elect one leader; the name is in its record. */
  environment: string;
  /** TTL of the leader's lease, in seconds (at least 2). */
  leaseSeconds: number;
  tls?: EtcdTls;
  auth?: EtcdAuth;
}

export type StoreSelection = { kind: 'file' } | { kind: 'etcd'; etcd: EtcdStoreConfig };

export class StoreConfigError extends Error {
  override name = 'StoreConfigError';
}

export const DEFAULT_PREFIX = '/registry';
export const DEFAULT_ENVIRONMENT = 'prod';
export const DEFAULT_LEASE_SECONDS = 15;

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Parses `etcd://HOST:PORT[,HOST:PORT…][/prefix]` (or `file`). `where` names the source in errors (the
 * flag, or the config file).
 */
export function parseStoreUrl(text: string, where = '--store'): StoreSelection {
  const value = text.trim();
  if (value === 'file') return { kind: 'file' };
  const m = /^etcd:\/\/([^/]*)(\/.*)?$/.exec(value);
  if (!m) throw new StoreConfigError(`${where}: "${text}" is not a store; use file or etcd://HOST:PORT[,HOST:PORT…][/prefix]`);
  const endpoints = m[1]!.split(',').map((e) => e.trim());
  for (const e of endpoints) {
    const hp = HOST_PORT.exec(e);
    if (!hp || Number(hp[2]) < 1 || Number(hp[2]) > 65535) throw new StoreConfigError(`${where}: "${e || '(empty)'}" is not HOST:PORT in ${text}`);
  }
  let prefix = (m[2] ?? DEFAULT_PREFIX).replace(/\/+$/, '');
  if (prefix === '') prefix = DEFAULT_PREFIX;
  if (/\/\/|[\s\0]/.test(prefix)) throw new StoreConfigError(`${where}: the prefix "${prefix}" may not hold empty segments or blanks`);
  return { kind: 'etcd', etcd: { endpoints, prefix, environment: DEFAULT_ENVIRONMENT, leaseSeconds: DEFAULT_LEASE_SECONDS } };
}

/** What `.choreo/config.yaml` (and the flags) may say about the store. */
export interface StoreOverrides {
  /** `--store`: wins over the file's URL. */
  url?: string;
  /** `--environment`. */
  environment?: string;
  /** `--lease-seconds`. */
  leaseSeconds?: number;
}

/**
 * The store of a project: the `--store` flag, else `.choreo/config.yaml`'s `store`, else the file store.
 * TLS files are resolved against the project folder; a bad entry is a StoreConfigError naming the file.
 */
export async function resolveStoreSelection(projectDir: string, overrides: StoreOverrides = {}, env: NodeJS.ProcessEnv = process.env): Promise<StoreSelection> {
  const file = path.join(projectDir, CHOREO_PATHS.config);
  let doc: any;
  try {
    // yaml is imported here, not at the top: the CLI imports this module (store-flags.ts) on the main thread
    // of `run once`, which only parses flags and prints, and loading yaml there cost ~40 ms of CPU per run.
    // In the bundle, a dynamically imported CommonJS package is its `default` only (esbuild); Node's own loader
    // gives `default` too, so read it from there.
    const yaml = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
    const { parse } = yaml.default ?? yaml;
    doc = parse(await readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreConfigError(`${file}: ${(e as Error).message}`);
  }
  const entry = doc?.store as unknown;
  const fromFile: Record<string, any> = typeof entry === 'string' ? { url: entry } : entry && typeof entry === 'object' && !Array.isArray(entry) ? (entry as Record<string, any>) : {};
  if (entry !== undefined && entry !== null && typeof entry !== 'string' && (typeof entry !== 'object' || Array.isArray(entry))) {
    throw new StoreConfigError(`${file}: store must be a URL or a map with url, environment, leaseSeconds, tls, auth`);
  }
  const url = overrides.url ?? (typeof fromFile.url === 'string' ? fromFile.url : undefined);
  if (url === undefined) {
    if (fromFile.url !== undefined) throw new StoreConfigError(`${file}: store.url must be a string`);
    return { kind: 'file' };
  }
  const sel = parseStoreUrl(url, overrides.url !== undefined ? '--store' : `${file}: store.url`);
  if (sel.kind === 'file') return sel;
  const etcd = sel.etcd;
  const environment = overrides.environment ?? fromFile.environment;
  if (environment !== undefined) {
    if (typeof environment !== 'string' || !NAME.test(environment)) {
      throw new StoreConfigError(`${overrides.environment !== undefined ? '--environment' : `${file}: store.environment`}: "${String(environment)}" must be a lowercase name (a-z, 0-9, -)`);
    }
    etcd.environment = environment;
  }
  const lease = overrides.leaseSeconds ?? fromFile.leaseSeconds;
  if (lease !== undefined) {
    if (typeof lease !== 'number' || !Number.isInteger(lease) || lease < 2 || lease > 3600) {
      throw new StoreConfigError(`${overrides.leaseSeconds !== undefined ? '--lease-seconds' : `${file}: store.leaseSeconds`}: ${String(lease)} must be a whole number of seconds from 2 to 3600`);
    }
    etcd.leaseSeconds = lease;
  }
  if (fromFile.tls !== undefined) etcd.tls = tlsFrom(fromFile.tls, projectDir, file);
  if (fromFile.auth !== undefined) etcd.auth = authFrom(fromFile.auth, file, env);
  return sel;
}

function tlsFrom(v: unknown, projectDir: string, file: string): EtcdTls {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new StoreConfigError(`${file}: store.tls must be a map with ca, cert, key (PEM files)`);
  const out: EtcdTls = {};
  for (const k of ['ca', 'cert', 'key'] as const) {
    const f = (v as Record<string, unknown>)[k];
    if (f === undefined) continue;
    if (typeof f !== 'string' || f === '') throw new StoreConfigError(`${file}: store.tls.${k} must be a file name`);
    out[k] = path.resolve(projectDir, f);
  }
  if ((out.cert === undefined) !== (out.key === undefined)) throw new StoreConfigError(`${file}: store.tls needs both cert and key, or neither`);
  return out;
}

function authFrom(v: unknown, file: string, env: NodeJS.ProcessEnv): EtcdAuth {
  const a = v as Record<string, unknown> | null;
  if (!a || typeof a !== 'object' || typeof a.username !== 'string' || a.username === '') throw new StoreConfigError(`${file}: store.auth needs a username`);
  if ('password' in a) throw new StoreConfigError(`${file}: store.auth.password is not read from a file; name an environment variable with passwordEnv`);
  const name = typeof a.passwordEnv === 'string' ? a.passwordEnv : 'CHOREO_ETCD_PASSWORD';
  const password = env[name];
  if (password === undefined) throw new StoreConfigError(`${file}: store.auth: the environment variable ${name} (the etcd password of ${a.username}) is not set`);
  return { username: a.username, password };
}

/** The URL of a selection as users write it (no credentials in it). */
export function storeUrl(sel: StoreSelection): string {
  return sel.kind === 'file' ? 'file' : `etcd://${sel.etcd.endpoints.join(',')}${sel.etcd.prefix}`;
}
