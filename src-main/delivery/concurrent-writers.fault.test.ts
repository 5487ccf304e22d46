// Fault suite, issue 18 item 5 and issue 15 item 4: `choreo` processes writing the same state files at the same
// time lose nothing. Each round starts several real CLI processes at once; afterwards every one of them must
// have left its record (deployments, configuration values, builds, history executions). Deploys, promotions and
// redeploys go to the project's one background host (started by the first of them), so those rounds are several
// clients of one host at once: no deployment or history entry lost or doubled, every state file whole.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFile, makeDeliveryProject } from '../testing/delivery-project.js';
import { bundledCli, type Cli, type RunOutcome } from '../testing/kill-at-write.js';
import { makeTempDir } from '../testing/temp-dir.js';

const ROUNDS = 2;
const WRITERS = 3;

let tmp: ReturnType<typeof makeTempDir>;
let dir: string;
let cli: Cli;
let env: NodeJS.ProcessEnv;

function ok(out: RunOutcome, what: string): string {
  expect(out.code, `${what}: ${out.stderr}${out.stdout}`).toBe(0);
  return out.stdout;
}

const run = (args: string[]) => cli.run(args, { cwd: dir, env });
const readJson = (rel: string) => JSON.parse(readFileSync(path.join(dir, '.choreo', 'delivery', rel), 'utf8'));

describe('concurrent choreo writers lose nothing', () => {
  let build: string;

  beforeAll(async () => {
    tmp = makeTempDir('choreo-concurrent-');
    dir = (await makeDeliveryProject(path.join(tmp.dir, 'proj'))).dir;
    env = { CHOREO_STUDIO_HOME: path.join(tmp.dir, 'app-data') };
    cli = await bundledCli();
    build = /build (\S+) of/.exec(ok(await run(['build']), 'build'))![1]!;
    ok(await run(['config', 'set', 'development', 'api-token', 'tok-1', '--secret']), 'config set secret');
  });
  // the deploy rounds start the project's background host: stop it, whatever the tests did, before the folder goes
  afterAll(async () => {
    try {
      if (cli) ok(await run(['server', 'stop']), 'server stop');
    } finally {
      cli?.dispose();
      tmp?.cleanup();
    }
  }, 120_000);

  it(`${WRITERS} concurrent \`choreo deploy\` per round, ${ROUNDS} rounds: every deployment is recorded`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const outs = await Promise.all(Array.from({ length: WRITERS }, () => run(['deploy', 'development', build])));
      outs.forEach((o, i) => ok(o, `deploy ${round}.${i}`));
    }
    const deployments = readJson('deployments.json').deployments as unknown[];
    expect(deployments).toHaveLength(ROUNDS * WRITERS);
    const history = ok(await run(['history']), 'history');
    expect(history.split('\n').filter((l) => /\bdeploy\b/.test(l) && /succeeded/.test(l))).toHaveLength(ROUNDS * WRITERS);
  });

  it(`${WRITERS + 1} concurrent \`choreo config set\` per round, ${ROUNDS} rounds: every value is kept`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const outs = await Promise.all(
        Array.from({ length: WRITERS + 1 }, (_, i) => run(['config', 'set', 'development', `key-${round}-${i}`, `value-${i}`, ...(i % 2 ? ['--secret'] : [])])),
      );
      outs.forEach((o, i) => ok(o, `config set ${round}.${i}`));
    }
    const list = ok(await run(['config', 'list', 'development']), 'config list');
    for (let round = 0; round < ROUNDS; round++) for (let i = 0; i < WRITERS + 1; i++) expect(list).toContain(`key-${round}-${i}`);
  });

  it(`clients of the one host deploy, promote and change configuration while a build runs beside them, ${ROUNDS} rounds: nothing lost or doubled (issue 15 item 4)`, async () => {
    ok(await run(['config', 'set', 'production', 'api-token', 'tok-2', '--secret']), 'production secret');
    const before = new Set((readJson('deployments.json').deployments as Array<{ id: string }>).map((d) => d.id));
    const printed: string[] = [];
    const builtInRounds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const commit = await commitFile(dir, `in/round-${round}.yaml`, `# round ${round}\n`);
      const outs = await Promise.all([
        run(['deploy', 'development', build]),
        run(['deploy', 'development', build]),
        run(['promote', 'development', 'production']),
        run(['config', 'set', 'all', `round-${round}`, 'x']), // redeploys development and (once promoted) production
        run(['build', commit]), // in its own process: builds/, the history and the config keys it reads
      ]);
      outs.forEach((o, i) => printed.push(...[...ok(o, `client ${round}.${i}`).matchAll(/(?:^deployment|new deployment) (d-[\w-]+)/gm)].map((m) => m[1]!)));
      builtInRounds.push(/build (\S+) of/.exec(outs[4]!.stdout)![1]!);
    }
    // every build of a round is recorded, as its own artifact
    const listed = ok(await run(['build', '--list']), 'build --list');
    for (const id of builtInRounds) expect(listed).toContain(id);
    expect(new Set(builtInRounds).size).toBe(ROUNDS);
    // every state file parses; every deployment a client was told about is recorded once, and no other appeared
    const file = readJson('deployments.json') as { deployments: Array<{ id: string; env: string; status: string; executionId: string }>; active: Record<string, string> };
    const created = file.deployments.filter((d) => !before.has(d.id));
    expect(new Set(file.deployments.map((d) => d.id)).size).toBe(file.deployments.length);
    expect(created.map((d) => d.id).sort()).toEqual([...new Set(printed)].sort());
    expect(printed.length).toBe(new Set(printed).size);
    for (const env of ['development', 'production']) {
      const active = file.deployments.filter((d) => d.env === env && d.status === 'active');
      expect(active.map((d) => d.id), env).toEqual([file.active[env]]);
    }
    // the history: one start per execution and at most one end; each new deployment's deploy execution succeeded
    const records = readFileSync(path.join(dir, '.choreo', 'history', 'executions.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { op: string; id?: string; status?: string; execution?: { id: string } });
    const starts = new Map<string, number>();
    const ends = new Map<string, string[]>();
    for (const r of records) {
      if (r.op === 'start') starts.set(r.execution!.id, (starts.get(r.execution!.id) ?? 0) + 1);
      if (r.op === 'end') ends.set(r.id!, [...(ends.get(r.id!) ?? []), r.status!]);
    }
    expect([...starts.values()].every((n) => n === 1)).toBe(true);
    expect([...ends.values()].every((s) => s.length === 1)).toBe(true);
    for (const d of created) expect(ends.get(d.executionId), d.id).toEqual(['succeeded']);
  }, 600_000); // up to 8 deployments one after another per environment: minutes on a loaded 2-core machine

  it(`${WRITERS} concurrent \`choreo build\` of new commits: every build is listed`, async () => {
    const commits: string[] = [];
    for (let i = 0; i < WRITERS; i++) commits.push(await commitFile(dir, `in/extra-${i}.yaml`, `# ${i}\n`));
    const outs = await Promise.all(commits.map((c) => run(['build', c])));
    outs.forEach((o, i) => ok(o, `build ${i}`));
    const builds = readdirSync(path.join(dir, '.choreo', 'delivery', 'builds'));
    expect(builds.length).toBe(WRITERS + 1 + ROUNDS); // the first build, those of the rounds above and these
    const list = ok(await run(['build', '--list']), 'build --list');
    for (const c of commits) expect(list).toContain(c.slice(0, 7));
  });
});
