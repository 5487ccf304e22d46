// (d) Stage, commit and push from the Git panel to a local `git http-backend` server, then check with
// real git that the commit is on the remote. The project is a clone of a bare repository served by
// src-main/testing/git-http-server.ts, which runs in this test process (so real git runs async).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { firstInputFile, makeProject, openApp, screenshotDir, showWelcomeScreen, startHost, stopHost } from './fixtures/host';
import { AUTH, giveIdentity, test, type GitRemoteHost } from './fixtures/git-host';

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
  await expect(page.getByTestId('toast').filter({ hasText: /could not|failed/i })).toHaveCount(0);

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

  // Push; the panel and the status bar show it running, then the branch is in sync. A mutation
  // observer records what the status bar showed while it ran (the local push is quick).
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __gitStatusSeen: string[] }).__gitStatusSeen = []);
    new MutationObserver(() => {
      const item = document.querySelector('[data-testid="status-git-progress"]');
      if (item?.textContent) seen.push(item.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('git-push').click();
  await expect(page.getByTestId('git-sync')).toContainText('in sync with origin/main', { timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { __gitStatusSeen: string[] }).__gitStatusSeen);
  expect(seen.some((t) => /Push/.test(t)), `status bar while pushing: ${JSON.stringify(seen)}`).toBe(true);
  await expect(page.getByTestId('status-git-progress')).toHaveCount(0);

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

  // Every Git action is in the palette.
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type('git');
  const palette = page.locator('.palette');
  for (const title of ['Commit', 'Push', 'Pull', 'Fetch', 'Switch Branch…', 'Create Branch…', 'Stash Changes…', 'Stage All Changes', 'Initialise Repository']) {
    await expect(palette.locator('li', { hasText: `Git: ${title}` }).first()).toBeAttached();
  }
  await page.screenshot({ path: join(screenshotDir, 'git-palette.png') });
  await page.keyboard.press('Escape');

  // Dark theme: a change and its diff.
  await page.getByTestId('theme-toggle').locator('button').click();
  gitHost.write(file, gitHost.read(file) + '# one more line\n');
  await page.getByTestId(`git-change-unstaged-${file}`).click();
  await expect(page.getByTestId('git-diff').locator('.editor.modified .view-line', { hasText: '# one more line' })).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'git-diff-dark.png') });
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

// Errors lead somewhere: a push that needs credentials asks for them (and retries), a checkout that
// would overwrite changes offers "Stash and switch", and a discard says where the backup went.
test('credentials prompt on push, stash and switch on checkout, discard with a backup', async ({ page, authGitHost: host }) => {
  const file = firstInputFile(host);
  const original = host.read(file);
  await openApp(page, host);
  await page.getByTestId('activity-git').click();

  // Create a branch from the switcher: type a new name, Enter, confirm.
  await expect(page.getByTestId('branch-chip')).toContainText('main');
  await page.getByTestId('branch-chip').click();
  await page.getByTestId('branch-filter').fill('feature/greeting');
  await expect(page.getByTestId('branch-create')).toContainText('Create new branch "feature/greeting"');
  await page.getByTestId('branch-filter').press('Enter');
  await expect(page.getByTestId('git-prompt-name')).toHaveValue('feature/greeting');
  await page.getByTestId('git-prompt-submit').click();
  await expect(page.getByTestId('branch-chip')).toContainText('feature/greeting');

  // Another program edits the file: the panel follows the file.changed event.
  host.write(file, original + '# changed on the feature branch\n');
  await expect(page.getByTestId(`git-change-unstaged-${file}`)).toBeVisible();
  // Section actions show on hover, as in other IDEs.
  await page.getByTestId('git-unstaged').getByRole('button', { name: /^Changes/ }).hover();
  await page.getByTestId('git-stage-all').click();
  await expect(page.getByTestId(`git-change-staged-${file}`)).toBeVisible();
  await page.getByTestId('git-commit-message').fill('Feature work');
  await page.getByTestId('git-commit').click();
  await giveIdentity(page, 'Alice', 'alice@example.com');
  await expect(page.getByTestId('git-clean')).toBeVisible();

  // Push: the server wants credentials; the app asks, retries, and the branch lands on the remote.
  await page.getByTestId('git-push').click();
  const prompt = page.getByTestId('git-prompt');
  await expect(prompt).toContainText('Sign in to the remote');
  await expect(prompt).toContainText('/remote.git');
  await page.getByTestId('git-prompt-username').fill(AUTH.username);
  await page.getByTestId('git-prompt-token').fill(AUTH.password);
  await page.screenshot({ path: join(screenshotDir, 'git-credentials-prompt.png') });
  await page.getByTestId('git-prompt-submit').click();
  await expect(prompt).toHaveCount(0);
  await expect(page.getByTestId('toast').filter({ hasText: 'Pushed feature/greeting' })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => host.fixture.git(['--git-dir', host.bareDir, 'log', 'feature/greeting', '--format=%s'])).toContain('Feature work');

  // A second push uses the stored (encrypted) credentials: no prompt.
  await page.getByTestId('git-fetch').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Fetched origin' })).toBeVisible({ timeout: 30_000 });
  await expect(prompt).toHaveCount(0);

  // Uncommitted changes to a file that differs on main: checkout refuses and offers a stash.
  host.write(file, original + '# work in progress\n');
  await expect(page.getByTestId(`git-change-unstaged-${file}`)).toBeVisible();
  await page.getByTestId('branch-chip').click();
  await page.getByTestId('branch-item-main').click();
  const dialog = page.getByTestId('dialog');
  await expect(dialog).toContainText('Switch to main?');
  await expect(dialog).toContainText('would overwrite uncommitted changes');
  await page.screenshot({ path: join(screenshotDir, 'git-stash-and-switch.png') });
  await page.getByTestId('dialog-stash').click();
  await expect(page.getByTestId('branch-chip')).toContainText('main');
  await expect(page.getByTestId('git-stash-item')).toContainText('before switching to main');
  await expect.poll(() => host.read(file)).toBe(original);

  // Discard asks, then says where the backup is; the file is back to its committed content.
  host.write(file, original + '# a mistake\n');
  const row = page.getByTestId(`git-change-unstaged-${file}`);
  await expect(row).toBeVisible();
  await row.hover();
  await row.getByTestId('git-discard').click();
  await expect(dialog).toContainText('Discard changes to');
  await page.getByTestId('dialog-discard').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Backup:' })).toBeVisible();
  await expect.poll(() => host.read(file)).toBe(original);
  await expect(page.getByTestId('git-clean')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'git-after-discard.png') });
});

