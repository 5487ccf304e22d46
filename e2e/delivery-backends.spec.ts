// Delivery of a project that needs the engine's built-in backends (an IP index in its input), driven like a
// user: Build HEAD fails and says which option serves the index; "Built-in backends" on, Build HEAD again
// succeeds (the build row says it was made with them), and Deploy runs healthy with no further choice.
import { makeBackendProject } from '../src-main/testing/backend-project';
import { expect, screenshotsAtBothSizes, serveNewProject, test as base, type Host } from './fixtures/host';
import { openEnvironments } from './fixtures/delivery-ui';

const test = base.extend<{ project: Host }>({ project: ({}, use) => serveNewProject('backends', makeBackendProject, use) });
test.describe.configure({ timeout: 120_000 });

test('a project that needs the built-in backends: build fails naming them, builds and deploys with them', async ({ page, project }) => {
  const view = await openEnvironments(page, project);

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
});
