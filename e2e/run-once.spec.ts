// (b) Edit the reconciler's business logic in the editor, save, run once (F5), and see the changed
// output object in the result (the run header counts it; its diff shows the new value).
import { join } from 'node:path';
import { screenshotDir } from './fixtures/host';
import { editInEditor, expect, openApp, runOnce, save, STAR, test } from './engine-fixture';

test('edit the reconciler, save, run once: the changed Greeting shows in the result', async ({ page, greeting }) => {
  await openApp(page, greeting);
  await runOnce(page);
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/);
  await expect(page.getByTestId('run-table-reconciler')).toContainText('example.com.helloworlds.helloworld');

  await editInEditor(page, STAR, (t) => t.replace('"message": getGreetingMsg(helloworld)', '"message": getGreetingMsg(helloworld).upper() + "!"'));
  await save(page, STAR);
  expect(greeting.read(STAR)).toContain('.upper() + "!"');

  await runOnce(page);
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/);
  // What changed since the previous run: one object changed (the Greeting the reconciler writes).
  await expect(page.getByTestId('run-vs-previous')).toContainText('~1');
  await page.screenshot({ path: join(screenshotDir, 'run-once-result.png') });

  await page.getByTestId('run-open-diff').click();
  const row = page.getByTestId('diff-object').filter({ hasText: 'Greeting' });
  await expect(row).toHaveAttribute('data-status', 'modified');
  await row.click();
  await page.getByRole('button', { name: 'Maximize panel' }).click();
  await expect(page.getByTestId('object-diff')).toContainText('HELLO CHOREO!');
  await page.screenshot({ path: join(screenshotDir, 'run-once-changed-object.png') });
});
