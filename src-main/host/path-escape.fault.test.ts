// Fault suite, issue 18 item 3 (and the typed-error cases of item 6): every channel a token holder can
// call stays inside the project. Driven through the real host and dispatcher, as the renderer would.
import { mkdirSync, readFileSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelCaller, testHost } from '../testing/channel-host.js';
import { runGit } from '../testing/git-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';
import type { Host } from './host.js';

let tmp: ReturnType<typeof makeTempDir>;
let host: Host;
let project: string;
let outside: string;
let appData: string;
const { call, ok } = channelCaller(() => host);

const SECRET = 'outside secret\n';

beforeEach(async () => {
  tmp = makeTempDir('choreo-escape-');
  project = path.join(tmp.dir, 'proj');
  outside = path.join(tmp.dir, 'outside');
  appData = path.join(tmp.dir, 'app-data');
  mkdirSync(path.join(project, 'in'), { recursive: true });
  mkdirSync(outside);
  mkdirSync(appData);
  writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  writeFileSync(path.join(project, 'in', 'a.yaml'), 'a: 1\n');
  await runGit(['init', '-q', '-b', 'main', project]);
  await runGit(['add', '-A'], project);
  await runGit(['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'first'], project);
  host = testHost(appData);
  await host.openProject(project);
});
afterEach(async () => {
  await host.close();
  tmp.cleanup();
});

/** The answer is a typed refusal (never `internal`, never a stack trace). */
async function refused(channel: string, request: unknown, code = 'path-escape'): Promise<string> {
  const r = await call(channel, request);
  expect(r.ok, `${channel} ${JSON.stringify(request)} was accepted`).toBe(false);
  if (r.ok) return '';
  expect(r.error.code, r.error.message).toBe(code);
  expect(r.error.message).not.toMatch(/\n\s+at /);
  return r.error.message;
}

function outsideUntouched(): void {
  expect(readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe(SECRET);
}

describe('trash records are confined', () => {
  it('refuses to restore a forged record whose path leads outside the project', async () => {
    const id = 'forged-1';
    const dir = path.join(project, '.choreo', 'trash', id);
    mkdirSync(path.join(dir, 'files'), { recursive: true });
    writeFileSync(path.join(dir, 'entry.json'), JSON.stringify({ id, path: '../../../../outside/secret.txt', kind: 'file', deletedAt: new Date().toISOString() }));
    const rel = path.relative(path.join(dir, 'files'), path.join(outside, 'secret.txt')).split(path.sep).join('/');
    writeFileSync(path.join(dir, 'entry.json'), JSON.stringify({ id, path: rel, kind: 'file', deletedAt: new Date().toISOString() }));
    await refused('file.restore', { id, to: 'in/stolen.txt' }, 'io');
    await refused('file.restore', { id }, 'io');
    outsideUntouched();
    expect(existsSync(path.join(project, 'in', 'stolen.txt'))).toBe(false);
    expect((await ok('file.trashList', {})).map((e: { id: string }) => e.id)).not.toContain(id);
  });

  it('refuses a trash folder that is a symbolic link to outside', async () => {
    const id = 'linked-1';
    mkdirSync(path.join(project, '.choreo', 'trash'), { recursive: true });
    mkdirSync(path.join(outside, 'files', 'in'), { recursive: true });
    writeFileSync(path.join(outside, 'files', 'in', 'x.yaml'), 'x\n');
    writeFileSync(path.join(outside, 'entry.json'), JSON.stringify({ id, path: 'in/x.yaml', kind: 'file', deletedAt: new Date().toISOString() }));
    symlinkSync(outside, path.join(project, '.choreo', 'trash', id));
    await refused('file.restore', { id }, 'io');
    expect(existsSync(path.join(outside, 'files', 'in', 'x.yaml'))).toBe(true);
  });
});

describe('git channels are confined like file channels', () => {
  beforeEach(() => symlinkSync(outside, path.join(project, 'link')));

  it('git.diff, git.stage, git.unstage and git.discard refuse a path through a folder link to outside', async () => {
    await refused('git.diff', { path: 'link/secret.txt' });
    await refused('git.stage', { paths: ['link/secret.txt'] });
    await refused('git.unstage', { paths: ['link/secret.txt'] });
    await refused('git.discard', { path: 'link/secret.txt' });
    await refused('git.diff', { path: '../outside/secret.txt' });
    outsideUntouched();
    expect(await runGit(['ls-files'], project)).toBe('in/a.yaml');
  });

  it('still stages the link itself (git stores its target text, it does not follow it)', async () => {
    await ok('git.stage', { paths: ['link'] });
    expect(await runGit(['ls-files', '-s', 'link'], project)).toMatch(/^120000 /);
  });
});

describe('file channels refuse the .git folder', () => {
  it.each([
    ['file.write', { path: '.git/config', content: '[core]\n\tfsmonitor = touch /tmp/pwned\n' }],
    ['file.write', { path: '.git/hooks/pre-commit', content: '#!/bin/sh\n' }],
    ['file.create', { path: '.git/hooks/post-checkout', content: '#!/bin/sh\n' }],
    ['file.write', { path: '.GIT/config', content: 'x' }],
    ['file.write', { path: 'in/../.git/config', content: 'x' }],
    ['dir.create', { path: '.git/hooks/sub' }],
    ['file.read', { path: '.git/config' }],
    ['file.delete', { path: '.git/config' }],
    ['file.rename', { from: 'in/a.yaml', to: '.git/hooks/pre-push' }],
    ['file.rename', { from: '.git/config', to: 'in/config' }],
  ])('%s %j is refused', async (channel, request) => {
    await refused(channel, request);
    expect(readFileSync(path.join(project, '.git', 'config'), 'utf8')).not.toMatch(/fsmonitor|^x$/);
    expect(existsSync(path.join(project, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('refuses .git reached through a link inside the project', async () => {
    symlinkSync(path.join(project, '.git'), path.join(project, 'gl'));
    await refused('file.write', { path: 'gl/config', content: 'x' });
  });

  it('accepts names that only start with two dots, and .gitignore', async () => {
    await ok('file.create', { path: '..foo', content: 'x\n' });
    await ok('file.write', { path: 'in/..bar.yaml', content: 'b: 1\n' });
    await ok('file.write', { path: '.gitignore', content: '.choreo/\n' });
    expect(readFileSync(path.join(project, '..foo'), 'utf8')).toBe('x\n');
    await ok('git.stage', { paths: ['..foo'] });
  });
});

describe('project.open refuses the app data folder and system folders', () => {
  it.each([
    ['the app data folder', () => appData],
    ['a folder inside it', () => (mkdirSync(path.join(appData, 'sub'), { recursive: true }), path.join(appData, 'sub'))],
    ['a folder that contains it', () => tmp.dir],
    ["the app's workspaces folder (every clone at once)", () => (mkdirSync(path.join(appData, 'workspaces'), { recursive: true }), path.join(appData, 'workspaces'))],
    ['the file system root', () => '/'],
    ['/etc', () => '/etc'],
    ['/proc', () => '/proc'],
  ])('refuses %s', async (_what, dir) => {
    writeFileSync(path.join(appData, 'secret.key'), 'k');
    const message = await refused('project.open', { root: dir() }, 'invalid-request');
    expect(message).toMatch(/cannot be opened as a project/);
    // the open project is still the one before
    expect((await ok('project.current', {}))?.root).toBe(project);
  });
});

describe("a clone in the app's workspaces folder (choreo mode) opens, the rest of the app data folder stays out of reach", () => {
  it('opens the workspace; its files are readable, the secrets key is not (no path, no symbolic link reaches it)', async () => {
    writeFileSync(path.join(appData, 'secret.key'), 'k');
    const ws = path.join(appData, 'workspaces', 'http-example.com-org-repo.git');
    mkdirSync(path.join(ws, 'in'), { recursive: true });
    writeFileSync(path.join(ws, 'in', 'a.yaml'), 'a: 1\n');
    symlinkSync(path.join(appData, 'secret.key'), path.join(ws, 'in', 'key.yaml'));
    expect((await ok('project.open', { root: ws })).root).toBe(ws);
    expect((await ok('file.read', { path: 'in/a.yaml' })).content).toBe('a: 1\n');
    await refused('file.read', { path: '../../secret.key' });
    await refused('file.read', { path: 'in/key.yaml' });
  });
});

describe('bad names get typed answers, not `internal`', () => {
  it('an over-long name is refused with a clear message', async () => {
    const message = await refused('file.create', { path: `in/${'x'.repeat(300)}.yaml`, content: '' }, 'invalid-request');
    expect(message).toMatch(/too long/);
    await refused('file.write', { path: `in/${'y'.repeat(300)}.yaml`, content: '' }, 'invalid-request');
  });

  it('git.checkout with ../ in the name is an invalid request', async () => {
    const message = await refused('git.checkout', { name: '../outside' }, 'invalid-request');
    expect(message).toMatch(/not a valid branch name/);
    await refused('git.branch.create', { name: '../x' }, 'invalid-request');
  });
});
