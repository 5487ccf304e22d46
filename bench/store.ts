// The store (issue 16 item 5): the file store against etcd, on bench/engine-project.ts's synthetic project
// (N Items, one reconciler making one Child each), with real etcd members on 127.0.0.1 whose data sits on
// disk (the OS temp folder, not tmpfs: etcd fsyncs every commit).
//   run once   whole process, `choreo run once DIR --store file|etcd://…` from an empty store, at N = 10,000
//              and 100,000, on the file store and on 1- and 3-member clusters, with the process's peak RSS
//              (GNU time's maximum resident set size; etcd's members are not counted). etcd runs with
//              --max-txn-ops 1024 (as a deployment for large projects should): the store's txns hold up to
//              1023 objects. Each round runs every store once, one after the other, so they see the same
//              background load; each etcd figure's ratio is
//              to the file store's run of the same round (the median of the per-round ratios). Every etcd
//              run writes under a prefix of its own; the prefix is deleted and etcd compacted afterwards
//              (untimed), so each run starts from an empty store of the same size. Each round also times
//              `node -e 0`, the reference of every whole-process bench: the file store's ratio is to it.
//   failover   two prod runners as processes (src-main/testing/etcd-runner-process.ts) on an N = 1,000
//              project: runner-a leads and has reconciled everything, runner-b follows; runner-a is killed
//              with SIGKILL and the clock runs until runner-b (a) reports itself leader (elected and its
//              project loaded) and (b) acknowledges an input, i.e. commits it to etcd: "serving". Measured
//              in the bench process from the kill to each line, on 1 and 3 members. The lease is the floor:
//              a dead leader's key stays until its lease runs out.
//   member loss  on the 3-member cluster: a client (the store's, connectEtcd) commits a txn every 20 ms; etcd's
//              leader member is killed and the clock runs until the next acknowledged txn (the pause), then
//              the member is started again. MEMBER_KILLS times; etcd's election timeout there is 500 ms.
// Medians of RUNS rounds (after one untimed warm-up round at the first size), with min-max. Results are
// appended to bench/out/store-history.jsonl.
//   CHOREO_BENCH_STORE_SIZES=10000        sizes of the run-once part (default 10000,100000)
//   CHOREO_BENCH_STORE_MEMBERS=1,3        cluster sizes (default 1,3)
//   CHOREO_BENCH_STORE_RUNS=5             rounds per size (default 5)
//   CHOREO_BENCH_STORE_WARMUP=0           no untimed warm-up round (a 100,000-object round takes many minutes)
//   CHOREO_BENCH_STORE_FAILOVERS=5        failovers per cluster size (default 5; 0 skips them)
//   CHOREO_BENCH_STORE_MEMBER_KILLS=20    member losses measured (default 20; 0 skips them; needs 3 members)
//   CHOREO_BENCH_STORE_LEASE=5            the runners' lease in seconds in the failover part (default 5)
//   CHOREO_BENCH_STORE_RUN_LEASE=60       run once's lease on etcd (default: the CLI's, 15 s); a run whose
//                                         process stalls longer than its lease loses the leadership and fails
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectEtcd, parseStoreUrl } from '../src-main/engine/index.js';
import { etcdUnavailable, startEtcdCluster, type EtcdCluster } from '../src-main/testing/etcd-cluster.js';
import { startRunnerProcess, type RunnerProcess } from '../src-main/testing/etcd-runner-process.js';
import { tempProjects } from '../src-main/testing/temp-projects.js';
import { writeBenchProject } from './engine-project.js';
import type { BenchSuite } from './suite.js';
import { choreoCommand, median, NODE_E_0, recordHistory, reportBundle, sec, timeOnce } from './whole-process.js';

/** A series of timings: seconds, with median and spread; `ratio` against the reference of the same rounds (the file store for etcd, `node -e 0` for the file store). */
interface Series {
  times: number[];
  median: number;
  min: number;
  max: number;
  ratio?: number;
  /** Peak RSS of each run, MiB, with its median and spread (run once only). */
  peakMiB?: { values: number[]; median: number; min: number; max: number };
}

