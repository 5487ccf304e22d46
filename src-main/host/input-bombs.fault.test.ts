// Fault suite, issue 18 item 4: input that costs unbounded work. A regular expression that backtracks
// exponentially (search, a CRD `pattern`), a CEL rule with nested comprehensions, and FIFOs in the project.
// Each is sent to a real host process; it must answer with the right error (or result) while it keeps
// answering a ping. The watchdogs are generous: a hung host never answers at all.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepPinging, startHostProcess, type HostProcess } from '../testing/host-process.js';
import { tempProjects, writeProjectFiles } from '../testing/temp-projects.js';
import { OBJECT_META_PROPERTIES, testCrdYaml } from '../testing/crd-yaml.js';

const projects = tempProjects('choreo-bombs-');
let host: HostProcess;
let dir: string;

const EVIL = '^(a+)+$';
const CRD = testCrdYaml({
  kind: 'Bomb',
  plural: 'bombs',
  properties: {
    ...OBJECT_META_PROPERTIES,
    spec: `{type: object, properties: {name: {type: string, pattern: '${EVIL}'}, items: {type: array, items: {type: integer}, x-kubernetes-validations: [{rule: 'self.all(a, self.all(b, self.all(c, self.all(d, a + b + c + d >= 0))))'}]}}}`,
  },
});
const bomb = (name: string, spec: string) => `apiVersion: example.com/v1alpha1
kind: Bomb
metadata:
  name: ${name}
  namespace: default
spec:
${spec}
`;
const list100 = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;

beforeAll(async () => {
  dir = projects.withFiles({ 'crds/example.com_bombs.yaml': CRD, 'notes.txt': `${'a'.repeat(40)}c\n` });
  host = await startHostProcess(dir, projects.emptyDir());
});
afterAll(async () => {
  await host?.stop();
  projects.cleanup();
});

describe('unbounded work from input is bounded', () => {
  it('searches with an exponential-backtracking regex in linear time', async () => {
    const pinger = keepPinging(host);
    const r = await host.invoke('file.search', { query: '(a+)+b', regex: true }, 10_000);
    expect(await pinger.done()).toBeGreaterThan(0);
    expect(r.matchCount).toBe(0);
    expect(r.filesSearched).toBeGreaterThan(0);
    // and it still finds what matches
    expect((await host.invoke('file.search', { query: '(a+)+c', regex: true, include: ['notes.txt'] }, 10_000)).matchCount).toBe(1);
  });

  it('validates a CRD pattern that backtracks exponentially in linear time', async () => {
    writeProjectFiles(dir, { 'in/bomb.yaml': bomb('pattern', `  name: ${'a'.repeat(40)}!`) });
    const pinger = keepPinging(host);
    const r = await host.invoke('run.once', {}, 60_000);
    await pinger.done();
    expect(r.result).toBeNull();
    expect(r.loadError?.message).toContain(`spec.name in body should match '${EVIL}'`);
  });

  it('stops a CEL rule at the Kubernetes per-call cost limit with the API server error', async () => {
    writeProjectFiles(dir, { 'in/bomb.yaml': bomb('cel', `  items: ${list100}`) });
    const pinger = keepPinging(host);
    const r = await host.invoke('run.once', {}, 60_000);
    await pinger.done();
    expect(r.result).toBeNull();
    expect(r.loadError?.message).toContain(
      "'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.all(a, self.all(b",
    );
  });

  it('refuses FIFOs instead of blocking on them', async () => {
    writeProjectFiles(dir, { 'in/bomb.yaml': bomb('fine', '  name: aaa') });
    for (let i = 0; i < 6; i++) execFileSync('mkfifo', [path.join(dir, 'in', `pipe${i}.yaml`)]);
    const pinger = keepPinging(host);
    // More reads than libuv has file-system threads: blocked reads would stop all file I/O.
    const reads = await Promise.all(Array.from({ length: 6 }, (_, i) => host.invoke('file.read', { path: `in/pipe${i}.yaml` }, 10_000).then(
      () => 'read',
      (e: Error) => e.message,
    )));
    for (const m of reads) expect(m).toMatch(/is a named pipe \(FIFO\), not a regular file/);
    expect((await host.invoke('file.read', { path: 'notes.txt' }, 10_000)).content).toContain('aaa');
    const s = await host.invoke('file.search', { query: 'aaa' }, 10_000);
    expect(s.matchCount).toBeGreaterThan(0);
    const r = await host.invoke('run.once', {}, 60_000);
    expect(r.loadError?.message ?? r.result?.message).toMatch(/pipe0\.yaml is a named pipe \(FIFO\), not a regular file/);
    await pinger.done();
  });
});
