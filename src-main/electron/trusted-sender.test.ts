import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol.js';
import { isTrustedSender, isTrustedUrl, type TrustPolicy } from './trusted-sender.js';

const policy: TrustPolicy = { windowIds: new Set([7]), appOrigin: APP_ORIGIN };
const page = APP_INDEX_URL;

describe('isTrustedUrl', () => {
  it('trusts our page on app://choreo/, with a hash or query', () => {
    expect(isTrustedUrl(page, policy)).toBe(true);
    expect(isTrustedUrl(`${page}#/editor`, policy)).toBe(true);
    expect(isTrustedUrl('app://choreo/?x=1', policy)).toBe(true);
  });

  it.each([
    ['our built page loaded from file://', 'file:///opt/choreo/resources/app.asar/dist/index.html'],
    ['a file elsewhere', 'file:///etc/passwd'],
    ['another app:// host', 'app://evil/index.html'],
    ['a host that only starts like ours', 'app://choreo.evil/index.html'],
    ['our host with credentials in the URL', 'app://user:pw@choreo/index.html'],
    ['a remote page', 'https://example.com/'],
    ['a web page on a host named like ours', 'https://choreo/index.html'],
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
