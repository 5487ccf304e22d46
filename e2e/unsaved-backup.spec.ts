// Never lose work: unsaved edits survive a reload (or a crash) and come back as unsaved edits.
import { expect, firstInputFile, modelText, openApp, openFromExplorer, test } from './fixtures/host';

test('unsaved edits survive a page reload and can still be saved', async ({ page, host }) => {
  await openApp(page, host);
  const file = firstInputFile(host);
  const disk = host.read(file);
  await openFromExplorer(page, file, disk);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# not saved yet');
  // The backup is written shortly after typing stops.
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('choreo.backups:')))).toBe(true);

  // The page asks before unloading with unsaved work; accept, as a user who reloads anyway.
  page.on('dialog', (d) => void d.accept());
  await page.reload();
  await expect(page.getByTestId('shell')).toBeVisible();
  await expect(page.getByTestId(`tab-${file}`)).toHaveAttribute('data-dirty', 'true');
  await expect.poll(() => modelText(page, file)).toContain('# not saved yet');
  await expect(page.getByTestId('toast').first()).toContainText('Restored unsaved changes');
  expect(host.read(file)).toBe(disk);

  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+s');
  await expect.poll(() => host.read(file)).toContain('# not saved yet');
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('choreo.backups:')))).toBe(false);
});

test('open tabs come back after a reload, with the same active tab', async ({ page, host }) => {
  await openApp(page, host);
  const a = firstInputFile(host);
  const b = (await page.locator('[data-testid^="tree-row-reconcilers/"][data-testid$=".star"]').first().getAttribute('data-path'))!;
  await page.getByTestId(`tree-row-${a}`).click();
  await page.getByTestId(`tree-row-${b}`).click();
  await expect(page.getByTestId(`tab-${b}`)).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId(`tab-${a}`).click();
  await expect(page.getByTestId(`tab-${a}`)).toHaveAttribute('aria-selected', 'true');
  await page.reload();
  await expect(page.getByTestId('shell')).toBeVisible();
  await expect(page.locator('[data-testid^="tab-"][role="tab"]')).toHaveCount(2);
  await expect(page.getByTestId(`tab-${a}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId(`tab-${b}`)).toHaveAttribute('aria-selected', 'false');
});
