// Languages: Starlark highlighting (Monarch tokens), YAML diagnostics from monaco-yaml's worker shown
// in the Problems panel with a link back to the line, and per-tab undo history.
import { join } from 'node:path';
import { expect, firstInputFile, modelText, openApp, openFromExplorer, screenshotDir, test } from './fixtures/host';

test('Starlark is tokenized: keywords, builtins, strings (triple-quoted and raw), numbers, comments', async ({ page, host }) => {
  await openApp(page, host);
  const tokens = await page.evaluate(() => {
    const src = ['def f(x):  # note', '    s = """a', 'b"""', '    r = r"\\d+"', '    return len(x) + 0x1F + reconcile_result'].join('\n');
    return window.__monaco!.editor.tokenize(src, 'starlark').map((line, i) =>
      line.map((t, j) => {
        const text = src.split('\n')[i];
        const end = line[j + 1]?.offset ?? text.length;
        return `${text.slice(t.offset, end).trim()}=${t.type}`;
      }),
    );
  });
  const flat = tokens.flat();
  expect(flat).toContain('def=keyword.starlark');
  expect(flat).toContain('# note=comment.starlark');
  expect(flat).toContain('return=keyword.starlark');
  expect(flat).toContain('len=predefined.starlark');
  expect(flat).toContain('reconcile_result=predefined.choreo.starlark');
  expect(flat).toContain('0x1F=number.hex.starlark');
  // The triple-quoted string spans two lines; line 3 is still string.
  expect(tokens[2][0]).toMatch(/=string\.starlark$/);
  // In the raw string the backslash is not an escape.
  expect(flat.filter((t) => t.endsWith('string.escape.starlark'))).toEqual([]);

  const star = await page.locator('[data-testid$=".star"][data-testid^="tree-row-"]').first().getAttribute('data-path');
  await page.getByTestId(`tree-row-${star}`).click();
  // Tokens arrive just after the first paint; wait for the comment's italic style.
  await expect(page.locator('.monaco-editor .view-line .mtki').first()).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'starlark.png') });
});

test('YAML errors from the worker appear in Problems and lead to the line', async ({ page, host }) => {
  await openApp(page, host);
  const file = firstInputFile(host);
  await openFromExplorer(page, file);
  await page.evaluate((p) => {
    const m = window.__monaco!.editor.getModels().find((x) => x.uri.path === '/' + p)!;
    m.setValue('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indentation\n');
  }, file);
  await page.getByTestId('panel-tab-problems').click();
  await expect(page.getByTestId('problems-list')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('panel-tab-problems')).toContainText(/\d/);
  await page.screenshot({ path: join(screenshotDir, 'problems.png') });
  await page.getByTestId('problems-list').locator('li').first().click();
  await expect(page.getByTestId('status-cursor')).toContainText(/Ln [45],/);
  // The list works from the keyboard too.
  await page.getByTestId('problems-list').locator('li').first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status-cursor')).toContainText(/Ln [45],/);
});

test('each tab keeps its own undo history', async ({ page, host }) => {
  await openApp(page, host);
  const a = firstInputFile(host);
  const b = await page.locator('[data-testid^="tree-row-crds/"]').first().getAttribute('data-path');
  await openFromExplorer(page, a);
  const originalA = (await modelText(page, a))!;
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# in A');
  await page.getByTestId(`tree-row-${b}`).click();
  await expect(page.getByTestId(`tab-${b}`)).toHaveAttribute('aria-selected', 'true');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# in B');
  await page.getByTestId(`tab-${a}`).click();
  await expect(page.getByTestId(`tab-${a}`)).toHaveAttribute('aria-selected', 'true');
  await page.locator('.monaco-editor .view-lines').click();
  // Monaco groups typing into a few undo stops; undo until A is back to its saved text.
  await expect
    .poll(async () => {
      await page.keyboard.press('Control+z');
      return modelText(page, a);
    })
    .toBe(originalA);
  expect(await modelText(page, b!)).toContain('# in B');
  // Undoing back to the saved text makes the tab clean again.
  await expect(page.getByTestId(`tab-${a}`)).toHaveAttribute('data-dirty', 'false');
  await expect(page.getByTestId(`tab-${b}`)).toHaveAttribute('data-dirty', 'true');
});
