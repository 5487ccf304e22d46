// Differential test: conformance programs that need no test-only builtins, one-expression probes, small
// programs of our own, and seeded generated programs,
// run in our interpreter and in the reference starlark-go binary; output, success/failure and error message
// must be identical, except for the documented version differences in differential-known-differences.txt
// (the reference is Debian's 2021 snapshot; we target the 2024 version Choreo embeds).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareOutcomes, conformancePrograms, generatedPrograms, ownPrograms, probePrograms, runOurs, runReferenceBatch, type Mismatch } from './differential.js';
import { ensureReference } from './reference.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const conformanceRoot = path.resolve(repoRoot, '../shared/conformance/starlark');
const knownFile = path.join(import.meta.dirname, 'differential-known-differences.txt');
const haveShared = existsSync(conformanceRoot);

/** `id what  reason` lines; `what` is status, output or error. */
function knownDifferences(): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(knownFile)) return out;
  for (const raw of readFileSync(knownFile, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+)\s+(status|output|error)\s+(.*)$/.exec(line);
    if (m) out.set(`${m[1]} ${m[2]}`, m[3]);
  }
  return out;
}

function show(m: Mismatch): string {
  const clip = (s: string): string => JSON.stringify(s.length > 300 ? s.slice(0, 300) + '…' : s);
  return `${m.id} ${m.what}\n    ours: ${clip(m.ours)}\n    ref:  ${clip(m.ref)}`;
}

describe('differential testing against the reference starlark-go interpreter', () => {
  it.skipIf(!haveShared)('runs conformance and generated programs identically (skipped only when ../shared is absent)', () => {
    const ref = ensureReference(repoRoot, { allowInstall: Boolean(process.env.CI) });
    if (!ref.ok) throw new Error(`the differential test needs the reference interpreter: ${ref.reason}`);
    const probes = path.join(import.meta.dirname, 'differential-probes.txt');
    const own = path.join(import.meta.dirname, 'differential-programs.star');
    const programs = [...conformancePrograms(conformanceRoot), ...probePrograms(probes), ...ownPrograms(own), ...generatedPrograms(20261122, 300)];
    expect(programs.length).toBeGreaterThan(600);
    const refOutcomes = runReferenceBatch(ref.path, programs);
    const known = knownDifferences();
    const unexpected: Mismatch[] = [];
    let documented = 0;
    programs.forEach((p, i) => {
      for (const m of compareOutcomes(p.id, runOurs(p, i), refOutcomes[i])) {
        if (known.has(`${m.id} ${m.what}`)) documented++;
        else unexpected.push(m);
      }
    });
    const failedInBoth = refOutcomes.filter((r) => !r.ok).length;
    const byWhat = (['status', 'output', 'error', 'traceback'] as const).map((w) => `${unexpected.filter((m) => m.what === w).length} ${w}`).join(', ');
    console.log(`differential: ${programs.length} programs (${failedInBoth} fail in the reference), ${documented} documented differences, ${unexpected.length} unexpected (${byWhat})`);
    expect(unexpected.map(show), `unexpected differences (document version differences in ${path.basename(knownFile)})`).toEqual([]);
    // Generous: on a clean clone the reference binary is built first (go build, up to a minute on 2 cores).
  }, 600_000);
});
