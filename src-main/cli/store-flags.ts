// The store flags of the verbs that run reconcilers (`run once`, `run start`, `server start`) and read the
// store (`get`, `server status`): `--store file|etcd://HOST:PORT[,HOST:PORT…][/prefix]` and its election
// options. Without them `.choreo/config.yaml`'s `store` decides (engine/store/etcd/config.ts).
import { parseStoreUrl, StoreConfigError, type StoreOverrides } from '../engine/index.js';
import { intFlag, UsageError, type FlagSpec } from './flags.js';

const STORE_FLAG_VALUES = { '--store': 'store', '--environment': 'environment', '--lease-seconds': 'leaseSeconds', '--identity': 'identity' } as const;

export const STORE_FLAGS_USAGE = `--store file|etcd://HOST:PORT[,HOST:PORT…][/prefix]   the store (default: .choreo/config.yaml's store, else file:
                                      .choreo/db); on etcd the runners of one project and --environment NAME (default
                                      prod) elect a leader on a lease of --lease-seconds N (default 15); --identity NAME
                                      names this runner (default HOST/PID/RANDOM)`;

export function withStoreFlags(spec: FlagSpec): FlagSpec {
  return { ...spec, values: { ...(spec.values ?? {}), ...STORE_FLAG_VALUES } };
}

/** The store options given, or undefined when none was. */
export function storeFrom(values: Record<string, string | undefined>): StoreOverrides | undefined {
  const o: StoreOverrides = {};
  if (values.store !== undefined) {
    try {
      parseStoreUrl(values.store); // a malformed URL is a usage error, before anything starts
    } catch (e) {
      if (e instanceof StoreConfigError) throw new UsageError(e.message);
      throw e;
    }
    o.url = values.store;
  }
  if (values.environment !== undefined) o.environment = values.environment;
  if (values.leaseSeconds !== undefined) o.leaseSeconds = intFlag(values.leaseSeconds, '--lease-seconds', 2, 3600);
  return Object.keys(o).length ? o : undefined;
}
