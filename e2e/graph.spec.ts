// Issue 12 item 6: the project graph on a copy of the kubenet project. The Graph opens as a main-area tab;
// ELK lays out CRDs, reconcilers (for / owns / watches), libraries (load) and refs without overlapping
// boxes; the filter keeps a match with its neighbours; node kinds can be hidden; a click opens the node's
// file; after a run the boxes carry the run's health. Screenshots at 1440x900 and 1024x700.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, screenshotDir } from './fixtures/host';
import { runOnce } from './engine-fixture';
import { test } from './kubenet-fixture';

const BGP = 'rec:infra.kuid.dev.nodes.bgp';

/** Pairs of node boxes that overlap on screen (none, for a readable graph). */
async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll<SVGGElement>('.graph-node')].map((g) => ({ id: g.dataset.testid!, r: g.querySelector('rect')!.getBoundingClientRect() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        if (a.right > b.left + 0.5 && b.right > a.left + 0.5 && a.bottom > b.top + 0.5 && b.bottom > a.top + 0.5) out.push(`${boxes[i]!.id} × ${boxes[j]!.id}`);
      }
    return out;
  });
}

async function shot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(screenshotDir, `graph-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('the project graph of kubenet: laid out, filtered, click to open, coloured by the last run', async ({ page, kubenet }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, kubenet);
  await page.getByTestId('activity-graph').click();
  await expect(page.getByTestId('tab-view-graph')).toHaveAttribute('aria-selected', 'true');
  const count = page.getByTestId('graph-count');
  // the first request reads the whole project in the worker: seconds on a loaded machine
  await expect(count).toHaveText(/^(\d+) of \1 nodes · \d+ edges$/, { timeout: 90_000 });
  await expect(page.getByTestId(`graph-node-${BGP}`)).toBeVisible();
  const recs = page.locator('[data-testid^="graph-node-rec:"]');
  const apis = page.locator('[data-testid^="graph-node-kind:"]');
  const libs = page.locator('[data-testid^="graph-node-lib:"]');
  expect(await recs.count()).toBeGreaterThanOrEqual(15);
  expect(await apis.count()).toBeGreaterThanOrEqual(20);
  expect(await libs.count()).toBeGreaterThanOrEqual(15);
  await expect(page.getByTestId('graph-node-kind:infra.kuid.dev/Node')).toHaveAttribute('data-health', 'unknown');
  await shot(page, 'kubenet-fit');
  await page.getByTestId('graph-fit').click(); // 100%: full-size boxes, scrolling
  expect(await overlaps(page)).toEqual([]);
  await page.getByTestId(`graph-node-${BGP}`).scrollIntoViewIfNeeded();
  await shot(page, 'kubenet');
  await page.getByTestId('graph-fit').click();

  // The filter keeps the bgp reconciler with its kinds and libraries, and nothing unrelated.
  await page.getByTestId('graph-filter').fill('nodes.bgp');
  await expect(count).toHaveText(/^\d+ of \d+ nodes/);
  await expect(page.getByTestId(`graph-node-${BGP}`)).toBeVisible();
  await expect(page.getByTestId('graph-node-kind:infra.kuid.dev/Node')).toBeVisible();
  await expect(page.getByTestId('graph-node-lib:infra.kuid.dev.nodes.star')).toBeVisible();
  await expect(page.getByTestId('graph-node-rec:infra.kuid.dev.links.link-ep')).toHaveCount(0);
  await shot(page, 'filter');
  // Libraries switched off: their boxes go, the rest stays.
  await page.getByTestId('graph-kind-library').uncheck();
  await expect(libs).toHaveCount(0);
  await expect(page.getByTestId(`graph-node-${BGP}`)).toBeVisible();
  await page.getByTestId('graph-kind-library').check();
  await page.getByTestId('graph-filter').fill('no-such-thing');
  await expect(page.getByTestId('graph-none')).toHaveText('Nothing matches the filter.');
  await page.getByTestId('graph-filter').fill('');

  // A library another program adds shows up without Refresh (the graph follows file changes).
  kubenet.write('libs/zz.added.star', 'def helper():\n    return 1\n');
  await expect(page.getByTestId('graph-node-lib:zz.added.star')).toBeVisible({ timeout: 60_000 });

  // A click opens the reconciler's code.
  await page.getByTestId(`graph-node-${BGP}`).click();
  await expect(page.getByTestId('tab-reconcilers/infra.kuid.dev.nodes.bgp.star')).toHaveAttribute('aria-selected', 'true');

  // After a run the boxes carry its health.
  await runOnce(page);
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/, { timeout: 120_000 });
  await page.getByTestId('tab-view-graph').click();
  await expect(page.getByTestId(`graph-node-${BGP}`)).toHaveAttribute('data-health', 'ok');
  await expect(page.getByTestId('graph-node-kind:infra.kuid.dev/Node')).toHaveAttribute('data-health', 'ok');
  await shot(page, 'after-run');
});