const numbers = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number);
const SIZES = numbers('CHOREO_BENCH_STORE_SIZES', '10000,100000');
const MEMBERS = numbers('CHOREO_BENCH_STORE_MEMBERS', '1,3');
const RUNS = Number(process.env.CHOREO_BENCH_STORE_RUNS ?? 5);
const WARMUP = process.env.CHOREO_BENCH_STORE_WARMUP !== '0';
const FAILOVERS = Number(process.env.CHOREO_BENCH_STORE_FAILOVERS ?? 5);
const LEASE_SECONDS = Number(process.env.CHOREO_BENCH_STORE_LEASE ?? 5);
const MEMBER_KILLS = Number(process.env.CHOREO_BENCH_STORE_MEMBER_KILLS ?? 20);
const RUN_LEASE_SECONDS = process.env.CHOREO_BENCH_STORE_RUN_LEASE;
/** Objects of the failover part's project: enough that the new leader's load is real work. */
const FAILOVER_OBJECTS = 1000;
/** etcd's default 128 operations per txn would cut the store's txns to 127 objects (it tries 1023, and halves while refused). */
const MAX_TXN_OPS = 1024;
/** etcd's default 2 GB quota is too small for 100,000-object runs plus their history before a compaction. */
const QUOTA_BYTES = 8 * 1024 ** 3;

const series = (times: number[], ratios?: number[]): Series => ({
  times,
  median: median(times),
  min: Math.min(...times),
  max: Math.max(...times),
  ...(ratios && { ratio: median(ratios) }),
});
const spread = (s: Series) => `${sec(s.median)} (${sec(s.min)}-${sec(s.max)})`;
const peakSpread = (s: Series) => (s.peakMiB ? `, peak RSS ${s.peakMiB.median.toFixed(0)} MiB (${s.peakMiB.min.toFixed(0)}-${s.peakMiB.max.toFixed(0)})` : '');
/** GNU time writes the command's maximum resident set size (KiB) into a file, so the command's own output stays apart. */
const GNU_TIME = '/usr/bin/time';

/** Deletes everything under `url`'s prefix and compacts etcd's history, so the next run finds an empty store of the same size. */
async function emptyPrefix(url: string): Promise<void> {
  const sel = parseStoreUrl(url);
  if (sel.kind !== 'etcd') return;
  const client = await connectEtcd(sel.etcd);
  try {
    const res = await client.delete().prefix(`${sel.etcd.prefix}/`).exec();
    // A compaction of a 10,000-object run's history outlasts the client's first-attempt deadline (0.75 s) on a
    // loaded machine: the retry finds that revision compacted already, which is what was asked.
    await client.kv.compact({ revision: res.header.revision, physical: true }).catch((e: Error) => {
      if (!e.message.includes('required revision has been compacted')) throw e;
    });
  } finally {
    client.close();
  }
}

/** Whole-process run once of an N-object project on every store, RUNS rounds. */
async function runOnceRounds(projects: ReturnType<typeof tempProjects>, n: number, clusters: Map<number, EtcdCluster>, warmUp: boolean): Promise<Record<string, Series>> {
  const dir = path.join(projects.emptyDir(), `store-bench-${n}`);
  writeBenchProject(dir, { n });
  const env = { ...process.env };
  const stores: Array<{ name: string; url: (round: number) => string }> = [
    { name: 'file', url: () => 'file' },
    ...[...clusters].map(([members, c]) => ({ name: `etcd ${members}`, url: (round: number) => c.url(`/bench-${n}-${round}`) })),
  ];
  const rssFile = path.join(projects.emptyDir(), 'peak-rss');
  const once = async (url: string) => {
    rmSync(path.join(dir, '.choreo'), { recursive: true, force: true });
    const lease = RUN_LEASE_SECONDS && url !== 'file' ? ['--lease-seconds', RUN_LEASE_SECONDS] : [];
    const seconds = await timeOnce({ name: `run once ${n} --store ${url}`, command: [GNU_TIME, '-f', '%M', '-o', rssFile, ...choreoCommand('run', 'once', dir, '--store', url, ...lease)] }, env);
    const peakKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    await emptyPrefix(url);
    return { seconds, peakMiB: peakKiB / 1024 };
  };
  if (warmUp) for (const s of stores) await once(s.url(-1));
  const times = new Map(stores.map((s) => [s.name, [] as number[]]));
  const peaks = new Map(stores.map((s) => [s.name, [] as number[]]));
  const references: number[] = [];
  for (let round = 0; round < RUNS; round++) {
    const reference = await timeOnce(NODE_E_0, env);
    references.push(reference);
    const line: string[] = [`node -e 0 ${sec(reference)}`];
    for (const s of stores) {
      const { seconds: t, peakMiB } = await once(s.url(round));
      times.get(s.name)!.push(t);
      peaks.get(s.name)!.push(peakMiB);
      line.push(`${s.name} ${sec(t)} (${peakMiB.toFixed(0)} MiB)`);
    }
    console.log(`  N=${n} round ${round + 1}/${RUNS}: ${line.join(', ')}`);
  }
  const file = times.get('file')!;
  return {
    'node -e 0': series(references),
    ...Object.fromEntries(
      stores.map((s) => {
        const p = peaks.get(s.name)!;
        const ratios = times.get(s.name)!.map((t, i) => t / (s.name === 'file' ? references[i]! : file[i]!));
        return [s.name, { ...series(times.get(s.name)!, ratios), peakMiB: { values: p, median: median(p), min: Math.min(...p), max: Math.max(...p) } }];
      }),
    ),
  };
}

