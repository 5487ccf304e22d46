// Issue 10 item 6: a real kubenet project of the earlier layout (its CRDs in apis/, no crds/) opens with
// apis/ shown as its APIs folder (no empty crds/ placeholder), and runs once with the -r backends from the
// app, as upstream runs it. The project is a copy of ../shared/conformance/kubenet/combined without the
// store Go wrote (db/).
import { join } from 'node:path';
import { expect, openApp, screenshotDir } from './fixtures/host';
import { runOnce } from './engine-fixture';
import { test } from './kubenet-fixture';

test('a kubenet project with apis/ shows it as its APIs folder and runs once with the backends', async ({ page, kubenet }) => {
  test.setTimeout(120_000);
  await openApp(page, kubenet);
  const apis = page.getByTestId('tree-row-apis');
  await expect(apis).toBeVisible();
  await expect(apis).toHaveAttribute('title', /^APIs: CustomResourceDefinitions/);
  await expect(page.getByTestId('tree-row-crds')).toHaveCount(0);
  await expect(page.getByTestId('status-counts')).toHaveText(/^[1-9]\d* crds · 5 in · [1-9]\d* reconcilers/);

  await runOnce(page);
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/, { timeout: 60_000 });
  // the node reconcilers got their IP and AS claims answered by the backends
  await expect(page.getByTestId('run-table-reconciler')).toContainText('infra.kuid.dev.nodes.bgp');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: join(screenshotDir, 'kubenet-earlier-layout-1440.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: join(screenshotDir, 'kubenet-earlier-layout-1024.png') });
});
