// Issue 12 item 2, results first: after a run the Resources view lists the produced objects (kind, name,
// namespace, Ready, owner, changed since the previous run), filters by kind and by text, and shows an
// object's YAML on click. Screenshots at 1440x900 and 1024x700.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { screenshotsAtBothSizes } from './fixtures/host';
import { expect, INPUT, openApp, test } from './engine-fixture';

const SECOND_INPUT = 'in/example.com.helloworlds.team.yaml';

/** The row of one object, by its kind and name cells. */
function row(page: Page, kind: string, name: string) {
  return page
    .getByTestId('resource-row')
    .filter({
      has: page.locator('.res-kind', { hasText: new RegExp(`^${kind}$`) }),
    })
    .filter({ hasText: name });
}

/** The whole YAML the object pane holds (Monaco renders only the lines in view). */
function objectYaml(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      window
        .__monaco!.editor.getModels()
        .find((m) => m.uri.scheme === 'inmemory' && m.uri.path.endsWith('/resource.yaml') && !m.isDisposed())
        ?.getValue() ?? '',
  );
}

/** F5 until the run reports, then until the Resources view lists the new snapshot (its count reads `count`). */
async function runAndWaitForList(page: Page, count: string): Promise<void> {
  const before = await page
    .getByTestId('resources-toolbar')
    .getAttribute('data-snapshot')
    .catch(() => null);
  await page.keyboard.press('F5');
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('resources-toolbar')).not.toHaveAttribute('data-snapshot', before ?? '', { timeout: 30_000 });
  await expect(page.getByTestId('resources-count')).toHaveText(count, {
    timeout: 30_000,
  });
}

test('Resources view: the objects of the last run, with Ready, owner and changes, filtered, with their YAML', async ({ page, greeting }) => {
  test.setTimeout(180_000);
  await openApp(page, greeting);

  // Results first: no file is open, so after the first run the Resources tab opens by itself.
  await expect(page.getByTestId('resources-view')).toHaveCount(0);
  await page.keyboard.press('F5');
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('resources-view')).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('resources-count')).toHaveText('2 objects');
  await expect(page.getByTestId('resources-toolbar')).toContainText('first run');
  await expect(page.getByTestId('status-resources')).toContainText('2 resources');

  // One row per object: Ready, kind, name, namespace and owner (the Greeting is owned by its HelloWorld).
  const hello = row(page, 'HelloWorld', 'test');
  const greetingRow = row(page, 'Greeting', 'test');
  await expect(hello).toHaveCount(1);
  await expect(greetingRow).toHaveCount(1);
  await expect(hello.locator('[data-status]')).toHaveAttribute('data-status', 'True');
  await expect(hello).toContainText('default');
  await expect(greetingRow.locator('.res-owner')).toHaveText('HelloWorld/test');
  await expect(hello.locator('.res-owner')).toHaveCount(0);
  // The first run has nothing to compare with: no change marks.
  await expect(page.getByTestId('resources-changed-only')).toBeDisabled();

  // Click: the YAML beside the table. The owner link selects the owner's row.
  await greetingRow.click();
  await expect(greetingRow).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => objectYaml(page)).toContain('kind: Greeting');
  await expect.poll(() => objectYaml(page)).toContain('message: hello choreo');
  await greetingRow.locator('.res-owner').click();
  await expect(hello).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => objectYaml(page)).toContain('kind: HelloWorld');

  // A second run after a change of one input and a new one: the changes since the previous run.
  writeFileSync(join(greeting.projectDir, INPUT), greeting.read(INPUT).replace('greeting: hello choreo', 'greeting: hello again'));
  writeFileSync(join(greeting.projectDir, SECOND_INPUT), greeting.read(INPUT).replace('name: test', 'name: team').replace('greeting: hello again', 'greeting: hello team'));
  await runAndWaitForList(page, '4 objects');
  await expect(page.getByTestId('resources-changes')).toHaveText('+2 ~2 -0');
  await expect(row(page, 'HelloWorld', 'team')).toHaveAttribute('data-change', 'added');
  await expect(row(page, 'Greeting', 'team')).toHaveAttribute('data-change', 'added');
  await expect(greetingRow).toHaveAttribute('data-change', 'modified');
  await expect(greetingRow).toContainText('~ changed');
  // The selection survives the new snapshot, and its YAML is the new one.
  await expect(hello).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => objectYaml(page)).toContain('greeting: hello again');

  // Filter by kind, then by text; "no match" offers to clear the filter.
  await page.getByTestId('resources-kind').selectOption('Greeting');
  await expect(page.getByTestId('resource-row')).toHaveCount(2);
  await expect(page.getByTestId('resources-count')).toHaveText('2 of 4');
  await page.getByTestId('resources-text').fill('team');
  await expect(page.getByTestId('resource-row')).toHaveCount(1);
  await expect(row(page, 'Greeting', 'team')).toHaveCount(1);
  await page.getByTestId('resources-text').fill('no-such-object');
  await expect(page.getByTestId('resources-none')).toBeVisible();
  await page.getByTestId('resources-none').getByRole('button', { name: 'Clear the filter' }).click();
  await expect(page.getByTestId('resource-row')).toHaveCount(4);
  await expect(page.getByTestId('resources-kind')).toHaveValue('');

  // Keyboard: arrows move the selection (and its YAML), Escape closes the YAML.
  await row(page, 'Greeting', 'team').click();
  await expect.poll(() => objectYaml(page)).toContain('message: hello team');
  await page.getByTestId('resources-table-wrap').press('ArrowDown'); // sorted by kind, namespace, name: team, then test
  await expect(greetingRow).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => objectYaml(page)).toContain('message: hello again');

  // Changed only, with the change of the selected object one click away.
  await page.getByTestId('resources-changed-only').check();
  await expect(page.getByTestId('resource-row')).toHaveCount(4);
  await screenshotsAtBothSizes(page, 'item2-resources', () => expect.poll(() => objectYaml(page)).toContain('message: hello again'));

  // A third run without the new input: its objects are listed as deleted (and not counted).
  rmSync(join(greeting.projectDir, SECOND_INPUT));
  await runAndWaitForList(page, '0 of 2 · 2 deleted'); // changed only: the deletions alone
  await expect(page.getByTestId('resources-changes')).toHaveText('+0 ~0 -2');
  await expect(row(page, 'HelloWorld', 'team')).toHaveAttribute('data-change', 'deleted');
  await expect(row(page, 'Greeting', 'team')).toHaveAttribute('data-change', 'deleted');
  await expect(page.getByTestId('resource-row')).toHaveCount(2);
  await row(page, 'Greeting', 'team').click();
  await expect.poll(() => objectYaml(page)).toContain('message: hello team'); // from the snapshot before
  await page.getByTestId('resources-changed-only').uncheck();
  await expect(page.getByTestId('resource-row')).toHaveCount(4);
  await expect(page.getByTestId('resources-count')).toHaveText('2 objects · 2 deleted');
  await page.getByTestId('resources-table-wrap').press('Escape');
  await expect(page.getByTestId('resource-object')).toHaveCount(0);
  await screenshotsAtBothSizes(page, 'item2-resources-deleted');
});
