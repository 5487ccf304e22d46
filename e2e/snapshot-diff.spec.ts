// (c) Open the snapshot diff of the last two runs and see the changed field highlighted.
import { join } from 'node:path';
import { screenshotDir } from './fixtures/host';
import { editInEditor, expect, INPUT, openApp, runOnce, test } from './engine-fixture';

test('diff of the last two runs: object list with markers, the changed field highlighted', async ({ page, greeting }) => {
  await openApp(page, greeting);
  await runOnce(page);
  await editInEditor(page, INPUT, (t) => t.replace('greeting: hello choreo', 'greeting: hello studio'));
  // No explicit save: F5 saves the unsaved buffer first.
  await runOnce(page);
  await expect(page.getByTestId(`tab-${INPUT}`)).toHaveAttribute('data-dirty', 'false');
  expect(greeting.read(INPUT)).toContain('greeting: hello studio');

  // The Runs side view lists both snapshots; picking the newest compares it with the one before.
  await page.getByTestId('activity-runs').click();
  await expect(page.getByTestId('runs-view').getByTestId('snapshot-item')).toHaveCount(2);
  await page.getByTestId('runs-view').getByTestId('snapshot-item').first().click();
  await expect(page.getByTestId('snapshots-panel')).toBeVisible();
  await page.getByRole('button', { name: 'Maximize panel' }).click();

  // Changed only (the default): the input and the object derived from it.
  const objects = page.getByTestId('diff-objects').getByTestId('diff-object');
  await expect(objects).toHaveCount(2);
  await expect(page.getByTestId('snapshots-panel').getByTestId('diff-counts').first()).toContainText('~2');
  const hw = objects.filter({ hasText: 'HelloWorld' });
  await expect(hw).toHaveAttribute('data-status', 'modified');
  await hw.click();

  // Monaco marks the changed field on both sides; bookkeeping fields are hidden.
  const diff = page.getByTestId('object-diff');
  await expect(diff.locator('.editor.modified .view-line', { hasText: 'greeting: hello studio' })).toBeVisible();
  await expect(diff.locator('.editor.original .view-line', { hasText: 'greeting: hello choreo' })).toBeVisible();
  await expect(diff.locator('.editor.modified .char-insert')).toHaveCount(1);
  await expect(diff.locator('.editor.original .char-delete')).toHaveCount(1);
  await expect(diff.locator('.editor.modified .line-insert')).toHaveCount(1);
  await expect(diff).not.toContainText('resourceVersion');
  await page.screenshot({ path: join(screenshotDir, 'snapshot-diff.png') });

  // Turning the bookkeeping toggle off shows them again.
  await page.getByTestId('toggle-hide-noise').uncheck();
  await expect(diff).toContainText('managedFields');
  // The text filter narrows the object list as you type.
  await page.getByTestId('diff-filter').fill('greeting');
  await expect(objects).toHaveCount(1);
  await expect(objects.first()).toContainText('Greeting');
});