// Clone from the welcome screen: a private repository asks for credentials, then the clone opens.
test('clone a repository from the welcome screen (credentials asked), then pin one to a commit (choreo mode)', async ({ page, authGitHost: host }) => {
  const url = (await host.fixture.git(['remote', 'get-url', 'origin'], host.projectDir)).trim();
  const head = await host.fixture.git(['rev-parse', 'HEAD'], host.projectDir);
  const target = join(host.fixture.tmp, 'cloned');
  await showWelcomeScreen(page, host);
  const form = page.getByTestId('clone-form');
  await form.getByTestId('clone-url').fill(url);
  await expect(form.getByTestId('clone-dir')).toHaveValue('~/choreo/remote');
  await form.getByTestId('clone-dir').fill(target);
  await page.screenshot({ path: join(screenshotDir, 'git-clone-welcome.png') });
  await form.getByTestId('clone-submit').click();
  await expect(page.getByTestId('git-prompt')).toContainText('Sign in to the remote');
  await page.getByTestId('git-prompt-username').fill(AUTH.username);
  await page.getByTestId('git-prompt-token').fill(AUTH.password);
  await page.getByTestId('git-prompt-submit').click();
  await expect(page.getByTestId('shell')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('status-path')).toHaveText(target);
  await expect(page.getByTestId('branch-chip')).toContainText('main');
  expect(await host.fixture.git(['rev-parse', 'HEAD'], target)).toBe(head);

  // Choreo mode: the same repository pinned to a commit opens read-only (credentials are stored now).
  await showWelcomeScreen(page, host);
  await form.getByTestId('clone-url').fill(url);
  await form.getByText('Pin to a tag or commit').click();
  await form.getByTestId('clone-ref').fill(head);
  await form.getByTestId('clone-submit').click();
  await expect(page.getByTestId('shell')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('status-choreo-mode')).toContainText('read-only');
  await page.getByTestId('activity-git').click();
  await expect(page.getByTestId('git-readonly')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'git-choreo-mode.png') });
});

