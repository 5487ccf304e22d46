// (f) A Starlark syntax error shows a marker at the right line as you type, and after F5 the run
// panel links to it: clicking the link puts the cursor on that line.
import { join } from 'node:path';
import { screenshotDir } from './fixtures/host';
import { editInEditor, expect, openApp, runOnce, save, STAR, test } from './engine-fixture';

test('a Starlark syntax error: marker at its line, and the run panel links to it', async ({ page, greeting }) => {
  await openApp(page, greeting);
  await editInEditor(page, STAR, (t) => t.replace('def getGreeting(helloworld):', 'def getGreeting(helloworld:'));
  const line = greeting.read(STAR).split('\n').findIndex((l) => l.startsWith('def getGreeting(')) + 1;
  expect(line).toBeGreaterThan(1);

  // The marker comes from our parser (through the host's worker), debounced as you type: seconds on a loaded machine.
  await expect
    .poll(() =>
      page.evaluate((p) => {
        const m = window.__monaco!.editor.getModels().find((x) => x.uri.path === '/' + p)!;
        return window.__monaco!.editor.getModelMarkers({ resource: m.uri, owner: 'starlark' }).map((k) => `${k.startLineNumber}:${k.message}`);
      }, STAR),
      { timeout: 60_000 },
    )
    .toEqual([expect.stringMatching(new RegExp(`^${line}:.*want '\\)'`))]);
  await page.evaluate((l) => window.__monaco!.editor.getEditors()[0]!.revealLineInCenter(l), line);
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
  await expect(page.getByTestId('status-starlark')).toHaveText('Starlark: 1 error');
  await save(page, STAR);
  await page.screenshot({ path: join(screenshotDir, 'starlark-marker.png') });

  // Move the cursor away, run, and follow the error link back to the line.
  await page.keyboard.press('Control+Home');
  await expect(page.getByTestId('status-cursor')).toContainText('Ln 1,');
  await runOnce(page);
  await expect(page.getByTestId('run-status')).toContainText('could not load');
  const link = page.getByTestId('run-error-link');
  await expect(link).toHaveText(new RegExp(`^${STAR.replace(/\./g, '\\.')}:${line}:\\d+$`));
  const col = Number((await link.textContent())!.split(':').pop());
  await page.screenshot({ path: join(screenshotDir, 'starlark-run-error.png') });
  await link.click();
  await expect(page.getByTestId('status-cursor')).toContainText(`Ln ${line}, Col ${col}`);
});
