// Plan before commit (issue 13 item 2, the setting): with "Plan first" ticked in Source Control, Commit first
// plans what is staged and asks with what it would change; Cancel leaves everything as it was, Show Plan opens
// the Plan panel (its object diff keeps most of the width at 1024x700 and long field lines wrap between
// words), Commit commits. Unticked, Commit commits at once. Two-reconciler project in a git repository.
import { test as base } from '@playwright/test';
import { commitNewRepo, runGit } from '../src-main/testing/git-fixture';
import { insightFiles } from '../src-main/testing/insight-project';
import { expect, openApp, runOnceToSuccess, screenshotsAtBothSizes, serveNewProject, type Host } from './fixtures/host';
import { stageFromRow } from './fixtures/git-ui';

const INPUT = 'in/example.com.greeters.world.yaml';
const LONG = 'a greeter whose name is long enough to wrap the planned field line';

const test = base.extend<{ repo: Host }>({
  repo: ({}, use) =>
    serveNewProject(
      'plan-commit',
      async (dir) => {
        await commitNewRepo(dir, { ...insightFiles, '.gitignore': '.choreo/\n' }, 'two reconcilers');
        // the repository names its author, so Commit does not ask who is committing
        await runGit(['config', 'user.name', 'E2E Author'], dir);
        await runGit(['config', 'user.email', 'e2e@example.com'], dir);
      },
      use,
    ),
});

const commits = async (dir: string) => (await runGit(['rev-list', '--count', 'HEAD'], dir)).trim();

test('plan before commit: Commit shows the plan of what is staged, then cancels or commits', async ({ page, repo }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, repo);
  await runOnceToSuccess(page, 120_000);

  // an edit of the input, staged
  repo.write(INPUT, repo.read(INPUT).replace('spec:\n  name: world', `spec:\n  name: ${LONG}`));
  await page.getByTestId('activity-git').click();
  await stageFromRow(page, INPUT);

  await page.getByTestId('git-plan-first').check();
  await page.getByTestId('git-commit-message').fill('A longer greeter name');
  const dialog = page.getByTestId('dialog');
  await page.getByTestId('git-commit').click();
  await expect(dialog).toContainText('The commit would change 2 objects (+0 ~2 -0)', { timeout: 90_000 });
  await expect(dialog).toContainText('~ Message default/world');
  await expect(dialog).toContainText(`~ spec.text: "hello world" → "hello ${LONG}"`);
  await screenshotsAtBothSizes(page, 'plan-before-commit', () => expect(dialog).toBeVisible());

  // Cancel: nothing committed, the message and the staged file stay
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await commits(repo.projectDir)).toBe('1');
  await expect(page.getByTestId('git-commit-message')).toHaveValue('A longer greeter name');

  // Show Plan: the staged plan in the Plan panel; the Message's field line and its diff at both sizes
  await page.getByTestId('git-commit').click();
  await dialog.getByRole('button', { name: 'Show Plan' }).click();
  const panel = page.getByTestId('plan-panel');
  await expect(panel.getByTestId('plan-source-staged')).toHaveAttribute('aria-pressed', 'true');
  const message = panel.getByTestId('plan-item').filter({ hasText: 'Message' });
  await expect(message.getByTestId('plan-change')).toContainText(LONG, { timeout: 60_000 });
  await message.getByRole('button').click();
  await expect(panel.getByTestId('plan-object-diff')).toBeVisible({ timeout: 30_000 });
  await screenshotsAtBothSizes(page, 'plan-panel-staged', async () => {
    await expect(panel.getByTestId('plan-object-diff')).toBeVisible();
    // the object diff has most of the panel's width, once the layout has followed the new window size (polled:
    // the split is measured by a resize observer, a frame or more after the viewport changes)
    const listShare = async () => (await panel.getByTestId('plan-objects').boundingBox())!.width / (await panel.boundingBox())!.width;
    await expect.poll(listShare).toBeLessThan(0.45);
  });
  expect(await commits(repo.projectDir)).toBe('1');

  // Commit: the commit goes through
  await page.getByTestId('git-commit').click();
  await expect(dialog).toContainText('The commit would change 2 objects', { timeout: 90_000 });
  await dialog.getByRole('button', { name: 'Commit' }).click();
  await expect.poll(() => commits(repo.projectDir), { timeout: 30_000 }).toBe('2');
  await expect(page.getByTestId('git-commit-message')).toHaveValue('');

  // unticked: Commit commits at once
  await page.getByTestId('git-plan-first').uncheck();
  repo.write(INPUT, repo.read(INPUT).replace(`name: ${LONG}`, 'name: moon'));
  await stageFromRow(page, INPUT);
  await page.getByTestId('git-commit-message').fill('Moon');
  await page.getByTestId('git-commit').click();
  await expect.poll(() => commits(repo.projectDir), { timeout: 30_000 }).toBe('3');
  await expect(dialog).toHaveCount(0);
});
