// Issue 13's "compare with…" from where the sides live: a commit of the git history against the last run
// (and, through the picker, against another commit), and an environment's deployment against another
// environment's (built once, deployed to development and production with different configuration). The
// project is the delivery fixture (hello-world whose reconciler reads config/secret) with a second commit
// that adds a Greeter.
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { commitFile, makeDeliveryProject } from '../src-main/testing/delivery-project';
import { diffSides, expect, openApp, runOnceToSuccess, screenshotDir, screenshotsAtBothSizes, serveNewProject, type Host } from './fixtures/host';
import { setConfigValue } from './fixtures/delivery-ui';

const MOON = `apiVersion: studio.example.com/v1alpha1
kind: Greeter
metadata:
  name: moon
  namespace: default
spec:
  name: moon
  language: en
`;

const test = base.extend<{ project: Host }>({
  project: ({}, use) =>
    serveNewProject(
      'compare-from',
      async (dir) => {
        await makeDeliveryProject(dir);
        await commitFile(dir, 'in/studio.example.com.greeters.moon.yaml', MOON, 'add the moon greeter');
      },
      use,
    ),
});

const shoot = (page: Page, name: string) => screenshotsAtBothSizes(page, name, () => expect(page.getByTestId('snapshots-panel')).toBeVisible());

const diffObject = (page: Page, kind: string, name: string) => page.getByTestId('diff-objects').getByTestId('diff-object').filter({ hasText: `${kind} default/${name}` });

test('git history: "compare with…" a commit against the last run, and against another commit picked', async ({ page, project }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, project);
  await runOnceToSuccess(page);

  await page.getByTestId('activity-git').click();
  const history = page.getByTestId('git-history');
  await history.getByRole('button', { name: /History/ }).click();
  const initial = history.getByTestId('git-commit-item').filter({ hasText: 'initial' });
  await initial.hover();
  await initial.getByTestId('git-commit-compare').click();
  const menu = page.getByTestId('git-commit-menu');
  await expect(menu).toContainText('Compare with the Last Run');
  await page.screenshot({ path: join(screenshotDir, 'compare-history-menu-1440x900.png') });
  await menu.getByTestId('git-commit-compare-last').click();

  // the commit runs from its files (in the host), then the diff shows: the last run has the moon greeter
  const labels = page.getByTestId('compare-labels');
  await expect(labels.locator('[data-kind="rev"]')).toContainText('initial', { timeout: 90_000 });
  await expect(labels.locator('[data-kind="snapshot"]')).toBeVisible();
  await expect(diffObject(page, 'Greeter', 'moon')).toHaveAttribute('data-status', 'added', { timeout: 30_000 });
  await expect(diffObject(page, 'Message', 'moon')).toHaveAttribute('data-status', 'added');
  await expect(page.getByTestId('diff-counts')).toContainText('+2');
  await shoot(page, 'compare-history-last-run');

  // right-click → Compare with…: the picker opens with the commit as side A; B becomes the newer commit
  await initial.click({ button: 'right' });
  await page.getByTestId('git-commit-menu').getByTestId('git-commit-compare-pick').click();
  const picker = page.getByTestId('compare-picker');
  const from = picker.getByTestId('compare-from-select');
  await expect(from).toHaveValue(/^rev:[0-9a-f]{40}$/);
  const to = picker.getByTestId('compare-to-select');
  await expect(to).toHaveValue('latest');
  const newer = to.locator('option', { hasText: 'add the moon greeter' });
  await expect(newer).toHaveCount(1, { timeout: 30_000 });
  await to.selectOption((await newer.getAttribute('value'))!);
  await picker.getByTestId('compare-run').click();
  await expect(labels.locator('[data-kind="rev"]')).toHaveCount(2, { timeout: 90_000 });
  await expect(labels).toContainText('add the moon greeter');
  await expect(diffObject(page, 'Greeter', 'moon')).toHaveAttribute('data-status', 'added', { timeout: 30_000 });
  await shoot(page, 'compare-history-two-commits');
});

test('environments: build once, deploy to development and production, "compare with…" shows what differs', async ({ page, project }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, project);
  await page.getByTestId('activity-environments').click();
  const view = page.getByTestId('environments-view');
  const dev = view.getByTestId('env-development');
  const prod = view.getByTestId('env-production');
  await expect(dev).toBeVisible({ timeout: 60_000 });
  // nothing deployed yet: nothing to compare
  await expect(dev.getByTestId('env-development-compare')).toBeDisabled();

  await view.getByTestId('dlv-build').getByRole('button').click();
  await expect(view.getByTestId('dlv-build-row').first()).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await setConfigValue(page, 'development', 'api-token', 'dev-token', true);
  await setConfigValue(page, 'development', 'prefix', 'dev: ', false);
  await setConfigValue(page, 'production', 'api-token', 'prod-token', true);
  await setConfigValue(page, 'production', 'prefix', 'prod: ', false);
  await dev.getByTestId('env-development-deploy').click();
  await expect(dev.getByTestId('env-development-health')).toHaveText('healthy', { timeout: 60_000 });
  await prod.getByTestId('env-production-deploy').click();
  await expect(prod.getByTestId('env-production-health')).toHaveText('healthy', { timeout: 60_000 });

  await dev.getByTestId('env-development-compare').click();
  const menu = page.getByTestId('env-development-compare-menu');
  await expect(menu.getByTestId('env-development-compare-env-production')).toBeEnabled();
  await page.screenshot({ path: join(screenshotDir, 'compare-environment-menu-1440x900.png') });
  await menu.getByTestId('env-development-compare-env-production').click();

  const labels = page.getByTestId('compare-labels');
  await expect(labels.locator('[data-kind="env"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(labels).toContainText('development');
  await expect(labels).toContainText('production');
  // the same build, other configuration: every Message's text differs, the Greeters do not
  const message = diffObject(page, 'Message', 'world');
  await expect(message).toHaveAttribute('data-status', 'modified', { timeout: 30_000 });
  await expect(diffObject(page, 'Greeter', 'world')).toHaveCount(0);
  await message.click();
  await expect.poll(() => diffSides(page, 'object-diff'), { timeout: 30_000 }).toEqual([expect.stringContaining('dev: '), expect.stringContaining('prod: ')]);
  await shoot(page, 'compare-environments');
  // no secret value reaches the page
  expect(await page.content()).not.toContain('prod-token');
});
