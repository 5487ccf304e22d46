// Condition changes between two runs are marked in the snapshot diff (◆ in the object list, the changed
// condition lines highlighted in the diff editor), and the deps tree colours the object red.
import { join } from 'node:path';
import { expect, openApp, screenshotDir, test } from './fixtures/host';

const STAR = 'reconcilers/studio.example.com.greeters.greeter.star';

test('a condition that turns False is highlighted in the diff and red in the deps tree', async ({ page, host }) => {
  await openApp(page, host);
  await page.keyboard.press('F5');
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/, { timeout: 30_000 });

  const anchor = '  text = greeting_text(language, spec.get("name", "world"))\n';
  expect(host.read(STAR)).toContain(anchor);
  host.write(STAR, host.read(STAR).replace(anchor, anchor + '  if language == "nl":\n    return reconcile_result(self, False, 0, conditionType, "Dutch is not supported yet", False)\n'));
  await page.keyboard.press('F5');
  await expect(page.getByTestId('run-vs-previous')).toBeVisible({ timeout: 30_000 });

  await page.getByTestId('run-open-diff').click();
  await page.getByRole('button', { name: 'Maximize panel' }).click();
  const team = page.getByTestId('diff-object').filter({ hasText: 'Greeter' }).filter({ hasText: 'team' });
  await expect(team).toHaveAttribute('data-status', 'modified');
  await expect(team.locator('.eng-flag')).toBeVisible();
  await team.click();
  const diff = page.getByTestId('object-diff');
  await expect(diff.locator('.editor.modified .view-line', { hasText: 'Dutch is not supported yet' })).toBeVisible();
  await expect(diff.locator('.editor.modified .eng-cond-line').first()).toBeAttached();
  await page.screenshot({ path: join(screenshotDir, 'snapshot-condition-change.png') });

  await page.getByTestId('panel-tab-deps').click();
  const node = page.getByTestId('deps-node').filter({ hasText: 'Greeter' }).filter({ hasText: 'team' });
  await expect(node.locator('[data-status]').first()).toHaveAttribute('data-status', 'False');
});
