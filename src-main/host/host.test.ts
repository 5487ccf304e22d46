// Contract validation through the real dispatcher: every channel refuses a bad payload, every core
// channel accepts a good one and answers with a response that matches its schema.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelNames, channels, type ChannelName, type coreChannels } from '../../src-shared/ipc/contract.js';
import { testHost } from '../testing/channel-host.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { createDispatcher } from './dispatch.js';
import { HostError, type Handlers, type HostContext } from './handlers.js';
import type { Host } from './host.js';
import { silentLogger } from './log.js';

let tmp: ReturnType<typeof makeTempDir>;
let host: Host;
let project: string;

beforeEach(async () => {
  tmp = makeTempDir();
  project = join(tmp.dir, 'proj');
  mkdirSync(join(project, 'in'), { recursive: true });
  writeFileSync(join(project, 'in', 'a.yaml'), 'a: 1\n');
  host = testHost(join(tmp.dir, 'app'), { browseRoot: tmp.dir });
});
afterEach(async () => {
  await host.close();
  tmp.cleanup();
});

/** A valid request for every core channel (feature groups test their own channels). */
const goodRequests: { [C in keyof typeof coreChannels]: unknown } = {
  'app.info': {},
  'project.current': {},
  'project.open': { root: '<project>' },
  'project.pickFolder': {},
  'project.folders': { path: '<project>' },
  'project.close': {},
  'project.scaffold': {},
  'project.recent': {},
  'project.recent.remove': { root: '/not/listed' },
  'project.tree': {},
  'file.read': { path: 'in/a.yaml' },
  'file.write': { path: 'in/b.yaml', content: 'b: 2\n' },
  'file.create': { path: 'in/new.yaml', content: 'x: 1\n' },
  'dir.create': { path: 'in/sub' },
  'file.rename': { from: 'in/a.yaml', to: 'in/c.yaml' },
  'file.delete': { path: 'in/a.yaml' },
  'file.restore': { id: 'nothing-deleted-yet' },
  'file.trashList': {},
  'file.search': { query: 'a', include: ['*.yaml'] },
};
const badRequests: { [C in keyof typeof coreChannels]: unknown } = {
  'app.info': { extra: 1 },
  'project.current': { root: 1 },
  'project.open': { root: '' },
  'project.pickFolder': { title: 'x' },
  'project.folders': { path: 'relative/path' },
  'project.close': { root: '<project>' },
  'project.scaffold': { kind: 'Website' },
  'project.recent': [],
  'project.recent.remove': { root: '' },
  'project.tree': { depth: 'all' },
  'file.read': { path: 42 },
  'file.write': { path: 'in/b.yaml' },
  'file.create': { path: '' },
  'dir.create': { path: 1 },
  'file.rename': { from: 'in/a.yaml' },
  'file.delete': { paths: ['in/a.yaml'] },
  'file.restore': { id: '' },
  'file.trashList': { all: true },
  'file.search': { query: '' },
};

describe('dispatch: request validation', () => {
  it.each(channelNames)('refuses a payload that is not an object on %s', async (channel) => {
    const result = await host.dispatch(channel, 42);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    if (!result.ok) expect(result.error.message).toContain(`"${channel}"`);
  });

  it.each(Object.keys(badRequests))('refuses a malformed %s request with readable zod issues', async (channel) => {
    await host.openProject(project);
    const result = await host.dispatch(channel, badRequests[channel as keyof typeof badRequests]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-request');
      expect(result.error.message).toMatch(/: /);
    }
  });

  it.each(Object.keys(goodRequests))('accepts a good %s request and answers within the contract', async (channel) => {
    await host.openProject(project);
    const raw = goodRequests[channel as keyof typeof goodRequests];
    const request = JSON.parse(JSON.stringify(raw).replace('<project>', project));
    const result = await host.dispatch(channel, request);
    if (channel === 'project.pickFolder') {
      // No native dialog in browser mode: a typed error, not a crash.
      expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      return;
    }
    if (channel === 'file.restore') {
      // Nothing was deleted in this fresh project: a typed not-found (services/files.test.ts restores for real).
      expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
      return;
    }
    expect(result.ok).toBe(true);
    if (result.ok) expect(channels[channel as ChannelName].response.safeParse(result.value).success).toBe(true);
  });

  it('names the field in the message', async () => {
    await host.openProject(project);
    const result = await host.dispatch('file.read', { path: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('path:') } });
  });
});

