import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBasicAuth, startGitHttpServer, type GitHttpServer } from './git-http-server.js';

const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
const run = (args: string[], cwd?: string) => execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv }).trim();
// Real git talking to our in-process server must run asynchronously: a sync child would block the server.
const runAsync = async (args: string[]) => (await promisify(execFile)('git', args, { encoding: 'utf8', env: gitEnv })).stdout.trim();

describe('git-http-server', () => {
  let tmp: string;
  let server: GitHttpServer | undefined;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ghs-'));
    fs.mkdirSync(path.join(tmp, 'root'));
    run(['init', '--bare', '-q', '-b', 'main', path.join(tmp, 'root', 'remote.git')]);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('parses Basic credentials', () => {
    expect(parseBasicAuth('Basic ' + Buffer.from('u:p:w').toString('base64'))).toEqual({ username: 'u', password: 'p:w' });
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth('Bearer x')).toBeUndefined();
  });

  it('accepts a push from isomorphic-git and serves it to a clone by real git', async () => {
    server = await startGitHttpServer({ root: path.join(tmp, 'root') });
    const dir = path.join(tmp, 'work');
    await git.init({ fs, dir, defaultBranch: 'main' });
    fs.writeFileSync(path.join(dir, 'a.txt'), 'hello\n');
    await git.add({ fs, dir, filepath: 'a.txt' });
    const sha = await git.commit({ fs, dir, message: 'first', author: { name: 'T', email: 't@example.com' } });
    const result = await git.push({ fs, http, dir, url: `${server.url}/remote.git`, ref: 'main' });
    expect(result.ok).toBe(true);
    expect(run(['--git-dir', path.join(tmp, 'root', 'remote.git'), 'rev-parse', 'main'])).toBe(sha);
    await runAsync(['clone', '-q', `${server.url}/remote.git`, path.join(tmp, 'clone')]);
    expect(fs.readFileSync(path.join(tmp, 'clone', 'a.txt'), 'utf8')).toBe('hello\n');
    expect(server.requests()).toBeGreaterThan(0);
  });

  it('answers 401 with WWW-Authenticate without credentials, and works with the right ones', async () => {
    server = await startGitHttpServer({ root: path.join(tmp, 'root'), requireAuth: { username: 'alice', password: 's3cret' } });
    const res = await fetch(`${server.url}/remote.git/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    const bad = await fetch(`${server.url}/remote.git/info/refs?service=git-upload-pack`, {
      headers: { authorization: 'Basic ' + Buffer.from('alice:wrong').toString('base64') },
    });
    expect(bad.status).toBe(401);
    const dir = path.join(tmp, 'work');
    await git.init({ fs, dir, defaultBranch: 'main' });
    fs.writeFileSync(path.join(dir, 'a.txt'), 'x\n');
    await git.add({ fs, dir, filepath: 'a.txt' });
    await git.commit({ fs, dir, message: 'm', author: { name: 'T', email: 't@example.com' } });
    let asked = 0;
    const result = await git.push({
      fs, http, dir, url: `${server.url}/remote.git`, ref: 'main',
      onAuth: () => { asked++; return { username: 'alice', password: 's3cret' }; },
    });
    expect(result.ok).toBe(true);
    expect(asked).toBe(1);
    expect(run(['--git-dir', path.join(tmp, 'root', 'remote.git'), 'log', '--format=%s', 'main'])).toBe('m');
  });
});
