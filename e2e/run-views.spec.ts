// The result views after a run: reconcilers sortable, resources, the raw timeline, the owner tree (deps)
// with status dots, search, expand/collapse all and each node's YAML; everything from the palette too.
import { join } from 'node:path';
import { screenshotDir } from './fixtures/host';
import { expect, openApp, runOnce, test } from './engine-fixture';

test('run views: tables, timeline and the owner tree with its YAML', async ({ page, greeting }) => {
  await openApp(page, greeting);
  // Run once from the command palette.
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type('Run Once');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Maximize panel' }).click();

  await page.getByTestId('run-tab-resources').click();
  await expect(page.getByTestId('run-table-resource')).toContainText('example.com.HelloWorld.default.test');
  await page.getByTestId('sort-start').click();
  await page.getByTestId('run-tab-timeline').click();
  await expect(page.getByTestId('run-timeline')).toContainText('START');
  await expect(page.getByTestId('run-timeline')).toContainText('STOP');
  await page.screenshot({ path: join(screenshotDir, 'run-timeline.png') });

  await page.getByTestId('panel-tab-deps').click();
  const nodes = page.getByTestId('deps-node');
  await expect(nodes.filter({ hasText: 'HelloWorld' })).toHaveCount(1);
  await expect(nodes.filter({ hasText: 'Greeting' })).toHaveCount(1);
  await expect(nodes.filter({ hasText: 'HelloWorld' }).locator('[data-status]')).toHaveAttribute('data-status', 'True');
  await page.getByTestId('deps-collapse-all').click();
  await expect(nodes).toHaveCount(1);
  await page.getByTestId('deps-expand-all').click();
  await expect(nodes).toHaveCount(2);
  await page.getByTestId('deps-search').fill('greet');
  await expect(nodes).toHaveCount(2); // the match and its owner
  await nodes.filter({ hasText: 'Greeting' }).click();
  await expect(page.getByTestId('deps-yaml')).toContainText('kind: Greeting');
  await page.screenshot({ path: join(screenshotDir, 'deps-tree.png') });

  // Dark theme, same views.
  await page.getByTestId('theme-toggle').getByRole('button').click();
  await page.screenshot({ path: join(screenshotDir, 'deps-tree-dark.png') });
});
