// Delivery of a project that needs the engine's built-in backends (an IP index in its input), driven like a
// user: Build HEAD fails and says which option serves the index; "Built-in backends" on, Build HEAD again
// succeeds (the build row says it was made with them), and Deploy runs healthy with no further choice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { makeBackendProject } from '../src-main/testing/backend-project';
import { openApp, screenshotsAtBothSizes, startHost, stopHost, type Host } from './fixtures/host';

test('a project that needs the built-in backends: build fails naming them, builds and deploys with them', async ({ page }) => {
  test.setTimeout(120_000);
  const tmp = mkdtempSync(join(tmpdir(), 'choreo-e2e-backends-'));
  const projectDir = join(tmp, 'project');
  const appDir = join(tmp, 'app');
  await makeBackendProject(projectDir);
  const { child, url } = await startHost(projectDir, appDir);
  try {
    const u = new URL(url);
    const host: Host = { url, origin: u.origin, token: u.searchParams.get('token')!, projectDir, appDir, read: () => '', write: () => {} };
    await openApp(page, host);
    await page.getByTestId('activity-environments').click();
    const view = page.getByTestId('environments-view');
    await expect(view.getByTestId('env-development')).toBeVisible({ timeout: 60_000 });

    const build = view.getByTestId('dlv-build-row').first();
    await view.getByTestId('dlv-build').getByRole('button').click();
    await expect(build).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
    await expect(build.locator('.dlv-ellipsis')).toHaveAttribute('title', /choreo build -r/);

    const backends = view.getByTestId('dlv-backends');
    // a controlled box: it shows the project's setting once the host stored it (not at the click)
    await backends.click();
    await expect(backends).toBeChecked({ timeout: 30_000 });
    await expect(backends).toBeEnabled({ timeout: 30_000 });
    await view.getByTestId('dlv-build').getByRole('button').click();
    await expect(build).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
    await expect(build.getByTestId('dlv-build-backends')).toBeVisible();

    const dev = view.getByTestId('env-development');
    await dev.getByTestId('env-development-deploy').click();
    await expect(dev.getByTestId('env-development-health')).toHaveText('healthy', { timeout: 60_000 });
    await screenshotsAtBothSizes(page, 'delivery-backends', () => expect(dev.getByTestId('env-development-health')).toHaveText('healthy'));
    await screenshotsAtBothSizes(page, 'delivery-backends-builds', async () => {
      await build.scrollIntoViewIfNeeded();
      await expect(build.getByTestId('dlv-build-backends')).toBeVisible();
    });
  } finally {
    await stopHost(child);
    rmSync(tmp, { recursive: true, force: true });
  }
});
