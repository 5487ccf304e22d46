// Real etcd clusters for tests and benches: 1 or 3 members of Debian's etcd-server on 127.0.0.1, on free
// ports, with data folders in a temp folder (tmpfs /dev/shm when there is one, so fsync costs nothing in
// tests; benches pass `dataRoot` to measure a disk). Members can be killed (SIGKILL) and started again on
// the same ports and data, which is what the failure tests do. `stop()` kills every member and removes the
// data; a process exit handler does the same if a test forgets.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EtcdMember {
  name: string;
  /** `127.0.0.1:PORT`, the client endpoint. */
  endpoint: string;
  clientPort: number;
  peerPort: number;
  /** Where `/health` answers: the client port, or with `tls` a plain-HTTP metrics port. */
  healthUrl: string;
  dataDir: string;
  /** The running process; undefined while the member is killed. */
  process: ChildProcess | undefined;
}

export interface EtcdCluster {
  members: EtcdMember[];
  /** Every client endpoint, `127.0.0.1:P1,127.0.0.1:P2,…`. */
  endpoints: string;
  /** `etcd://<endpoints><prefix>`: the --store value for this cluster. */
  url(prefix?: string): string;
  /** The index of the member that is etcd's (raft) leader now, as the running members report it (not with `tls`). */
  leader(): Promise<number>;
  /** SIGKILL one member (index into members); resolves once the process is gone. */
  kill(i: number): Promise<void>;
  /** Starts a killed member again (same ports and data) and waits until it serves. */
  restart(i: number): Promise<void>;
  /** What the members wrote to stderr (the last 20,000 characters each), for failure messages. */
  logs(): string;
  /** Kills every member and removes the data. */
  stop(): Promise<void>;
}

export interface EtcdClusterOptions {
  /** Number of members (1 or 3 in our tests). Default 1. */
  size?: number;
  /** Where the data folders go (default: /dev/shm when it exists, else the OS temp folder). */
  dataRoot?: string;
  /** Raft heartbeat and election timeout in ms (defaults 50 and 500: elections in tests take under a second). */
  heartbeatMs?: number;
  electionMs?: number;
  /** Extra etcd flags for every member. */
  extraArgs?: string[];
  /**
   * Serve clients over TLS with this server certificate (PEM files; it must name IP 127.0.0.1) and require
   * client certificates signed by `ca`. Health is then checked on a plain-HTTP metrics port of its own.
   */
  tls?: { ca: string; cert: string; key: string };
}

/** The etcd binary: ETCD_BIN, or Debian's etcd-server package. */
export const ETCD_BIN = process.env.ETCD_BIN ?? '/usr/bin/etcd';

/**
 * Why etcd cannot be used here, or undefined when it can. In CI a missing etcd is a failure (the tests say
 * so), not a reason to skip: `.ci/run` installs etcd-server.
 */
