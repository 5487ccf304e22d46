// Build references: id, id prefix, digest (bare or sha256:), digest prefix, commit prefix; ambiguity lists candidates.
import { describe, expect, it } from 'vitest';
import { DeliveryError, type BuildRecord } from './types.js';
import { resolveBuildRef } from './build-ref.js';

function build(digest: string, commit: string): BuildRecord {
  return {
    id: digest.slice(0, 16),
    digest,
    commit,
    rev: 'HEAD',
    status: 'succeeded',
    message: 'built',
    createdAt: '2026-12-07T00:00:00.000Z',
    durationMs: 1,
    executionId: 'x',
    findings: [],
    keys: [],
    refs: [],
    kinds: [],
    objectCount: 1,
    fileCount: 1,
  };
}

const A = build('ab12cd34ef56ab12' + '9'.repeat(47) + '1', 'c0ffee' + '0'.repeat(34));
const B = build('ab12cd34ef56ab13' + '9'.repeat(47) + '2', 'deadbe' + '0'.repeat(34)); // shares 15 characters with A
const C = build('77' + '3'.repeat(62), 'ab12ff' + '0'.repeat(34)); // its commit starts like A's id
const all = [A, B, C];

function refusal(ref: string): DeliveryError {
  try {
    resolveBuildRef(all, ref);
  } catch (e) {
    if (e instanceof DeliveryError) return e;
    throw e;
  }
  throw new Error(`"${ref}" resolved`);
}

describe('resolveBuildRef', () => {
  it('accepts the full digest, bare or as sha256:DIGEST, and a unique digest prefix beyond the id', () => {
    expect(resolveBuildRef(all, A.digest)).toBe(A);
    expect(resolveBuildRef(all, `sha256:${B.digest}`)).toBe(B);
    expect(resolveBuildRef(all, B.digest.slice(0, 63))).toBe(B);
    expect(resolveBuildRef(all, C.digest.slice(0, 30).toUpperCase())).toBe(C);
  });

  it('accepts the id and any unique prefix of it, and a commit prefix', () => {
    expect(resolveBuildRef(all, C.id)).toBe(C);
    expect(resolveBuildRef(all, '773')).toBe(C);
    expect(resolveBuildRef(all, 'c0ffee')).toBe(A);
  });

  it('an ambiguous prefix lists the candidates', () => {
    const e = refusal('ab12');
    expect(e.code).toBe('invalid');
    expect(e.message).toContain('"ab12" is ambiguous: it matches 3 builds');
    for (const b of all) expect(e.message).toContain(b.id);
    expect(e.message).toContain('(matched by commit)');
    expect(refusal(A.id.slice(0, 15)).message).toContain('matches 2 builds');
    expect(resolveBuildRef(all, A.id)).toBe(A);
  });

  it('an unknown or malformed reference says what to give', () => {
    expect(refusal('ffff').code).toBe('not-found');
    expect(refusal('sha512:zz').message).toContain('is not a build reference');
    expect(refusal('').code).toBe('not-found');
  });
});
