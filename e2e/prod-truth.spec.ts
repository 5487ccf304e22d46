// Issue 12 item 4, prod mode tells the truth: the events/s counter moves while the runner reconciles; saving
// a reconciler while prod runs says at once that the code changed and offers a restart, which works and
// keeps the live rows; an input file's error toast (and the status-bar notice) goes once the file is fixed.
import { join } from 'node:path';
import { screenshotDir } from './fixtures/host';
import { editInEditor, expect, INPUT, openApp, save, STAR, test } from './engine-fixture';

test('prod mode: events/s counts, a saved reconciler offers a restart, fixed input clears its error', async ({ page, greeting }) => {
  test.setTimeout(180_000); // two prod starts on a loaded machine
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, greeting);
  // Remember every figure the live counter shows (it decays to 0 a second after the reconciles stop).
  await page.evaluate(() => {
    const w = window as unknown as { __perSecond: number[] };
    w.__perSecond = [];
    new MutationObserver(() => {
      const b = document.querySelector('[data-testid="live-indicator"] b');
      if (b) w.__perSecond.push(Number(b.textContent));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('start-prod').getByRole('button').click();
  const rows = page.getByTestId('condition-row');
  const test1 = rows.filter({ hasText: 'HelloWorld' }).filter({ hasText: 'test' });
  // Loading the engine in a fresh thread is slow on a loaded machine: wait on the row, with room.
  await expect(test1.getByTestId('cell-Ready')).toHaveAttribute('data-status', 'True', { timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => Math.max(0, ...(window as unknown as { __perSecond: number[] }).__perSecond))).toBeGreaterThan(0);

  // An invalid input: an error toast and the status-bar notice. Fixed: both go.
  const toasts = page.getByTestId('toast');
  await editInEditor(page, INPUT, (t) => t.replace(/greeting: .*/, 'greeting: [1, 2]'));
  await save(page, INPUT);
  await expect(toasts.filter({ hasText: 'was not applied' })).toBeVisible();
  await expect(page.getByTestId('status-notice')).toContainText('was not applied');
  await editInEditor(page, INPUT, (t) => t.replace('greeting: [1, 2]', 'greeting: hello again'));
  await save(page, INPUT);
  await expect(toasts.filter({ hasText: 'Applied' })).toBeVisible();
  await expect(toasts.filter({ hasText: 'was not applied' })).toHaveCount(0);
  await expect(page.getByTestId('status-notice')).toHaveCount(0);

  // A saved reconciler: at once a warning that offers the restart.
  await editInEditor(page, STAR, (t) => `${t.trimEnd()}\n# edited while prod runs\n`);
  await save(page, STAR);
  const changed = toasts.filter({ hasText: `${STAR} changed` });
  await expect(changed).toBeVisible();
  await expect(changed.getByRole('button', { name: 'Restart prod mode' })).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'prod-truth-code-changed-1440.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(changed.getByRole('button', { name: 'Restart prod mode' })).toBeInViewport();
  await page.screenshot({ path: join(screenshotDir, 'prod-truth-code-changed-1024.png') });

  // The restart works: prod runs again with the rows of the kept store, and the warning is gone.
  await changed.getByRole('button', { name: 'Restart prod mode' }).click();
  await expect(changed).toHaveCount(0);
  await expect(page.getByTestId('live-indicator')).toBeVisible({ timeout: 60_000 });
  await expect(test1.getByTestId('cell-Ready')).toHaveAttribute('data-status', 'True');
  await page.screenshot({ path: join(screenshotDir, 'prod-truth-restarted-1024.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: join(screenshotDir, 'prod-truth-restarted-1440.png') });
  await page.keyboard.press('Shift+F5');
  await expect(page.getByTestId('mode-chip')).toContainText('dev mode');
});
