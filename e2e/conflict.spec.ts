// External changes to open files: a clean buffer reloads by itself; a dirty one asks (overwrite /
// reload / compare later); a save against a changed file is refused and asks too.
import { join } from 'node:path';
import { expect, firstInputFile, modelText, openApp, openFromExplorer, screenshotDir, test } from './fixtures/host';

test('a clean buffer follows the disk; a dirty one asks, and Reload takes the disk version', async ({ page, host }) => {
  await openApp(page, host);
  const file = firstInputFile(host);
  await openFromExplorer(page, file, host.read(file));

  // Clean buffer: reloaded silently.
  host.write(file, host.read(file) + '# changed by another program\n');
  await expect.poll(() => modelText(page, file)).toContain('# changed by another program');
  await expect(page.getByTestId('dialog')).toHaveCount(0);

  // Dirty buffer: the conflict prompt.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# my unsaved edit');
  await expect(page.getByTestId(`tab-${file}`)).toHaveAttribute('data-dirty', 'true');
  host.write(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: theirs\n');
  await expect(page.getByTestId('dialog')).toBeVisible();
  await expect(page.getByTestId('dialog')).toContainText('changed on disk');
  await expect(page.getByTestId('dialog')).toContainText(file);
  await page.screenshot({ path: join(screenshotDir, 'conflict-prompt.png') });
  await page.getByTestId('dialog-reload').click();
  await expect.poll(() => modelText(page, file)).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: theirs\n');
  await expect(page.getByTestId(`tab-${file}`)).toHaveAttribute('data-dirty', 'false');
});

test('Compare later keeps my edits; saving then asks again, and Overwrite writes my version', async ({ page, host }) => {
  await openApp(page, host);
  const file = firstInputFile(host);
  await openFromExplorer(page, file, host.read(file));

  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# mine');
  host.write(file, 'theirs: true\n');
  await expect(page.getByTestId('dialog')).toBeVisible();
  await page.getByTestId('dialog-later').click();
  await expect(page.getByTestId('conflict-banner')).toBeVisible();
  expect(await modelText(page, file)).toContain('# mine');

  // Saving now would overwrite their change: the host refuses (expectedHash) and we ask.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dialog')).toContainText('your save was not written');
  expect(host.read(file)).toBe('theirs: true\n');
  await page.getByTestId('dialog-overwrite').click();
  await expect.poll(() => host.read(file)).toContain('# mine');
  await expect(page.getByTestId('conflict-banner')).toHaveCount(0);
  await expect(page.getByTestId(`tab-${file}`)).toHaveAttribute('data-dirty', 'false');
});

test('new files appear in the explorer and closing a dirty tab asks first', async ({ page, host }) => {
  await openApp(page, host);
  host.write('in/added-by-test.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added\n');
  await expect(page.getByTestId('tree-row-in/added-by-test.yaml')).toBeVisible();

  await page.getByTestId('tree-row-in/added-by-test.yaml').click();
  await expect(page.getByTestId('tab-in/added-by-test.yaml')).toHaveAttribute('aria-selected', 'true');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('x');
  // A dirty tab shows its dot; the close button appears while the pointer is on the tab (as in VS Code).
  await page.getByTestId('tab-in/added-by-test.yaml').hover();
  await page.getByTestId('tab-in/added-by-test.yaml').getByRole('button', { name: /close/i }).click();
  await expect(page.getByTestId('dialog')).toContainText('Save changes before closing?');
  await page.getByTestId('dialog-cancel').click();
  await expect(page.getByTestId('tab-in/added-by-test.yaml')).toBeVisible();
  await page.getByTestId('tab-in/added-by-test.yaml').hover();
  await page.getByTestId('tab-in/added-by-test.yaml').getByRole('button', { name: /close/i }).click();
  await page.getByTestId('dialog-discard').click();
  await expect(page.getByTestId('tab-in/added-by-test.yaml')).toHaveCount(0);
  expect(host.read('in/added-by-test.yaml')).not.toContain('x');
});
