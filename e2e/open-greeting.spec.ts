// Issue 6, flow (a): a user opens a local Choreo project folder (a temp copy of the upstream greeting
// example) by path and sees its tree, with the Choreo folders recognised and their files listed.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { greetingDir } from './engine-fixture';
import { expect, openApp, screenshotDir, test } from './fixtures/host';

test('open the greeting example by path and see its Choreo tree', async ({ page, host }) => {
  // This spec needs ../shared/conformance beside the project (CI has it): its absence fails, never skips.
  expect(existsSync(greetingDir), `the greeting example is not there (${greetingDir}); put ../shared beside the project`).toBe(true);
  const project = mkdtempSync(join(tmpdir(), 'choreo-e2e-open-greeting-'));
  try {
    cpSync(greetingDir, project, { recursive: true });
    await openApp(page, host);

    await page.keyboard.press('Control+o');
    const dialog = page.getByTestId('open-folder-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('open-folder-path').fill(project);
    await dialog.getByTestId('open-folder-path').press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('status-path')).toHaveText(project);

    for (const folder of ['crds', 'in', 'reconcilers', 'libs']) {
      await expect(page.getByTestId(`tree-row-${folder}`)).toBeVisible();
    }
    await expect(page.getByTestId('tree-row-reconcilers/example.com.helloworlds.helloworld.star')).toBeVisible();
    await expect(page.getByTestId('tree-row-libs/api.k8s.io.object.star')).toBeVisible();
    await expect(page.getByTestId('tree-row-in/example.com.helloworlds.test.yaml')).toBeVisible();
    await page.screenshot({ path: join(screenshotDir, 'open-greeting-tree.png') });
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
