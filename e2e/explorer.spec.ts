// The explorer is a tree the keyboard drives (kit/VirtualTree): arrows move the cursor row, ArrowRight
// opens a folder, ArrowLeft goes to the parent and then closes it, Enter opens a file. Screenshots of the
// explorer at both window sizes.
import { expect, openApp, screenshotsAtBothSizes, test } from './fixtures/host';

test('the explorer tree: arrows, open and close a folder, go to the parent, Enter opens a file', async ({ page, host }) => {
  await openApp(page, host);
  const tree = page.getByTestId('explorer-tree');
  const folder = page.getByTestId('tree-row-reconcilers');
  const cursorRow = () => tree.evaluate((el) => document.getElementById(el.getAttribute('aria-activedescendant') ?? '')?.dataset.path ?? null);

  // A click moves the cursor there (and closes the folder the seed opened).
  await folder.click();
  await expect(folder).toHaveAttribute('aria-expanded', 'false');
  await expect(folder).toHaveClass(/focused/);
  expect(await cursorRow()).toBe('reconcilers');

  await tree.focus();
  await page.keyboard.press('ArrowRight');
  await expect(folder).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  const child = await cursorRow();
  expect(child).toMatch(/^reconcilers\//);
  await expect(page.getByTestId(`tree-row-${child}`)).toHaveClass(/focused/);
  await expect(page.getByTestId(`tree-row-${child}`)).toHaveAttribute('aria-level', '2');

  await page.keyboard.press('ArrowLeft');
  await expect.poll(cursorRow).toBe('reconcilers');
  await page.keyboard.press('ArrowLeft');
  await expect(folder).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId(`tree-row-${child}`)).toHaveCount(0);

  // Open it again, down to the file: Enter opens it in the editor, and the tree marks it as the open file.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect.poll(cursorRow).toBe(child);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`tab-${child}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId(`tree-row-${child}`)).toHaveAttribute('aria-selected', 'true');

  await screenshotsAtBothSizes(page, 'explorer', () => expect(page.getByTestId(`tree-row-${child}`)).toBeVisible());
});