export function etcdUnavailable(): string | undefined {
  if (!existsSync(ETCD_BIN)) return `etcd is not installed (${ETCD_BIN} is missing): apt-get install etcd-server, or set ETCD_BIN`;
  const r = spawnSync(ETCD_BIN, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return `${ETCD_BIN} --version failed: ${r.stderr || r.error?.message}`;
  return undefined;
}

/** A free TCP port on 127.0.0.1 (bound and released; etcd takes it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const live = new Set<EtcdCluster>();
let exitHook = false;

function defaultDataRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}

/** Starts a cluster and waits until every member serves. */
export async function startEtcdCluster(opts: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  const missing = etcdUnavailable();
  if (missing) throw new Error(missing);
  const size = opts.size ?? 1;
  const root = realpathSync(mkdtempSync(path.join(opts.dataRoot ?? defaultDataRoot(), 'choreo-etcd-')));
  const members: EtcdMember[] = [];
  const taken = new Set<number>();
  const port = async () => {
    for (;;) {
      const p = await freePort();
      if (!taken.has(p)) {
        taken.add(p);
        return p;
      }
    }
  };
  const clientScheme = opts.tls ? 'https' : 'http';
  const metricsPorts = new Map<string, number>();
  for (let i = 0; i < size; i++) {
    const clientPort = await port();
    const peerPort = await port();
    const name = `m${i}`;
    const dataDir = path.join(root, name);
    mkdirSync(dataDir, { recursive: true });
    let healthUrl = `http://127.0.0.1:${clientPort}/health`;
    if (opts.tls) {
      const metricsPort = await port();
      metricsPorts.set(name, metricsPort);
      healthUrl = `http://127.0.0.1:${metricsPort}/health`;
    }
    members.push({ name, endpoint: `127.0.0.1:${clientPort}`, clientPort, peerPort, healthUrl, dataDir, process: undefined });
  }
  const tlsArgs = (m: EtcdMember) =>
    opts.tls
      ? ['--cert-file', opts.tls.cert, '--key-file', opts.tls.key, '--trusted-ca-file', opts.tls.ca, '--client-cert-auth', '--listen-metrics-urls', `http://127.0.0.1:${metricsPorts.get(m.name)}`]
      : [];
  const initialCluster = members.map((m) => `${m.name}=http://127.0.0.1:${m.peerPort}`).join(',');
  const logs = new Map<string, string>();
  const args = (m: EtcdMember, state: 'new' | 'existing') => [
    '--name', m.name,
    '--data-dir', m.dataDir,
    '--listen-client-urls', `${clientScheme}://127.0.0.1:${m.clientPort}`,
    '--advertise-client-urls', `${clientScheme}://127.0.0.1:${m.clientPort}`,
    '--listen-peer-urls', `http://127.0.0.1:${m.peerPort}`,
    '--initial-advertise-peer-urls', `http://127.0.0.1:${m.peerPort}`,
    '--initial-cluster', initialCluster,
    '--initial-cluster-state', state,
    '--initial-cluster-token', path.basename(root),
    '--heartbeat-interval', String(opts.heartbeatMs ?? 50),
    '--election-timeout', String(opts.electionMs ?? 500),
    '--logger', 'zap',
    '--log-level', 'warn',
    ...tlsArgs(m),
    ...(opts.extraArgs ?? []),
  ];
  const launch = (m: EtcdMember, state: 'new' | 'existing') => {
    const child = spawn(ETCD_BIN, args(m, state), { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (c: Buffer) => logs.set(m.name, ((logs.get(m.name) ?? '') + c.toString()).slice(-20_000)));
    child.on('exit', () => {
      if (m.process === child) m.process = undefined;
    });
    m.process = child;
  };
  const logText = () => members.map((m) => `--- ${m.name} (${m.endpoint})\n${logs.get(m.name) ?? ''}`).join('\n');
  const cluster: EtcdCluster = {
    members,
    endpoints: members.map((m) => m.endpoint).join(','),
    url: (prefix = '') => `etcd://${members.map((m) => m.endpoint).join(',')}${prefix}`,
    async leader() {
      if (opts.tls) throw new Error('leader() asks the members over plain HTTP; this cluster serves TLS');
      // etcd's JSON gateway: every member names itself (header.member_id) and the leader it follows
      const ids: Array<string | undefined> = [];
      let leaderId: string | undefined;
      for (const m of members) {
        if (!m.process) {
          ids.push(undefined);
          continue;
        }
        const res = await fetch(`http://${m.endpoint}/v3/maintenance/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(3000) });
        const status = (await res.json()) as { header?: { member_id?: string }; leader?: string };
        ids.push(status.header?.member_id);
        leaderId ??= status.leader && status.leader !== '0' ? status.leader : undefined;
      }
      const i = leaderId === undefined ? -1 : ids.indexOf(leaderId);
      if (i < 0) throw new Error(`no running member is etcd's leader (members ${JSON.stringify(ids)}, leader ${leaderId})\n${logText()}`);
      return i;
    },
    async kill(i) {
      const m = members[i]!;
      const child = m.process;
      if (!child) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
    async restart(i) {
      const m = members[i]!;
      if (m.process) return;
      launch(m, 'existing');
      await waitServing(m, logText);
    },
    logs: logText,
    async stop() {
      live.delete(cluster);
      await Promise.all(members.map((_, i) => cluster.kill(i)));
      rmSync(root, { recursive: true, force: true });
    },
  };
  live.add(cluster);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const c of live) {
        for (const m of c.members) m.process?.kill('SIGKILL');
      }
    });
  }
  for (const m of members) launch(m, 'new');
  try {
    await Promise.all(members.map((m) => waitServing(m, logText)));
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

/** Waits until the member answers /health with a leader (a cluster serves once a quorum is up). */
async function waitServing(m: EtcdMember, logs: () => string, limitMs = 30_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (!m.process) throw new Error(`etcd member ${m.name} exited while starting\n${logs()}`);
    try {
      const res = await fetch(m.healthUrl, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > limitMs) throw new Error(`etcd member ${m.name} did not become healthy within ${limitMs} ms\n${logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Fails the calling test file when etcd cannot run here. The etcd tests are part of `npm test` as Chromium is:
 * a missing etcd is a broken set-up to mend (the message says how), never a reason to skip them, since a
 * skipped test would hide a failure.
 */
export function requireEtcdForTests(): void {
  const reason = etcdUnavailable();
  if (reason) throw new Error(`the etcd tests cannot run: ${reason}`);
}
