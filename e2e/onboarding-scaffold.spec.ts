// Issue 12 item 8 (onboarding): Close Folder goes back to the welcome screen (unsaved edits ask first), and
// opening an empty folder offers "Create a Choreo project". Screenshots at 1440x900 and 1024x700.
import { join } from 'node:path';
import { expect, openApp, openFromExplorer, screenshotDir, test } from './fixtures/host';

const SIZES = [
  { name: '1440', width: 1440, height: 900 },
  { name: '1024', width: 1024, height: 700 },
] as const;

async function runCommand(page: import('@playwright/test').Page, words: string, title: string) {
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type(words);
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toContainText(title);
  await page.keyboard.press('Enter');
}

test('Close Folder asks about unsaved edits, then shows the welcome screen', async ({ page, host }) => {
  await openApp(page, host);
  const file = 'in/studio.example.com.greeters.world.yaml';
  await openFromExplorer(page, file);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# not saved');

  // Cancel keeps the project and the edit.
  await runCommand(page, 'close folder', 'Close Folder');
  await expect(page.getByTestId('dialog')).toContainText('Close Folder? 1 file has unsaved changes');
  await page.setViewportSize(SIZES[0]);
  await page.screenshot({ path: join(screenshotDir, 'item8-close-folder-ask-1440.png') });
  await page.getByTestId('dialog-cancel').click();
  await expect(page.getByTestId('shell')).toBeVisible();
  await expect(page.getByTestId('welcome')).toHaveCount(0);

  // Discard closes it: the welcome screen, with the folder in the recent list; the file on disk is untouched.
  await runCommand(page, 'close folder', 'Close Folder');
  await page.getByTestId('dialog-discard').click();
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByTestId('recent-project').first()).toContainText(host.projectDir.split('/').pop()!);
  expect(host.read(file)).not.toContain('# not saved');
  await expect(page).toHaveTitle('Choreo Studio');
  for (const s of SIZES) {
    await page.setViewportSize(s);
    await page.screenshot({ path: join(screenshotDir, `item8-close-folder-welcome-${s.name}.png`) });
  }
});
