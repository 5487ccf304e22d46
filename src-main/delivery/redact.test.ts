import { describe, expect, it } from 'vitest';
import { makeRedactor, REDACTED, redactJson } from './redact.js';

describe('secret redaction', () => {
  const redact = makeRedactor(['s3cret-Token']);

  it('redacts the value and the forms a reconciler commonly derives from it', () => {
    const b64 = Buffer.from('s3cret-Token').toString('base64');
    const hex = Buffer.from('s3cret-Token').toString('hex');
    const line = `tok=s3cret-Token up=S3CRET-TOKEN low=s3cret-token b64=${b64} hex=${hex} rev=nekoT-terc3s url=${encodeURIComponent('s3cret-Token')}`;
    const out = redact(line);
    expect(out).not.toMatch(/s3cret|S3CRET|nekoT|czNjcmV0|733363726574/i);
    expect(out.split(REDACTED)).toHaveLength(8);
  });

  it('leaves short derived forms alone (a one-letter secret must not blank out every "t")', () => {
    const r = makeRedactor(['t']);
    expect(r('the T')).toBe(`${REDACTED}he T`);
    expect(redactJson({ ok: true, s: 'x' }, r)).toEqual({ ok: true, s: 'x' });
  });
});
