// (d) Stage, commit and push from the Git panel to a local `git http-backend` server, then check with
// real git that the commit is on the remote. The project is a clone of a bare repository served by
// src-main/testing/git-http-server.ts, which runs in this test process (so real git runs async).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { makeGitFixture, type GitFixture } from '../src-main/testing/git-fixture';
import { firstInputFile, makeProject, openApp, screenshotDir, startHost, stopHost, type Host } from './fixtures/host';

interface GitRemoteHost extends Host {
  /** The bare repository the project was cloned from. */
  bareDir: string;
  fixture: GitFixture;
}

const test = base.extend<{ gitHost: GitRemoteHost }>({
  gitHost: async ({}, use) => {
    const fixture = await makeGitFixture();
    const url = await fixture.bare('remote');
    const bareDir = join(fixture.root, 'remote.git');
    // Seed the remote with the example project, then clone it: the project is an ordinary clone.
    const seed = makeProject();
    await fixture.git(['init', '-q', '-b', 'main'], seed);
    await fixture.git(['add', '-A'], seed);
    await fixture.git(['commit', '-q', '-m', 'Initial commit: hello-world example'], seed);
    await fixture.git(['push', '-q', url, 'main'], seed);
    rmSync(seed, { recursive: true, force: true });
    const projectDir = join(fixture.tmp, 'project');
    await fixture.git(['clone', '-q', url, projectDir]);
    const appDir = mkdtempSync(join(tmpdir(), 'choreo-e2e-app-'));
    const { child, url: pageUrl } = await startHost(projectDir, appDir);
    const u = new URL(pageUrl);
    await use({
      url: pageUrl,
      origin: u.origin,
      token: u.searchParams.get('token')!,
      projectDir,
      appDir,
      read: () => '',
      write: () => undefined,
      bareDir,
      fixture,
    });
    await stopHost(child);
    rmSync(appDir, { recursive: true, force: true });
    await fixture.cleanup();
  },
});

