// Issue 12 item 8, "Browse…" in browser mode: the host lists its folders below the browse root
// (`server start --browse-root`) through project.folders, and the page shows a keyboard-driven folder
// picker: filter as you type, arrows, Enter into a folder, Backspace up, Ctrl+H for dot-folders, a path
// typed with `/` (refused outside the root), Ctrl+Enter opens the project. Screenshots at 1440x900 and
// 1024x700.
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, makeProject, openApp, screenshotsAtBothSizes, serveProject, test as base, type Host } from './fixtures/host';

/** A host whose browse root holds work/{alpha, demo (a Choreo project), repo (git)} and a dot-folder. */
const test = base.extend<{ browse: Host & { browseRoot: string } }>({
  browse: async ({}, use) => {
    const browseRoot = realpathSync(mkdtempSync(join(tmpdir(), 'choreo-e2e-browse-')));
    const demo = makeProject();
    cpSync(demo, join(browseRoot, 'work', 'demo'), { recursive: true });
    rmSync(demo, { recursive: true, force: true });
    for (const d of ['work/alpha', 'work/repo/.git', '.hidden-stuff']) mkdirSync(join(browseRoot, d), { recursive: true });
    try {
      await serveProject(makeProject(), (host) => use({ ...host, browseRoot }), ['--browse-root', browseRoot]);
    } finally {
      rmSync(browseRoot, { recursive: true, force: true });
    }
  },
});

const picker = (page: Page) => page.getByTestId('folder-picker');
const rows = (page: Page) => page.getByTestId('folder-picker-row');
const highlighted = (page: Page) => page.locator('[data-testid="folder-picker-row"][aria-selected="true"]');
const names = (page: Page) => rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));

test('Browse… in browser mode: a keyboard folder picker over the host folders, confined to the browse root', async ({ page, browse }) => {
  test.setTimeout(120_000);
  await openApp(page, browse);
  await page.keyboard.press('Control+o');
  const dialog = page.getByTestId('open-folder-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('browse-folder').click();

  // The open project is outside the browse root, so the picker starts at the root; dot-folders hidden.
  await expect(picker(page)).toBeVisible();
  const filter = page.getByTestId('folder-picker-filter');
  await expect(filter).toBeFocused();
  await expect(page.getByTestId('folder-picker-path')).toHaveText(browse.browseRoot);
  await expect.poll(() => names(page)).toEqual(['work']);
  await filter.press('Control+h');
  await expect.poll(() => names(page)).toEqual(['.hidden-stuff', 'work']);
  await expect(page.getByTestId('folder-picker-hidden')).toBeChecked();
  await filter.press('Control+h');
  await expect.poll(() => names(page)).toEqual(['work']);

  // Type to filter, Enter goes in: ".." first, the first sub-folder highlighted, kinds marked.
  await filter.pressSequentially('wo');
  await expect(highlighted(page)).toHaveAttribute('data-name', 'work');
  await filter.press('Enter');
  await expect(page.getByTestId('folder-picker-path')).toHaveText(`${browse.browseRoot}/work`);
  await expect(filter).toHaveValue('');
  await expect.poll(() => names(page)).toEqual(['..', 'alpha', 'demo', 'repo']);
  await expect(highlighted(page)).toHaveAttribute('data-name', 'alpha');
  await expect(rows(page).filter({ hasText: 'demo' })).toHaveAttribute('data-kind', 'choreo');
  await expect(rows(page).filter({ hasText: 'demo' })).toContainText('Choreo project');
  await expect(rows(page).filter({ hasText: 'repo' })).toContainText('git repository');
  await filter.press('ArrowDown');
  await expect(highlighted(page)).toHaveAttribute('data-name', 'demo');
  await expect(page.getByTestId('folder-picker-target')).toHaveText(`◆ ${browse.browseRoot}/work/demo`);
  await screenshotsAtBothSizes(page, 'item8-browse', () => expect(highlighted(page)).toBeInViewport());

  // Backspace on an empty field goes up and highlights the folder it came from; the breadcrumb goes up too.
  await filter.press('Backspace');
  await expect(page.getByTestId('folder-picker-path')).toHaveText(browse.browseRoot);
  await expect(highlighted(page)).toHaveAttribute('data-name', 'work');
  await filter.press('Enter');
  await expect.poll(() => names(page)).toEqual(['..', 'alpha', 'demo', 'repo']);
  await page.getByTestId('folder-picker-path').getByRole('button', { name: browse.browseRoot }).click();
  await expect(highlighted(page)).toHaveAttribute('data-name', 'work');

  // A typed path goes there; outside the root the host refuses, and the picker says why and stays.
  await filter.fill(`${browse.browseRoot}/work/repo`);
  await filter.press('Enter');
  await expect(page.getByTestId('folder-picker-path')).toHaveText(`${browse.browseRoot}/work/repo`);
  await expect(page.getByTestId('folder-picker-none')).toHaveText('No sub-folders here.');
  await filter.fill(browse.projectDir);
  await filter.press('Enter');
  await expect(page.getByTestId('folder-picker-error')).toContainText('is outside the folders this server lets you browse');
  await expect(page.getByTestId('folder-picker-path')).toHaveText(`${browse.browseRoot}/work/repo`);
  await screenshotsAtBothSizes(page, 'item8-browse-refused');
  // Esc clears the field first, then a second Esc would cancel; Alt+Up goes up.
  await filter.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(picker(page)).toBeVisible();
  await filter.press('Alt+ArrowUp');
  await expect(page.getByTestId('folder-picker-path')).toHaveText(`${browse.browseRoot}/work`);
  await expect(page.getByTestId('folder-picker-error')).toHaveCount(0);

  // A double click goes in; Ctrl+Enter opens the highlighted project.
  await rows(page).filter({ hasText: 'alpha' }).dblclick();
  await expect(page.getByTestId('folder-picker-path')).toHaveText(`${browse.browseRoot}/work/alpha`);
  await filter.press('Backspace');
  await expect(highlighted(page)).toHaveAttribute('data-name', 'alpha');
  await filter.press('ArrowDown');
  await expect(highlighted(page)).toHaveAttribute('data-name', 'demo');
  await filter.press('Control+Enter');
  await expect(picker(page)).toHaveCount(0);
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('status-path')).toHaveText(`${browse.browseRoot}/work/demo`, { timeout: 30_000 });
  await expect(page.getByTestId('project-name')).toHaveText('demo');
  await expect(page.getByTestId('tree-row-in')).toBeVisible();

  // Opened again, the picker starts beside the open project.
  await page.keyboard.press('Control+o');
  await dialog.getByTestId('browse-folder').click();
  await expect(page.getByTestId('folder-picker-path')).toHaveText(`${browse.browseRoot}/work`);
  await page.getByTestId('folder-picker-cancel').click();
  await expect(picker(page)).toHaveCount(0);
  await expect(dialog).toBeVisible();
});
