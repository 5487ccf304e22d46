// Delivery with GitOps, driven like a user (issue 15 items 5 and 6): set up publishing for development in
// its column (repository URL, branch, a token stored for the host), deploy, and see the published commit in
// the column and in the history; the remote branch (git http-backend on 127.0.0.1) holds that commit.
// The project's reconciler reads secret("api-token") but keeps it out of the objects, so publishing is allowed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commitFile, makeDeliveryProject, RECONCILER } from '../src-main/testing/delivery-project';
import { startGitHttpServer } from '../src-main/testing/git-http-server';
import { expect, screenshotDir, serveNewProject, test as base, type Host } from './fixtures/host';
import { openEnvironments, setConfigValue } from './fixtures/delivery-ui';

const run = promisify(execFile);
const AUTH = { username: 'ops', password: 'e2e-gitops-token-77' };

/** The delivery project with a reconciler that reads secret("api-token") but keeps it out of the objects. */
async function makeProject(dir: string): Promise<void> {
  await makeDeliveryProject(dir);
  await commitFile(dir, 'reconcilers/studio.example.com.greeters.greeter.star', RECONCILER.replace('  msg["spec"]["token"] = token\n', ''), 'keep the token out of the objects');
}

const test = base.extend<{ project: Host }>({ project: ({}, use) => serveNewProject('gitops', makeProject, use) });
test.describe.configure({ timeout: 150_000 });

test('GitOps settings of an environment: set up, deploy publishes, the column and the history show the commit', async ({ page, project }) => {
  const remotes = mkdtempSync(join(tmpdir(), 'choreo-e2e-remotes-'));
  await run('git', ['init', '-q', '--bare', join(remotes, 'deploy.git')]);
  const git = await startGitHttpServer({ root: remotes, requireAuth: AUTH });
  const repoUrl = `${git.url}/deploy.git`;
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    const view = await openEnvironments(page, project);
    const dev = view.getByTestId('env-development');
    await expect(dev.getByTestId('env-development-gitops-target')).toHaveText('not published', { timeout: 60_000 });

    // set up publishing, with a token for the host
    await dev.getByTestId('env-development-gitops-edit').click();
    await dev.getByTestId('env-development-gitops-url').fill('https://ops:pw@example.com/deploy.git');
    await dev.getByTestId('env-development-gitops-save').click();
    await expect(view.getByTestId('dlv-error')).toContainText('must not contain credentials', { timeout: 30_000 });
    await dev.getByTestId('env-development-gitops-url').fill(repoUrl);
    await dev.getByTestId('env-development-gitops-branch').fill('env/development');
    await dev.getByLabel("Username for the repository's host").fill(AUTH.username);
    await dev.getByTestId('env-development-gitops-token').fill(AUTH.password);
    await page.screenshot({ path: join(screenshotDir, 'delivery-gitops-1-form.png') });
    await dev.getByTestId('env-development-gitops-save').click();
    await expect(dev.getByTestId('env-development-gitops-target')).toContainText(`env/development · ${repoUrl}`, { timeout: 30_000 });

    // build, set the secret, deploy: the deployment is published
    await view.getByTestId('dlv-build').getByRole('button').click();
    await expect(view.getByTestId('dlv-build-row').first()).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
    await setConfigValue(page, 'development', 'api-token', 'dev-token-1', true);
    await dev.getByTestId('env-development-deploy').click();
    await expect(dev.getByTestId('env-development-health')).toHaveText('healthy', { timeout: 60_000 });
    const published = dev.getByTestId('env-development-published');
    await expect(published).toContainText('→ env/development', { timeout: 30_000 });
    const commit = (await published.getAttribute('data-commit'))!;
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    const authed = repoUrl.replace('http://', `http://${AUTH.username}:${AUTH.password}@`);
    expect((await run('git', ['ls-remote', authed, 'refs/heads/env/development'])).stdout).toContain(commit);
    await page.screenshot({ path: join(screenshotDir, 'delivery-gitops-2-published-1440.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: join(screenshotDir, 'delivery-gitops-3-published-1024.png') });

    // the history links the deploy to its commit
    await page.getByTestId('panel-tab-history').click();
    const panel = page.getByTestId('history-panel');
    const row = panel.locator('[data-testid="hist-row"][data-kind="deploy"]').first();
    await expect(row.getByTestId('hist-row-published')).toHaveAttribute('data-commit', commit, { timeout: 30_000 });
    await row.click();
    await expect(panel.getByTestId('hist-log-published')).toHaveAttribute('data-commit', commit, { timeout: 30_000 });
    await expect(panel.getByTestId('hist-log-text')).toContainText(`published commit ${commit}`, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Maximize panel' }).click();
    await page.screenshot({ path: join(screenshotDir, 'delivery-gitops-4-history-1024.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(screenshotDir, 'delivery-gitops-5-history-1440.png') });

    // removing the target stops publishing
    await page.getByRole('button', { name: 'Restore panel size' }).click();
    await dev.getByTestId('env-development-gitops-remove').click();
    await expect(dev.getByTestId('env-development-gitops-target')).toHaveText('not published', { timeout: 30_000 });
  } finally {
    await git.close();
    rmSync(remotes, { recursive: true, force: true });
  }
});
