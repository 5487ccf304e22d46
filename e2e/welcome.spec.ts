// The start screen when no project is open. The host always opens the folder it was started on, so
// the test answers `project.current` with "nothing open" on the wire; everything else is the real host.
import { join } from 'node:path';
import { expect, screenshotDir, test } from './fixtures/host';

test('welcome screen: open folder, recent projects, the bundled example; a recent entry opens', async ({ page, host }) => {
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id: number; channel: string };
      if (frame.channel === 'project.current') ws.send(JSON.stringify({ id: frame.id, result: { ok: true, value: null } }));
      else server.send(message);
    });
  });
  await page.goto(host.url);
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  await expect(welcome.getByTestId('open-folder-path')).toBeFocused();
  await expect(welcome.getByTestId('open-example')).toBeVisible();
  const recent = welcome.getByTestId('recent-projects');
  await expect(recent).toContainText(host.projectDir);
  await page.screenshot({ path: join(screenshotDir, 'welcome.png') });

  // Browse… has no native dialog in browser mode and says what to do instead.
  await welcome.getByTestId('browse-folder').click();
  await expect(welcome).toContainText('no folder picker in browser mode');

  await recent.getByText(host.projectDir).click();
  await expect(page.getByTestId('shell')).toBeVisible();
  await expect(page.getByTestId('status-path')).toHaveText(host.projectDir);
});
