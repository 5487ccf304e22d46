// Git status on a repository of 10,000 files with 10 changed: our status (cold: a fresh Repo with empty
// caches; warm: the shared caches of a running app) against `git status --porcelain` on the same repo,
// and isomorphic-git's statusMatrix for reference.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import { forgetRepo, openRepo } from '../src-main/project/git/repo.js';
import { status } from '../src-main/project/git/status.js';
import type { BenchSuite } from './suite.js';
import { median, recordHistory } from './whole-process.js';

const DIRS = 100;
const FILES_PER_DIR = 100;
const CHANGED = 10;
const RUNS = 5;

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' };

async function time(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function makeRepo(dir: string): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env });
  for (let d = 0; d < DIRS; d++) {
    const sub = path.join(dir, `d${String(d).padStart(3, '0')}`);
    fs.mkdirSync(sub);
    for (let f = 0; f < FILES_PER_DIR; f++) fs.writeFileSync(path.join(sub, `f${f}.yaml`), `kind: Thing\nname: n-${d}-${f}\nspec:\n  value: ${d * f}\n`);
  }
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '-m', 'bench'], { cwd: dir, env });
  // Let the index become older than the files' mtime second (no "racy" entries), as in a real session.
  const past = new Date(Date.now() - 10_000);
  for (let d = 0; d < DIRS; d++) {
    const sub = path.join(dir, `d${String(d).padStart(3, '0')}`);
    for (const f of fs.readdirSync(sub)) fs.utimesSync(path.join(sub, f), past, past);
  }
  execFileSync('git', ['update-index', '--refresh', '-q'], { cwd: dir, env });
  for (let i = 0; i < CHANGED; i++) fs.appendFileSync(path.join(dir, `d${String(i * 7).padStart(3, '0')}`, `f${i}.yaml`), 'changed: true\n');
}

export const gitSuite: BenchSuite = {
  name: 'git',
  description: `status on ${DIRS * FILES_PER_DIR} files with ${CHANGED} changed vs \`git status\``,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'choreo-bench-git-'));
    try {
      makeRepo(dir);
      const gitTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) gitTimes.push(await time(() => execFileSync('git', ['status', '--porcelain'], { cwd: dir, env })));
      const changed = execFileSync('git', ['status', '--porcelain'], { cwd: dir, env, encoding: 'utf8' }).trim().split('\n').length;

      forgetRepo(dir);
      let found = 0;
      const cold = await time(async () => (found = (await status(await openRepo(dir))).entries.length));
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) warm.push(await time(async () => (found = (await status(await openRepo(dir))).entries.length)));
      if (found !== changed) throw new Error(`status found ${found} changes, git status ${changed}`);

      const matrix = await time(() => git.statusMatrix({ fs, dir, cache: {} }));
      const g = median(gitTimes);
      const w = median(warm);
      console.log(`files ${DIRS * FILES_PER_DIR}, changed ${CHANGED} (both report ${found})`);
      console.log(`git status --porcelain          ${g.toFixed(0).padStart(6)} ms (median of ${RUNS}, includes process start)`);
      console.log(`choreo status, cold caches      ${cold.toFixed(0).padStart(6)} ms   ${(cold / g).toFixed(1)}x git`);
      console.log(`choreo status, warm caches      ${w.toFixed(0).padStart(6)} ms   ${(w / g).toFixed(1)}x git (median of ${RUNS})`);
      console.log(`isomorphic-git statusMatrix     ${matrix.toFixed(0).padStart(6)} ms   ${(matrix / g).toFixed(1)}x git (cold, reference)`);
      recordHistory('git', { files: DIRS * FILES_PER_DIR, changed: CHANGED, runs: RUNS, gitMs: g, coldMs: cold, warmMs: w, statusMatrixMs: matrix });
    } finally {
      forgetRepo(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