test('edit, stage, commit (Ctrl+Enter, identity asked once) and push to a git http-backend remote', async ({ page, gitHost }) => {
  const file = firstInputFile(gitHost);
  await openApp(page, gitHost);

  // The title bar names the branch; the tree is clean.
  const chip = page.getByTestId('branch-chip');
  await expect(chip).toContainText('main');
  await expect(page.getByTestId('branch-chip-changed')).toHaveCount(0);

  // Edit an input file in the editor and save it.
  await page.getByTestId(`tree-row-${file}`).click();
  await page.waitForFunction((p) => !!window.__monaco!.editor.getModels().find((m) => m.uri.path === '/' + p), file);
  await page.evaluate((p) => {
    const m = window.__monaco!.editor.getModels().find((x) => x.uri.path === '/' + p)!;
    m.pushEditOperations([], [{ range: m.getFullModelRange(), text: m.getValue().trimEnd() + '\n# edited in Choreo Studio\n' }], () => null);
  }, file);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId(`tab-${file}`)).toHaveAttribute('data-dirty', 'false');

  // The Git view lists the change; the chip counts it.
  await page.getByTestId('activity-git').click();
  const unstaged = page.getByTestId(`git-change-unstaged-${file}`);
  await expect(unstaged).toBeVisible();
  await expect(page.getByTestId('branch-chip-changed')).toContainText('1 changed');

  // Selecting it shows the diff (index ↔ working tree) in Monaco's diff editor over the editor.
  await unstaged.click();
  const diff = page.getByTestId('git-diff');
  await expect(page.getByTestId('git-diff-sides')).toContainText('Index ↔ Working tree');
  await expect(diff.locator('.editor.modified .view-line', { hasText: '# edited in Choreo Studio' })).toBeVisible();
  await expect(diff.locator('.editor.modified .line-insert').first()).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'git-diff.png') });

  // Stage it from its row; it moves to Staged Changes and the diff follows (HEAD ↔ index).
  await unstaged.hover();
  await unstaged.getByTestId('git-stage').click();
  const staged = page.getByTestId(`git-change-staged-${file}`);
  await expect(staged).toBeVisible();
  await expect(unstaged).toHaveCount(0);
  await expect(page.getByTestId('git-diff-sides')).toContainText('HEAD ↔ Index (staged)');

  // Commit with Ctrl+Enter from the message box. No author is known yet: the app asks once.
  const message = `Greeting edited from the Git panel ${Date.now()}`;
  await page.getByTestId('git-commit-message').fill(message);
  await page.getByTestId('git-commit-message').press('Control+Enter');
  const prompt = page.getByTestId('git-prompt');
  await expect(prompt).toContainText('Who is committing?');
  await page.getByTestId('git-prompt-name').fill('Studio Tester');
  await page.getByTestId('git-prompt-email').fill('tester@example.com');
  await page.screenshot({ path: join(screenshotDir, 'git-identity-prompt.png') });
  await page.getByTestId('git-prompt-submit').click();
  await expect(prompt).toHaveCount(0);
  await expect(page.getByTestId('git-clean')).toBeVisible();
  await expect(page.getByTestId('git-commit-message')).toHaveValue('');
  await expect(page.getByTestId('git-sync')).toContainText('↑1');

  // Push; the panel and the status bar show it running, then the branch is in sync.
  await page.getByTestId('git-push').click();
  await expect(page.getByTestId('git-sync')).toContainText('in sync with origin/main', { timeout: 30_000 });

  // Real git agrees: the commit with that message is on the remote's main, by the author given above.
  await expect.poll(() => gitHost.fixture.git(['--git-dir', gitHost.bareDir, 'log', 'main', '--format=%s|%an <%ae>'])).toContain(
    `${message}|Studio Tester <tester@example.com>`,
  );

  // The history lists it with its changed file.
  await page.getByTestId('git-history').getByRole('button', { name: /History/ }).click();
  const commitRow = page.getByTestId('git-commit-item').filter({ hasText: message });
  await expect(commitRow).toBeVisible();
  await commitRow.click();
  await expect(page.getByTestId('git-history-list')).toContainText(file.slice(file.lastIndexOf('/') + 1));
  await page.screenshot({ path: join(screenshotDir, 'git-pushed.png') });

  // The branch switcher opens from the title bar chip.
  await chip.click();
  await expect(page.getByTestId('branch-switcher')).toBeVisible();
  await expect(page.getByTestId('branch-item-main')).toContainText('current');
  await page.screenshot({ path: join(screenshotDir, 'git-branch-switcher.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('branch-switcher')).toHaveCount(0);
});

// A project folder with no repository: the Git view teaches, and one click initialises it.
test('a project without git offers "Initialise a repository"', async ({ page }) => {
  const projectDir = makeProject();
  const appDir = mkdtempSync(join(tmpdir(), 'choreo-e2e-app-'));
  const { child, url } = await startHost(projectDir, appDir);
  try {
    await openApp(page, { url, origin: new URL(url).origin, token: '', projectDir, appDir, read: () => '', write: () => undefined });
    await expect(page.getByTestId('branch-chip')).toContainText('no git');
    await page.getByTestId('activity-git').click();
    await expect(page.getByTestId('git-no-repo')).toBeVisible();
    await page.screenshot({ path: join(screenshotDir, 'git-no-repo.png') });
    await page.getByTestId('git-init').click();
    await expect(page.getByTestId('branch-chip')).toContainText('main');
    await expect(page.getByTestId('git-unstaged')).toBeVisible();
    await expect(page.getByTestId('git-change-unstaged-.gitignore')).toBeVisible();
  } finally {
    await stopHost(child);
    rmSync(projectDir, { recursive: true, force: true });
    rmSync(appDir, { recursive: true, force: true });
  }
});
