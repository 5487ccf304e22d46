import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, isTrustedUrl, type TrustPolicy } from './trusted-sender.js';

const policy: TrustPolicy = { windowIds: new Set([7]), distDir: '/opt/choreo/resources/app.asar/dist' };
const page = pathToFileURL('/opt/choreo/resources/app.asar/dist/index.html').href;

describe('isTrustedUrl', () => {
  it('trusts our built page, with a hash or query', () => {
    expect(isTrustedUrl(page, policy)).toBe(true);
    expect(isTrustedUrl(`${page}#/editor`, policy)).toBe(true);
  });

  it.each([
    ['a file next to dist', pathToFileURL('/opt/choreo/resources/app.asar/dist-other/index.html').href],
    ['a file elsewhere', 'file:///etc/passwd'],
    ['a remote page', 'https://example.com/'],
    ['the dev server when none is configured', 'http://127.0.0.1:5173/'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(isTrustedUrl(url, policy)).toBe(false);
  });

  it('trusts the configured dev server origin only', () => {
    const dev = { ...policy, devServerUrl: 'http://127.0.0.1:5173' };
    expect(isTrustedUrl('http://127.0.0.1:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedUrl('http://127.0.0.1:5174/', dev)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', dev)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('needs our window and our page', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: page } }, policy)).toBe(true);
    expect(isTrustedSender({ sender: { id: 8 }, senderFrame: { url: page } }, policy)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, policy)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } }, policy)).toBe(false);
  });
});