/** One failover: seconds from runner-a's SIGKILL until runner-b is elected (project loaded) and until it commits input. */
async function failoverOnce(projects: ReturnType<typeof tempProjects>, url: string): Promise<{ elected: number; serving: number }> {
  // both copies sit in folders of the same name: the election is per project
  const copy = () => {
    const dir = path.join(projects.emptyDir(), 'failover');
    writeBenchProject(dir, { n: FAILOVER_OBJECTS });
    mkdirSync(path.join(dir, 'extra'));
    writeFileSync(path.join(dir, 'extra', 'item-extra.yaml'), 'apiVersion: bench.example.com/v1alpha1\nkind: Item\nmetadata:\n  name: item-extra\n  namespace: default\nspec:\n  value: 1\n  label: applied after the failover\n');
    return dir;
  };
  const runners: RunnerProcess[] = [];
  try {
    const a = await startRunnerProcess(copy(), url, 'runner-a', { leaseSeconds: LEASE_SECONDS });
    runners.push(a);
    await a.waitFor((l) => l.t === 'leadership' && l.role === 'leader', 'leadership', 180_000);
    await a.idle(300_000);
    const b = await startRunnerProcess(copy(), url, 'runner-b', { leaseSeconds: LEASE_SECONDS });
    runners.push(b);
    const started = await b.waitFor((l) => l.t === 'started', 'its start', 180_000);
    if (started.role !== 'follower') throw new Error(`runner-b started as ${String(started.role)}, not as a follower`);
    await a.kill();
    const killedAt = performance.now();
    // runner-b refuses input while it follows; ask until it acknowledges (every 100 ms, one request at a time)
    const from = b.lines.length;
    let acked: { at: number } | undefined;
    while (!acked) {
      const asked = b.lines.length;
      b.apply('extra/item-extra.yaml');
      const answer = await b.waitFor((l) => l.t === 'acked' || l.t === 'rejected', 'an answer to apply', 180_000, asked);
      if (answer.t === 'acked') acked = answer;
      else await new Promise((r) => setTimeout(r, 100));
      if (performance.now() - killedAt > 300_000) throw new Error(`runner-b did not serve within 300 s of the kill\n${JSON.stringify(b.lines)}\n${b.stderr()}`);
    }
    const elected = b.lines.slice(from).find((l) => l.t === 'leadership' && l.role === 'leader');
    if (!elected) throw new Error(`runner-b acknowledged input without reporting its election\n${JSON.stringify(b.lines)}`);
    await b.stop(120_000);
    return { elected: (elected.at - killedAt) / 1000, serving: (acked.at - killedAt) / 1000 };
  } finally {
    await Promise.all(runners.map((r) => r.kill()));
  }
}

/** Seconds from killing etcd's leader member until the next txn is acknowledged, writing every 20 ms. */
async function memberLossOnce(c: EtcdCluster, prefix: string): Promise<number> {
  const sel = parseStoreUrl(c.url(prefix));
  if (sel.kind !== 'etcd') throw new Error('not etcd');
  const client = await connectEtcd(sel.etcd);
  const key = `${prefix}/k`;
  let acked: number | undefined;
  let killedAt = Infinity;
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      await client.if(key, 'Mod', '>', -1).then(client.put(key).value(String(i))).commit();
      if (performance.now() > killedAt) acked ??= performance.now();
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    await new Promise((r) => setTimeout(r, 500));
    const leader = await c.leader();
    await c.kill(leader);
    killedAt = performance.now();
    while (acked === undefined) await new Promise((r) => setTimeout(r, 20));
    writing = false;
    await writer;
    await c.restart(leader);
    return (acked - killedAt) / 1000;
  } finally {
    writing = false;
    await writer.catch(() => undefined);
    client.close();
  }
}

