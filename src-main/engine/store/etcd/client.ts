// The etcd client (the etcd3 package, pinned), set up for a store that must ride out the loss of one member
// of a cluster within an etcd election: unary calls have a deadline and are retried on another member, a
// member that fails is skipped for a second, and a lost connection is dialled again after 100 ms (not
// etcd3's default seconds of backoff). The first attempt's deadline is short: a txn sent to a member whose
// raft leader just died is never answered (etcd drops the proposal and answers only after its request timeout,
// ~7 s), so the next acknowledged write waited for the whole deadline (3.1-3.4 s with 3 s); later attempts get
// longer ones, so a slow but working etcd (a loaded machine, a large txn) still answers. A retried txn that
// had committed meanwhile fails its compare; etcd-store.ts recognises its own write then. etcd3 is loaded on first use, so the file store never pays for it;
// it stays outside the bundle (it reads its .proto files next to its own code).
import { readFileSync } from 'node:fs';
import type { Etcd3, IOptions } from 'etcd3';
import type { EtcdStoreConfig } from './config.js';

/** Connection deadline, and the longest deadline of one attempt of a unary call. */
export const CALL_DEADLINE_MS = 3000;
/** Deadlines of the successive attempts of one unary call (the last repeats). */
export const ATTEMPT_DEADLINES_MS = [750, 1500, CALL_DEADLINE_MS];

/** Attempts made so far per call: etcd3 passes the same request object to every attempt of a call. */
const attemptsMade = new WeakMap<object, number>();

/** The deadline of this attempt of the call whose request is `params`. */
export function attemptDeadline(params: unknown, now = Date.now()): number {
  if (typeof params !== 'object' || params === null) return now + CALL_DEADLINE_MS;
  const n = attemptsMade.get(params) ?? 0;
  attemptsMade.set(params, n + 1);
  return now + ATTEMPT_DEADLINES_MS[Math.min(n, ATTEMPT_DEADLINES_MS.length - 1)]!;
}

export class EtcdUnavailableError extends Error {
  override name = 'EtcdUnavailableError';
}

/** A TLS file of the store's config, or an error naming the entry and the file. */
function readPem(entry: 'ca' | 'cert' | 'key', file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new EtcdUnavailableError(`store.tls.${entry}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check store.tls in .choreo/config.yaml`);
  }
}

/** A connected client. Throws EtcdUnavailableError (naming the endpoints) when no member answers. */
export async function connectEtcd(config: EtcdStoreConfig, opts: { check?: boolean } = {}): Promise<Etcd3> {
  const { Etcd3, isRecoverableError } = await import('etcd3');
  const { handleWhen, retry, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, BrokenCircuitError } = await import('cockatiel');
  const secure = config.tls !== undefined;
  const options: IOptions = {
    hosts: config.endpoints.map((e) => `${secure ? 'https' : 'http'}://${e}`),
    dialTimeout: CALL_DEADLINE_MS,
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: attemptDeadline('params' in ctx ? ctx.params : undefined) }),
    grpcOptions: {
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
      // a member that vanishes without closing its sockets (a host down) is noticed within ~11 s; the
      // timeout is generous because a busy event loop (a long reconcile) answers pings late, and a dropped
      // connection fails every call in flight
      // etcd refuses pings more often than its --grpc-keepalive-min-time (5 s by default) with a GOAWAY that
      // drops the connection ("excess pings"); 6 s stays above it
      'grpc.keepalive_time_ms': 6000,
      'grpc.keepalive_timeout_ms': 5000,
      // and never without a call in flight: etcd counts those as excess pings too (PermitWithoutStream false)
      'grpc.keepalive_permit_without_calls': 0,
      // gRPC's default 4 MiB cap on a received message made a lagging watch stall for good: etcd sends a
      // catching-up watch up to 1000 revisions in one response (127,000 events of our txns, ~90 MB at 100,000
      // objects), the client refused it, and every resume asked for the same response again. The store's watch
      // asks etcd for fragments (at most --max-request-bytes each), and a range page of large objects may pass
      // 4 MiB too: no cap here (etcd bounds what it sends).
      'grpc.max_receive_message_length': -1,
    },
    faultHandling: {
      host: () => circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(1) }),
      // the retries span more than halfOpenAfter: with one member, its open breaker must not fail the call
      // and they retry an open breaker's refusal too (it is not a recoverable error to etcd3): one failed call
      // (a cancelled watch stream counts) would otherwise fail every call to a single member for a second
      global: retry(handleWhen((e) => isRecoverableError(e) || e instanceof BrokenCircuitError), { maxAttempts: 8, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }) }),
      watchBackoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }).next(),
    },
  };
  if (config.tls) {
    // without `ca`, gRPC trusts the system's roots (a null root); etcd3's type wants a Buffer, but its
    // credentials must be set whenever a client certificate is given, or the certificate would be ignored
    options.credentials = {
      rootCertificate: config.tls.ca ? readPem('ca', config.tls.ca) : (null as unknown as Buffer),
      ...(config.tls.cert ? { certChain: readPem('cert', config.tls.cert) } : {}),
      ...(config.tls.key ? { privateKey: readPem('key', config.tls.key) } : {}),
    };
  }
  if (config.auth) options.auth = { username: config.auth.username, password: config.auth.password };
  const client = new Etcd3(options);
  if (opts.check !== false) {
    try {
      await client.get(`${config.prefix}/`).exec();
    } catch (e) {
      client.close();
      throw new EtcdUnavailableError(`etcd at ${config.endpoints.join(',')} does not answer: ${(e as Error).message} (is etcd running there? check --store or store.url in .choreo/config.yaml, and store.tls when etcd serves TLS)`);
    }
  }
  return client;
}
