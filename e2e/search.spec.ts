// Search in project (Ctrl/Cmd+Shift+F): type a string, see the results grouped per file, click one and
// the editor opens at that line and column. A bad regular expression is explained, not a crash.
import { join } from 'node:path';
import { expect, openApp, screenshotDir, screenshotsAtBothSizes, test } from './fixtures/host';

test('search a string, click a result, the editor shows that line', async ({ page, host }) => {
  await openApp(page, host);
  // A line we know, in a file of our own (the example's text may change).
  host.write('in/zz-search-target.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: needle-holder\ndata:\n  hay: "find the haystackNeedle here"\n');

  await page.keyboard.press('Control+Shift+F');
  await expect(page.getByTestId('sideview-search')).toBeVisible();
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();
  await page.keyboard.type('haystackneedle');

  const hit = page.getByTestId('search-match-in/zz-search-target.yaml:6:18');
  await expect(hit).toBeVisible();
  await expect(hit).toContainText('haystackNeedle');
  await expect(page.getByTestId('search-file-in/zz-search-target.yaml')).toContainText('1');
  await expect(page.getByTestId('search-summary')).toContainText('1 result in 1 file');
  await page.screenshot({ path: join(screenshotDir, 'search-results.png') });

  await hit.click();
  await expect(page.getByTestId('tab-in/zz-search-target.yaml')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('status-cursor')).toContainText('Ln 6, Col 18');
  const position = await page.evaluate(() => {
    const ed = window.__monaco!.editor.getEditors().find((e) => e.getModel()?.uri.path === '/in/zz-search-target.yaml');
    const p = ed?.getPosition();
    return p ? { line: p.lineNumber, column: p.column, text: ed!.getModel()!.getLineContent(p.lineNumber) } : null;
  });
  expect(position).toEqual({ line: 6, column: 18, text: '  hay: "find the haystackNeedle here"' });
  await page.screenshot({ path: join(screenshotDir, 'search-opened-result.png') });

  // Match Case narrows; a bad regular expression says what is wrong and how to get out.
  await page.getByRole('button', { name: 'Match Case' }).click();
  await expect(page.getByTestId('search-summary')).toContainText('No results');
  await page.getByRole('button', { name: 'Match Case' }).click();
  await page.getByRole('button', { name: 'Use Regular Expression' }).click();
  await input.fill('needle(');
  await expect(page.getByTestId('search-summary')).toContainText('not a valid regular expression');
  await input.fill('haystack\\w+');
  await expect(page.getByTestId('search-match-in/zz-search-target.yaml:6:18')).toBeVisible();

  // Results follow the disk: another program adds a match, the list updates by itself.
  host.write('libs/zz-more.star', '# haystackNeedle again\n');
  await expect(page.getByTestId('search-match-libs/zz-more.star:1:3')).toBeVisible();
  await expect(page.getByTestId('search-summary')).toContainText('2 results in 2 files');

  // The results are a tree the keyboard drives: ArrowDown from the query goes into it, ArrowLeft from a
  // match goes to its file, ArrowLeft again folds the file, ArrowRight unfolds it.
  await input.focus();
  await page.keyboard.press('ArrowDown');
  const results = page.getByTestId('search-results');
  await expect(results).toBeFocused();
  const cursorRow = () => results.evaluate((el) => document.getElementById(el.getAttribute('aria-activedescendant') ?? '')?.dataset.testid ?? null);
  await expect.poll(cursorRow).toMatch(/^search-file-/);
  const file = (await cursorRow())!;
  await page.keyboard.press('ArrowDown');
  await expect.poll(cursorRow).toMatch(/^search-match-/);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(cursorRow).toBe(file);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId(file)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId(file)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  await screenshotsAtBothSizes(page, 'search', () => expect(page.getByTestId('search-match-libs/zz-more.star:1:3')).toBeVisible());
});
