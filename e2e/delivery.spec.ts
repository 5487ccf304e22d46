// Delivery, driven like a user: build HEAD → deploy to development → set a production secret → promote
// (preview of what changes, health check with production's configuration) → production healthy → a
// configuration change makes a new deployment → roll back; the history shows every execution and its log.
// The project is the hello-world example whose reconciler reads config()/secret(), in a real git repo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allFilesUnder, makeDeliveryProject } from '../src-main/testing/delivery-project';
import { expect, screenshotDir, serveNewProject, test as base, type Host } from './fixtures/host';
import { openEnvironments, setConfigValue } from './fixtures/delivery-ui';

const test = base.extend<{ project: Host }>({ project: ({}, use) => serveNewProject('delivery', makeDeliveryProject, use) });
test.describe.configure({ timeout: 120_000 });

const SECRET = 'e2e-Secr3t-value-9f1c';

test('build → deploy to development → production secret → promote → healthy → roll back', async ({ page, project }) => {
  const view = await openEnvironments(page, project);
  await expect(view.getByTestId('env-production')).toBeVisible();

  // build HEAD once
  await view.getByTestId('dlv-build').getByRole('button').click();
  const build = view.getByTestId('dlv-build-row').first();
  await expect(build).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });

  // deploying without the secret the code needs is refused with the missing key
  const dev = view.getByTestId('env-development');
  await dev.getByTestId('env-development-deploy').click();
  await expect(view.getByTestId('dlv-error')).toContainText('api-token');

  await setConfigValue(page, 'development', 'api-token', 'dev-token-1', true);
  await dev.getByTestId('env-development-deploy').click();
  await expect(dev.getByTestId('env-development-health')).toHaveText('healthy', { timeout: 30_000 });
  // browser mode: the server is the project's host (.choreo/host.json), so the deployments outlive the page;
  // only the desktop app offers "Keep deployments running when the app closes"
  await expect(view.getByTestId('dlv-runs-in')).toContainText("runs in the project's host (pid");
  await expect(view.getByTestId('dlv-keep-running')).toHaveCount(0);
  await page.screenshot({ path: join(screenshotDir, 'delivery-1-deployed-development.png') });
  // the health detail says why each object counts as healthy (kstatus rule)
  const detail = dev.getByTestId('env-development-health-detail');
  await expect(detail).toContainText('2 Current · 0 InProgress · 0 Failed');
  await detail.locator('summary').click();
  await expect(detail).toContainText('Greeter/default/world');
  await expect(detail).toContainText('Ready=True');
  await page.screenshot({ path: join(screenshotDir, 'delivery-1b-health-detail.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: join(screenshotDir, 'delivery-1c-health-detail-1024.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await detail.locator('summary').click();

  // a production secret (write-only: the UI shows dots, never the value)
  const prod = view.getByTestId('env-production');
  await setConfigValue(page, 'production', 'api-token', SECRET, true);
  await expect(prod.getByTestId('cfg-production-row').filter({ hasText: 'api-token' })).toContainText('•••••• secret');
  await setConfigValue(page, 'production', 'prefix', 'prod: ', false);
  expect(await page.content()).not.toContain(SECRET);

  // promote with a preview of what changes
  await dev.getByTestId('env-development-promote').click();
  const preview = page.getByTestId('dlv-preview');
  await expect(preview).toContainText('Promote build');
  await expect(preview.getByTestId('dlv-preview-items')).toContainText('Greeter');
  await page.screenshot({ path: join(screenshotDir, 'delivery-2-promote-preview.png') });
  await preview.getByTestId('dlv-confirm').click();
  await expect(prod.getByTestId('env-production-health')).toHaveText('healthy', { timeout: 30_000 });
  await expect(prod.getByTestId('env-production-active')).toContainText('promote');
  await page.screenshot({ path: join(screenshotDir, 'delivery-3-production-healthy.png') });

  // a configuration change is a new deployment; roll back to the promoted one in one action
  await setConfigValue(page, 'production', 'prefix', 'v2: ', false);
  await expect(prod.getByTestId('env-production-active')).toContainText('config', { timeout: 30_000 });
  await prod.getByTestId('env-production-rollback').click();
  await expect(page.getByTestId('dlv-preview')).toContainText('Roll production back');
  await page.getByTestId('dlv-confirm').click();
  await expect(prod.getByTestId('env-production-active')).toContainText('rollback', { timeout: 30_000 });
  await expect(prod.getByTestId('env-production-health')).toHaveText('healthy');
  await page.screenshot({ path: join(screenshotDir, 'delivery-4-rolled-back.png') });

  // the history: every execution, with its log
  await page.getByTestId('panel-tab-history').click();
  const panel = page.getByTestId('history-panel');
  for (const kind of ['build', 'deploy', 'health-check', 'promotion', 'rollback', 'prod-session']) {
    await expect(panel.locator(`[data-testid="hist-row"][data-kind="${kind}"]`).first()).toBeVisible();
  }
  await panel.locator('[data-testid="hist-row"][data-kind="promotion"]').first().click();
  await expect(panel.getByTestId('hist-log-text')).toContainText('promote build');
  // redaction cannot recognise every value derived from a secret: the log says so (issue 18 item 6)
  await expect(panel.getByTestId('hist-log-note')).toContainText('may still appear');
  await page.getByRole('button', { name: 'Maximize panel' }).click();
  await page.screenshot({ path: join(screenshotDir, 'delivery-5-history.png') });
  expect(await page.content()).not.toContain(SECRET);
  await project.stop!();
  // nothing under .choreo/ or the app data folder holds the secret in clear
  const files = allFilesUnder(join(project.projectDir, '.choreo'), project.appDir);
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) expect(readFileSync(f).includes(SECRET), f).toBe(false);
});
