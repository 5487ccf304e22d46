// The file-operation channels through the real host: requests validated, errors typed, and a
// delete -> restore round trip as the renderer performs it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { Host } from '../host.js';

let tmp: ReturnType<typeof makeTempDir>;
let host: Host;
let project: string;

beforeEach(async () => {
  tmp = makeTempDir();
  project = join(tmp.dir, 'proj');
  mkdirSync(join(project, 'in'), { recursive: true });
  writeFileSync(join(project, 'in', 'a.yaml'), 'greeting: hello\n');
  host = new Host({ transport: 'websocket', appDataDir: join(tmp.dir, 'app'), watch: false, validateResponses: true });
  await host.openProject(project);
});
afterEach(async () => {
  await host.close();
  tmp.cleanup();
});

describe('file-operation channels', () => {
  it('deletes to the trash, lists it, and restores through the dispatcher', async () => {
    const deleted = await host.dispatch('file.delete', { path: 'in/a.yaml' });
    expect(deleted).toMatchObject({ ok: true, value: { path: 'in/a.yaml', kind: 'file' } });
    const list = await host.dispatch('file.trashList', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    const id = (deleted as { value: { id: string } }).value.id;
    expect(await host.dispatch('file.restore', { id })).toEqual({ ok: true, value: { path: 'in/a.yaml', kind: 'file' } });
    expect(readFileSync(join(project, 'in', 'a.yaml'), 'utf8')).toBe('greeting: hello\n');
  });

  it('answers a bad regular expression with invalid-request and a message naming the problem', async () => {
    const res = await host.dispatch('file.search', { query: '[unclosed', regex: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-request', where: '[unclosed' } });
    if (!res.ok) expect(res.error.message).toContain('not a valid regular expression');
  });

  it('finds text with file, line, column and preview', async () => {
    const res = await host.dispatch('file.search', { query: 'HELLO' });
    expect(res).toEqual({
      ok: true,
      value: {
        files: [{ path: 'in/a.yaml', matches: [{ line: 1, col: 11, length: 5, preview: 'greeting: hello', previewCol: 10 }] }],
        matchCount: 1,
        filesSearched: 1,
        filesSkipped: 0,
        truncated: false,
      },
    });
  });

  it('refuses escapes and overwrites with typed errors', async () => {
    expect(await host.dispatch('file.create', { path: '../x.yaml' })).toMatchObject({ ok: false, error: { code: 'path-escape' } });
    expect(await host.dispatch('file.create', { path: 'in/a.yaml' })).toMatchObject({ ok: false, error: { code: 'conflict', where: 'in/a.yaml' } });
    expect(await host.dispatch('file.rename', { from: 'in/a.yaml', to: '/etc/x' })).toMatchObject({ ok: false, error: { code: 'path-escape' } });
  });
});

describe('file.search through the host', () => {
  it('a newer search stops the older one; the newer one answers', async () => {
    for (let i = 0; i < 400; i++) writeFileSync(join(project, 'in', `f${i}.yaml`), 'x: hello\n'.repeat(50));
    const [first, second] = await Promise.all([host.dispatch('file.search', { query: 'zzz-not-there' }), host.dispatch('file.search', { query: 'hello', maxResults: 10 })]);
    expect(first).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(second).toMatchObject({ ok: true, value: { matchCount: 1, truncated: true } });
  });
});
