// Fixture for git tests: a temp folder with bare remotes served by the local smart-HTTP server, an app
// data folder, and real git (run asynchronously, see git-http-server.ts) to set up and verify results.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startGitHttpServer, type GitHttpAuth, type GitHttpServer } from './git-http-server.js';
import { writeProjectFiles } from './temp-projects.js';

export interface GitFixture {
  tmp: string;
  /** Folder of bare repositories served at `server.url`. */
  root: string;
  appData: string;
  server: GitHttpServer;
  /** Creates `<root>/<name>.git` (bare, default branch main) and returns its URL. */
  bare(name?: string): Promise<string>;
  /** Runs real git; resolves to trimmed stdout. */
  git(args: string[], cwd?: string): Promise<string>;
  /** Writes a file (creating folders). */
  write(file: string, content: string): void;
  cleanup(): Promise<void>;
}

const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Fixture',
  GIT_AUTHOR_EMAIL: 'fixture@example.com',
  GIT_COMMITTER_NAME: 'Fixture',
  GIT_COMMITTER_EMAIL: 'fixture@example.com',
};

export async function runGit(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, { cwd, env: gitEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/**
 * Makes `dir` a new repository (branch main) holding what it holds plus `files` (project-relative path →
 * text), all committed as `message`; returns the commit.
 */
export async function commitNewRepo(dir: string, files: Record<string, string>, message: string): Promise<string> {
  writeProjectFiles(dir, files);
  await runGit(['init', '-q', '-b', 'main'], dir);
  await runGit(['add', '-A'], dir);
  await runGit(['commit', '-q', '-m', message], dir);
  return runGit(['rev-parse', 'HEAD'], dir);
}

export async function makeGitFixture(options: { requireAuth?: GitHttpAuth } = {}): Promise<GitFixture> {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'choreo-git-')));
  const root = path.join(tmp, 'remotes');
  const appData = path.join(tmp, 'app-data');
  fs.mkdirSync(root);
  fs.mkdirSync(appData);
  const server = await startGitHttpServer({ root, requireAuth: options.requireAuth });
  return {
    tmp,
    root,
    appData,
    server,
    async bare(name = 'remote') {
      await runGit(['init', '--bare', '-q', '-b', 'main', path.join(root, `${name}.git`)]);
      return `${server.url}/${name}.git`;
    },
    git: runGit,
    write(file, content) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    },
    async cleanup() {
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
