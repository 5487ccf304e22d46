// Issue 12 item 1 (the bottom panel's layout): filters keep their labels at 1440×900 and at 1024×700 (Deps,
// Snapshots; Conditions shares the same FilterField and is checked in its RTL test), a
// maximised panel takes the whole width (the side bar steps aside and comes back), and the resizable split
// beside the Deps tree keeps its size across a reload of the same project.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { screenshotDir } from './fixtures/host';
import { expect, openApp, test } from './engine-fixture';

/** Every filter label of the panel is shown whole, on screen, and left of its control (never squeezed away). */
async function expectLabelsWhole(page: Page, bar: Locator, labels: string[]): Promise<void> {
  const viewport = page.viewportSize()!;
  for (const text of labels) {
    const field = bar.locator('.eng-field', { has: page.locator('.eng-field-label', { hasText: text }) });
    const label = field.locator('.eng-field-label');
    const control = field.locator('select, input').first();
    await expect(label).toBeVisible();
    const l = (await label.boundingBox())!;
    const c = (await control.boundingBox())!;
    const scrollWidth = await label.evaluate((el) => el.scrollWidth);
    expect(scrollWidth, `"${text}" is not cut`).toBeLessThanOrEqual(Math.ceil(l.width));
    expect(l.x + l.width, `"${text}" ends before its control`).toBeLessThanOrEqual(c.x + 1);
    expect(c.width, `the ${text} control keeps a usable width`).toBeGreaterThanOrEqual(80);
    expect(c.x + c.width, `the ${text} control is on screen`).toBeLessThanOrEqual(viewport.width);
  }
}

test('panel layout: labelled filters at both sizes, maximise takes the full width, the Deps split is kept', async ({ page, greeting }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, greeting);
  // F5 does nothing while the engine still loads the project (the Run button is disabled then).
  await expect(page.getByTestId('run-once').getByRole('button', { name: 'Run once' })).toBeEnabled({ timeout: 30_000 });
  await page.keyboard.press('F5');
  // A run waits on state, not on time: on a loaded machine the first run can take a while.
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/, { timeout: 120_000 });

  // Deps: a labelled source and search; the YAML beside the tree is a resizable split.
  await page.getByTestId('panel-tab-deps').click();
  const deps = page.getByTestId('deps-node');
  await deps.filter({ hasText: 'Greeting' }).click();
  await expect(page.getByTestId('deps-yaml')).toContainText('kind: Greeting');
  const bar = page.locator('.eng-bar').filter({ has: page.getByTestId('deps-search') });
  await expectLabelsWhole(page, bar, ['Source', 'Search']);

  // Maximise: the editor and the side bar step aside, the panel spans the window; restoring brings both back.
  await expect(page.locator('aside.sidebar')).toBeVisible();
  await page.getByRole('button', { name: 'Maximize panel' }).click();
  await expect(page.locator('aside.sidebar')).toHaveCount(0);
  const main = (await page.locator('main.main-column').boundingBox())!;
  const activity = (await page.locator('nav.activitybar').boundingBox())!;
  expect(main.x, 'the panel starts right after the activity bar').toBeLessThanOrEqual(activity.x + activity.width + 1);
  expect(main.x + main.width).toBeGreaterThanOrEqual(1440 - 1);
  await page.screenshot({ path: join(screenshotDir, 'panel-layout-deps-1440.png') });

  // The split beside the tree: three presses of ← widen the YAML panel (its sash is on its left edge).
  const sash = page.getByTestId('deps-object-sash');
  const before = Number(await sash.getAttribute('aria-valuenow'));
  await sash.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await expect(sash).toHaveAttribute('aria-valuenow', String(before + 48));
  await expect.poll(async () => (await page.getByTestId('deps-object').boundingBox())!.width).toBeCloseTo(before + 48, 0);

  // Snapshots: labelled kind and text filters beside the toggles, at the small size too.
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('panel-tab-snapshots').click();
  const snapBar = page.locator('.eng-bar').filter({ has: page.getByTestId('diff-filter') });
  await expectLabelsWhole(page, snapBar, ['Kind', 'Filter']);
  await page.screenshot({ path: join(screenshotDir, 'panel-layout-snapshots-1024.png') });
  await page.getByTestId('panel-tab-deps').click();
  await expectLabelsWhole(page, bar, ['Source', 'Search']);
  await page.screenshot({ path: join(screenshotDir, 'panel-layout-deps-1024.png') });

  await page.getByRole('button', { name: 'Restore panel size' }).click();
  await expect(page.locator('aside.sidebar')).toBeVisible();

  // The split size is the project's: after a reload the YAML panel has the width it was given.
  await page.reload();
  await expect(page.getByTestId('status-ready')).toContainText('ready');
  await page.getByTestId('panel-tab-deps').click();
  await page.getByTestId('deps-node').filter({ hasText: 'Greeting' }).click();
  await expect(page.getByTestId('deps-object-sash')).toHaveAttribute('aria-valuenow', String(before + 48));
});
