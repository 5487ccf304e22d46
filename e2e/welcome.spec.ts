// The start screen when no project is open (showWelcomeScreen answers `project.current` with "nothing
// open" on the wire; everything else is the real host).
import { join } from 'node:path';
import { expect, screenshotDir, showWelcomeScreen, test } from './fixtures/host';

test('welcome screen: open folder, recent projects, the bundled example; a recent entry opens', async ({ page, host }) => {
  await showWelcomeScreen(page, host);
  const welcome = page.getByTestId('welcome');
  await expect(welcome.getByTestId('open-folder-path')).toBeFocused();
  await expect(welcome.getByTestId('open-example')).toBeVisible();
  const recent = welcome.getByTestId('recent-projects');
  await expect(recent).toContainText(host.projectDir);
  await page.screenshot({ path: join(screenshotDir, 'welcome.png') });

  // Browse… has no native dialog in browser mode: it shows the folder picker (folder-picker.spec.ts); Esc closes it.
  await welcome.getByTestId('browse-folder').click();
  await expect(page.getByTestId('folder-picker')).toBeVisible();
  await page.getByTestId('folder-picker-filter').press('Escape');
  await expect(page.getByTestId('folder-picker')).toHaveCount(0);
  await expect(welcome.getByTestId('open-folder-path')).toBeFocused();

  await recent.getByText(host.projectDir).click();
  await expect(page.getByTestId('shell')).toBeVisible();
  await expect(page.getByTestId('status-path')).toHaveText(host.projectDir);
});