async function run(): Promise<void> {
  const missing = etcdUnavailable();
  if (missing) throw new Error(missing);
  const bundle = reportBundle();
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  const projects = tempProjects('choreo-bench-store-');
  const clusters = new Map<number, EtcdCluster>();
  const history: Record<string, unknown> = { runs: RUNS, failovers: FAILOVERS, leaseSeconds: LEASE_SECONDS, runLeaseSeconds: RUN_LEASE_SECONDS ? Number(RUN_LEASE_SECONDS) : 15, bundle, loadAverage: os.loadavg(), runOnce: {}, failover: {} };
  try {
    for (const m of MEMBERS) clusters.set(m, await startEtcdCluster({ size: m, dataRoot: os.tmpdir(), extraArgs: ['--quota-backend-bytes', String(QUOTA_BYTES), '--max-txn-ops', String(MAX_TXN_OPS)] }));
    console.log(`run once, whole process, from an empty store (etcd lease ${RUN_LEASE_SECONDS ?? 'the default 15'} s): median (min-max) of ${RUNS} rounds; ratio (median of the rounds' ratios) = etcd / file store, file store / node -e 0, of the same round`);
    for (const [i, n] of SIZES.entries()) {
      const result = await runOnceRounds(projects, n, clusters, WARMUP && i === 0);
      for (const [name, s] of Object.entries(result)) {
        const against = name === 'file' ? 'node -e 0' : 'the file store';
        console.log(`  N=${n} ${name.padEnd(9)} ${spread(s)}${s.ratio !== undefined ? `  = ${s.ratio.toFixed(2)}x ${against}` : ''}${peakSpread(s)}`);
      }
      (history.runOnce as Record<string, unknown>)[n] = result;
    }
    if (FAILOVERS > 0) {
      console.log(`failover: runner-a (leader, ${FAILOVER_OBJECTS} objects reconciled) SIGKILLed; runner-b elected and serving (input committed); lease ${LEASE_SECONDS} s; median (min-max) of ${FAILOVERS}`);
      for (const [m, c] of clusters) {
        const elected: number[] = [];
        const serving: number[] = [];
        for (let i = 0; i < FAILOVERS; i++) {
          const f = await failoverOnce(projects, c.url(`/failover-${i}`));
          elected.push(f.elected);
          serving.push(f.serving);
          console.log(`  ${m} member${m > 1 ? 's' : ''} failover ${i + 1}/${FAILOVERS}: elected ${sec(f.elected)}, serving ${sec(f.serving)}`);
          await emptyPrefix(c.url(`/failover-${i}`));
        }
        const e = series(elected);
        const s = series(serving);
        console.log(`  ${m} member${m > 1 ? 's' : ''}: elected ${spread(e)}, serving ${spread(s)} (${(s.median / LEASE_SECONDS).toFixed(2)}x the lease)`);
        (history.failover as Record<string, unknown>)[m] = { elected: e, serving: s };
      }
    }
    const three = clusters.get(3);
    if (MEMBER_KILLS > 0 && three) {
      console.log(`member loss: etcd's leader member of 3 SIGKILLed while a client commits a txn every 20 ms; seconds until the next acknowledged txn; median (min-max) of ${MEMBER_KILLS}`);
      const pauses: number[] = [];
      for (let i = 0; i < MEMBER_KILLS; i++) {
        pauses.push(await memberLossOnce(three, `/member-loss-${i}`));
        console.log(`  member loss ${i + 1}/${MEMBER_KILLS}: ${sec(pauses[i]!)}`);
      }
      const p = series(pauses);
      console.log(`  pause after losing etcd's leader member: ${spread(p)}`);
      history.memberLoss = p;
    }
  } finally {
    for (const c of clusters.values()) await c.stop();
    projects.cleanup();
  }
  history.loadAverageAtEnd = os.loadavg();
  recordHistory('store', history);
}

export const storeSuite: BenchSuite = {
  name: 'store',
  description: 'file store vs etcd (1 and 3 members): run once of 10k/100k objects, whole process; failover time of a SIGKILLed leader',
  run,
};
