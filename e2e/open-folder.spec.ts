// Open Folder in browser mode: Browse… shows our folder picker there (folder-picker.spec.ts); a wrong path gives an
// error that says what to do; a good path opens the project; recent projects reopen it; the layout
// is remembered per project.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, makeProject, openApp, screenshotDir, test } from './fixtures/host';

test('open another folder by path, reopen the first from Recent, layout kept per project', async ({ page, host }) => {
  await openApp(page, host);
  const firstName = await page.getByTestId('project-name').textContent();
  // Hide the panel in the first project.
  await page.keyboard.press('Control+Backquote');
  await expect(page.getByTestId('bottom-panel')).toHaveCount(0);

  await page.keyboard.press('Control+o');
  const dialog = page.getByTestId('open-folder-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('browse-folder').click();
  await expect(page.getByTestId('folder-picker')).toBeVisible();
  // Esc closes the picker only, not the dialog it was opened from.
  await page.getByTestId('folder-picker-filter').press('Escape');
  await expect(page.getByTestId('folder-picker')).toHaveCount(0);
  await expect(dialog).toBeVisible();

  await dialog.getByTestId('open-folder-path').fill('/definitely/not/here');
  await dialog.getByTestId('open-folder-path').press('Enter');
  await expect(dialog.getByTestId('open-folder-error')).toContainText('does not exist');

  const second = makeProject();
  try {
    await dialog.getByTestId('open-folder-path').fill(second);
    await page.screenshot({ path: join(screenshotDir, 'open-folder.png') });
    await dialog.getByTestId('open-folder-path').press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('status-path')).toHaveText(second);
    await expect(page.getByTestId('tree-row-in')).toBeVisible();
    // A project without stored layout gets the default: panel shown.
    await expect(page.getByTestId('bottom-panel')).toBeVisible();

    await page.keyboard.press('Control+o');
    await dialog.getByTestId('recent-projects').getByText(firstName!, { exact: true }).click();
    await expect(page.getByTestId('project-name')).toHaveText(firstName!);
    await expect(page.getByTestId('bottom-panel')).toHaveCount(0);
  } finally {
    rmSync(second, { recursive: true, force: true });
  }
});