// A rejected push offers Pull; a pull that stops on conflicts lists the file and offers Abort merge.
test('push rejected → Pull → conflicts → Abort merge', async ({ page, gitHost: host }) => {
  const file = firstInputFile(host);
  const original = host.read(file);
  // Someone else pushes a change to the same line first.
  const other = join(host.fixture.tmp, 'other');
  const url = (await host.fixture.git(['remote', 'get-url', 'origin'], host.projectDir)).trim();
  await host.fixture.git(['clone', '-q', url, other]);
  writeFileSync(join(other, file), original.replace('language: en', 'language: de'));
  await host.fixture.git(['commit', '-q', '-am', 'Their change'], other);
  await host.fixture.git(['push', '-q', 'origin', 'main'], other);

  await openApp(page, host);
  await page.getByTestId('activity-git').click();
  host.write(file, original.replace('language: en', 'language: fr'));
  // From the keyboard: focus the row, Space stages it.
  await page.getByTestId(`git-change-unstaged-${file}`).focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId(`git-change-staged-${file}`)).toBeVisible();
  await page.getByTestId('git-commit-message').fill('Our change');
  await page.getByTestId('git-commit-message').press('Control+Enter');
  await giveIdentity(page, 'Bob', 'bob@example.com');
  await expect(page.getByTestId('git-clean')).toBeVisible();

  await page.getByTestId('git-push').click();
  const banner = page.getByTestId('git-error');
  await expect(banner).toContainText('Push failed.', { timeout: 30_000 });
  await expect(banner).toContainText('Pull first');
  await page.screenshot({ path: join(screenshotDir, 'git-push-rejected.png') });
  await banner.getByTestId('git-error-action-git.pull').click();

  await expect(banner).toContainText('conflicts', { timeout: 30_000 });
  await expect(page.getByTestId(`git-change-conflicted-${file}`)).toBeVisible();
  await expect(page.getByTestId('git-commit')).toBeDisabled();
  await page.screenshot({ path: join(screenshotDir, 'git-pull-conflicts.png') });
  await banner.getByTestId('git-error-action-git.mergeAbort').click();
  await expect(page.getByTestId('git-clean')).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect.poll(() => host.read(file)).toContain('language: fr');
});

/**
 * Adds `count` empty commits ("Commit number 1".."count") on top of the checked-out branch with ONE
 * `git fast-import` process: 250 `git commit` spawns took most of the test's time on a loaded machine.
 * A commit with no file commands keeps its parent's tree, so the index and working tree stay clean.
 */
function addEmptyCommits(host: GitRemoteHost, count: number): void {
  const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: host.projectDir, input, encoding: 'utf8' }).trim();
  const branch = git(['symbolic-ref', 'HEAD']);
  const parent = git(['rev-parse', 'HEAD']);
  const start = Number(git(['log', '-1', '--format=%ct'])) + 1;
  const stream: string[] = [];
  for (let i = 1; i <= count; i++) {
    const message = `Commit number ${i}\n`;
    stream.push(`commit ${branch}`, `committer Tester <t@example.com> ${start + i} +0000`, `data ${Buffer.byteLength(message)}`, message);
    if (i === 1) stream.push(`from ${parent}`);
    stream.push('');
  }
  git(['fast-import', '--quiet'], stream.join('\n'));
}

// A long history loads page by page (100 commits each) as the virtualized list scrolls.
test('history pages in as it scrolls', async ({ page, gitHost: host }) => {
  // Three history pages from a host that may run from the TypeScript sources (tsx) on a loaded machine:
  // each page reads 100+ commits and their trees, which took ~10 s a page there. The steps wait on state.
  test.slow();
  addEmptyCommits(host, 250);
  expect(await host.fixture.git(['rev-list', '--count', 'HEAD'], host.projectDir)).toBe('251');
  expect(await host.fixture.git(['status', '--porcelain'], host.projectDir)).toBe('');
  await openApp(page, host);
  await page.getByTestId('activity-git').click();
  const history = page.getByTestId('git-history');
  await history.getByRole('button', { name: /History/ }).click();
  // A page can take ~10 s to come from a tsx-run host on a loaded machine: each wait allows 30 s.
  const pageLoad = { timeout: 30_000 };
  await expect(history.getByRole('button', { name: /History/ })).toContainText('100+', pageLoad);
  const list = page.getByTestId('git-history-list');
  await expect(list.getByTestId('git-commit-item').first()).toContainText('Commit number 250');
  // Only the rows in view are in the DOM.
  expect(await list.getByTestId('git-commit-item').count()).toBeLessThan(60);
  for (const expected of ['200+', '251']) {
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(history.getByRole('button', { name: /History/ })).toContainText(expected, pageLoad);
  }
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(list).toContainText('Initial commit: hello-world example', pageLoad);
});
