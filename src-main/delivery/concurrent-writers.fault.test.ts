// Fault suite, issue 18 item 5: `choreo` processes writing the same state files at the same time lose
// nothing. Each round starts several real CLI processes at once; afterwards every one of them must have
// left its record (deployments, configuration values, builds, history executions).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDeliveryProject } from '../testing/delivery-project.js';
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
  afterAll(() => {
    cli?.dispose();
    tmp?.cleanup();
  });

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

  it(`${WRITERS} concurrent \`choreo build\` of new commits: every build is listed`, async () => {
    const { commitFile } = await import('../testing/delivery-project.js');
    const commits: string[] = [];
    for (let i = 0; i < WRITERS; i++) commits.push(await commitFile(dir, `in/extra-${i}.yaml`, `# ${i}\n`));
    const outs = await Promise.all(commits.map((c) => run(['build', c])));
    outs.forEach((o, i) => ok(o, `build ${i}`));
    const builds = readdirSync(path.join(dir, '.choreo', 'delivery', 'builds'));
    expect(builds.length).toBe(WRITERS + 1);
    const list = ok(await run(['build', '--list']), 'build --list');
    for (const c of commits) expect(list).toContain(c.slice(0, 7));
  });
});