describe('dispatch: errors are values', () => {
  it('answers an unknown channel with a typed error', async () => {
    const result = await host.dispatch('shell.exec', { cmd: 'rm -rf /' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await host.dispatch(undefined, undefined)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    // Names inherited from Object.prototype are not channels.
    expect(await host.dispatch('constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('needs an open project for file channels', async () => {
    expect(await host.dispatch('project.current', {})).toEqual({ ok: true, value: null });
    expect(await host.dispatch('file.read', { path: 'in/a.yaml' })).toMatchObject({ ok: false, error: { code: 'no-project' } });
  });

  it('turns HostError into its code, other exceptions into internal errors, invalid responses into internal errors', async () => {
    const errors: string[] = [];
    const ctx: HostContext = { projectRoot: () => '/nowhere', emit: () => {}, appDataDir: '/nowhere' };
    const overrides: Record<string, () => Promise<unknown>> = {
      'file.read': async () => {
        throw new HostError('conflict', 'changed on disk', 'in/a.yaml:3:1');
      },
      'project.tree': async () => {
        throw new TypeError('boom');
      },
      'project.recent': async () => 'not a list',
    };
    const handlers = Object.fromEntries(channelNames.map((c) => [c, overrides[c] ?? (async () => ({}))])) as unknown as Handlers;
    const dispatch = createDispatcher(handlers, ctx, { validateResponses: true, log: { info: () => {}, error: (m) => errors.push(m) } });
    expect(await dispatch('file.read', { path: 'x' })).toEqual({ ok: false, error: { code: 'conflict', message: 'changed on disk', where: 'in/a.yaml:3:1' } });
    expect(await dispatch('project.tree', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('boom') } });
    expect(await dispatch('project.recent', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('breaks the contract') } });
    expect(errors.length).toBe(2);
    const lax = createDispatcher(handlers, ctx, { validateResponses: false, log: silentLogger });
    expect(await lax('project.recent', {})).toEqual({ ok: true, value: 'not a list' });
  });
});

describe('Host: project basics', () => {
  it('opens a folder, remembers it, reads and writes through the contract', async () => {
    const opened: unknown[] = [];
    host.onEvent((event, payload) => opened.push([event, payload]));
    const info = await host.dispatch('project.open', { root: project });
    expect(info).toMatchObject({ ok: true, value: { root: project, name: 'proj' } });
    expect(opened).toEqual([['project.opened', expect.objectContaining({ root: project })]]);
    expect(await host.dispatch('project.recent', {})).toMatchObject({ ok: true, value: [{ root: project }] });
    expect(await host.dispatch('project.recent.remove', { root: project })).toEqual({ ok: true, value: [] });
    expect(await host.dispatch('project.recent', {})).toEqual({ ok: true, value: [] });
    const read = await host.dispatch('file.read', { path: 'in/a.yaml' });
    if (!read.ok) throw new Error(read.error.message);
    const { hash } = read.value as { hash: string };
    expect(await host.dispatch('file.write', { path: 'in/a.yaml', content: 'a: 2\n', expectedHash: hash })).toMatchObject({ ok: true });
    expect(await host.dispatch('file.write', { path: 'in/a.yaml', content: 'a: 3\n', expectedHash: hash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await host.dispatch('file.read', { path: '../proj/in/a.yaml' })).toMatchObject({ ok: false, error: { code: 'path-escape', where: '../proj/in/a.yaml' } });
  });

  it('closes the folder: no project afterwards, the folder stays in the recent list and on disk', async () => {
    await host.dispatch('project.open', { root: project });
    expect(await host.dispatch('project.close', {})).toEqual({ ok: true, value: {} });
    expect(await host.dispatch('project.current', {})).toEqual({ ok: true, value: null });
    expect(await host.dispatch('project.tree', {})).toMatchObject({ ok: false, error: { code: 'no-project' } });
    expect(await host.dispatch('project.recent', {})).toMatchObject({ ok: true, value: [{ root: project }] });
    expect(existsSync(join(project, 'in', 'a.yaml'))).toBe(true);
  });

  it('scaffolds a Choreo project into the open folder, and refuses to overwrite it the second time', async () => {
    await host.dispatch('project.open', { root: project });
    const first = await host.dispatch('project.scaffold', {});
    expect(first).toMatchObject({ ok: true, value: { files: expect.arrayContaining(['crds/example.com_websites.yaml', 'libs/example.com.urls.star']) } });
    expect(existsSync(join(project, 'reconcilers', 'example.com.websites.website.star'))).toBe(true);
    expect(await host.dispatch('project.scaffold', {})).toMatchObject({ ok: false, error: { code: 'conflict', where: 'crds/example.com_websites.yaml' } });
  });

  it('refuses a folder that does not exist with not-found', async () => {
    expect(await host.dispatch('project.open', { root: join(tmp.dir, 'missing') })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('reports the transport and the bundled example in app.info', async () => {
    const result = await host.dispatch('app.info', {});
    expect(result).toMatchObject({ ok: true, value: { transport: 'websocket', version: expect.any(String) } });
  });
});
