// The browser-mode WebSocket only talks to clients with the launch token; the page says so clearly.
import { join } from 'node:path';
import WebSocket from 'ws';
import { expect, screenshotDir, test } from './fixtures/host';

/** Resolves 'open' or the refusal (HTTP status or close) of a WebSocket handshake. */
function tryConnect(url: string, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { Origin: origin } });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(`refused ${res.statusCode}`);
      ws.terminate();
    });
    ws.on('error', (e) => resolve(`error ${e.message}`));
    ws.on('close', (code) => resolve(`closed ${code}`));
  });
}

test('a WebSocket without the token, or with a wrong one, is refused', async ({ host }) => {
  const wsBase = host.origin.replace(/^http/, 'ws') + '/ws';
  expect(await tryConnect(wsBase, host.origin)).not.toBe('open');
  expect(await tryConnect(`${wsBase}?token=wrong-token-0000`, host.origin)).not.toBe('open');
  // The same endpoint accepts the real token, so the refusals above are about the token.
  expect(await tryConnect(`${wsBase}?token=${encodeURIComponent(host.token)}`, host.origin)).toBe('open');
});

test('the page without a token explains itself instead of showing a broken app', async ({ page, host }) => {
  await page.goto(host.origin + '/');
  await expect(page.getByTestId('auth-failed')).toBeVisible();
  await expect(page.getByRole('heading', { name: /missing or invalid token/i })).toBeVisible();
  await expect(page.getByText('choreo server start')).toBeVisible();
  await expect(page.getByTestId('shell')).toHaveCount(0);
  await page.screenshot({ path: join(screenshotDir, 'missing-token.png') });
});

test('the page with a wrong token says the token is missing or invalid', async ({ page, host }) => {
  await page.goto(`${host.origin}/?token=not-the-right-token`);
  await expect(page.getByRole('heading', { name: /missing or invalid token/i })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('shell')).toHaveCount(0);
});
