// (e) Start prod mode, edit an input file in the editor and save it: the live condition view updates
// (a new resource appears with its Ready condition); stop: the session's snapshot is stored.
import { join } from 'node:path';
import { screenshotDir } from './fixtures/host';
import { editInEditor, expect, INPUT, openApp, save, test } from './engine-fixture';

const SECOND = `---
apiVersion: example.com/v1alpha1
kind: HelloWorld
metadata:
  name: second
  namespace: default
spec:
  greeting: hello prod
`;

test('prod mode: live conditions follow a saved input, stop stores a snapshot', async ({ page, greeting }) => {
  test.setTimeout(120_000);
  await openApp(page, greeting);
  await page.getByTestId('start-prod').getByRole('button').click();
  await expect(page.getByTestId('mode-chip')).toContainText('prod');
  // Loading the engine in a fresh thread is slow on a loaded machine: wait on the indicator, with room.
  await expect(page.getByTestId('live-indicator')).toBeVisible({ timeout: 60_000 });
  const rows = page.getByTestId('condition-row');
  const test1 = rows.filter({ hasText: 'HelloWorld' }).filter({ hasText: 'test' });
  await expect(test1.getByTestId('cell-Ready')).toHaveAttribute('data-status', 'True');
  await expect(rows.filter({ hasText: 'second' })).toHaveCount(0);

  await editInEditor(page, INPUT, (t) => t.trimEnd() + '\n' + SECOND);
  await save(page, INPUT);
  const second = rows.filter({ hasText: 'second' }).filter({ hasText: 'HelloWorld' });
  await expect(second.getByTestId('cell-Ready')).toHaveAttribute('data-status', 'True');
  await expect(rows.filter({ hasText: 'Greeting' }).filter({ hasText: 'second' })).toHaveCount(1);

  // The side panel shows the live YAML and the condition history of this session.
  await second.click();
  await expect(page.getByTestId('condition-details')).toContainText('HelloWorld default/second');
  await expect(page.getByTestId('condition-history')).toContainText('Ready');
  await page.getByTestId('filter-text').fill('second');
  await expect(rows).toHaveCount(2);
  await page.screenshot({ path: join(screenshotDir, 'prod-conditions.png') });

  // An invalid save (greeting must be a string) is refused: the error shows and nothing is applied.
  await page.getByTestId('filter-text').fill('');
  await editInEditor(page, INPUT, (t) => t.replace('greeting: hello prod', 'greeting: [1, 2]'));
  await save(page, INPUT);
  await expect(page.getByTestId('input-rejected')).toContainText('was not applied');
  await expect(page.getByTestId('input-rejected-link')).toHaveText('in/example.com.helloworlds.test.yaml:9');
  await expect(page.getByTestId('input-rejected')).toContainText('expected string');
  await expect(second.getByTestId('cell-Ready')).toHaveAttribute('data-status', 'True');
  await page.screenshot({ path: join(screenshotDir, 'prod-input-rejected.png') });

  await page.keyboard.press('Shift+F5');
  await expect(page.getByTestId('prod-stopped')).toContainText('snapshot');
  await expect(page.getByTestId('mode-chip')).toContainText('dev mode');
  await page.getByTestId('panel-tab-snapshots').click();
  // A panel narrower than 1100 px starts with the snapshot list hidden; show it, as a user would.
  const listToggle = page.getByTestId('snapshot-list-toggle');
  if ((await listToggle.getAttribute('aria-pressed')) !== 'true') await listToggle.click();
  const items = page.getByTestId('snapshots-panel').getByTestId('snapshot-item');
  await expect(items.first()).toContainText('prod');
  await page.screenshot({ path: join(screenshotDir, 'prod-stopped-snapshot.png') });
});
