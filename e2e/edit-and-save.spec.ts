// Open a project in browser mode, open a file from the tree, edit it in Monaco, save with Ctrl+S,
// and check the file on disk.
import { join } from 'node:path';
import { expect, firstInputFile, modelText, openApp, screenshotDir, test } from './fixtures/host';

test('edit a file in Monaco and save it with Ctrl+S', async ({ page, host }) => {
  await openApp(page, host);
  const file = firstInputFile(host);
  const before = host.read(file);

  // The Choreo folders are recognised, with counts.
  await expect(page.getByTestId('tree-row-in')).toContainText('in');
  await expect(page.getByTestId('tree-row-crds')).toBeVisible();
  await expect(page.getByTestId('tree-row-reconcilers')).toBeVisible();

  await page.getByTestId(`tree-row-${file}`).click();
  await expect(page.getByTestId(`tab-${file}`)).toBeVisible();
  await expect.poll(() => modelText(page, file)).toBe(before);

  // Type at the end of the document, as a user would.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# edited in the browser');
  await expect(page.getByTestId(`tab-${file}`)).toHaveAttribute('data-dirty', 'true');
  await expect(page.getByTestId(`tab-${file}`).getByTestId('dirty-marker')).toHaveText('●');

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId(`tab-${file}`)).toHaveAttribute('data-dirty', 'false');
  await expect.poll(() => host.read(file)).toContain('# edited in the browser');
  expect(host.read(file).startsWith(before.trimEnd())).toBe(true);

  await page.screenshot({ path: join(screenshotDir, 'edit-and-save.png') });
});
