// The browser-mode connection drops and comes back: the status bar says so, and work continues.
import { expect, firstInputFile, openApp, openFromExplorer, test } from './fixtures/host';

test('when the server goes away the status bar shows reconnecting…, and saving works after it is back', async ({ page, host }) => {
  await openApp(page, host);
  const file = firstInputFile(host);
  await openFromExplorer(page, file);

  await host.stop!();
  await expect(page.getByTestId('status-ready')).toContainText('reconnecting');

  await host.restart!();
  await expect(page.getByTestId('status-ready')).toContainText('ready', { timeout: 20_000 });

  // The project is open in the new server process, so a save goes through.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# after reconnect');
  await page.keyboard.press('Control+s');
  await expect.poll(() => host.read(file)).toContain('# after reconnect');
});
