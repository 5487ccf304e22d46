// Issue 12 item 8 (onboarding): Close Folder goes back to the welcome screen (unsaved edits ask first), and
// opening an empty folder offers "Create a Choreo project". Screenshots at 1440x900 and 1024x700.
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { expect, openApp, openFromExplorer, screenshotDir, screenshotsAtBothSizes, serveNewProject, test, type Host } from './fixtures/host';

/** A host serving a folder with nothing in it. */
const emptyFolderTest = base.extend<{ host: Host }>({
  host: ({}, use) => serveNewProject('empty', () => {}, use),
});

async function runCommand(page: import('@playwright/test').Page, words: string, title: string) {
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type(words);
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toContainText(title);
  await page.keyboard.press('Enter');
}

test('Close Folder asks about unsaved edits, then shows the welcome screen', async ({ page, host }) => {
  await openApp(page, host);
  const file = 'in/studio.example.com.greeters.world.yaml';
  await openFromExplorer(page, file);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# not saved');

  // Cancel keeps the project and the edit.
  await runCommand(page, 'close folder', 'Close Folder');
  await expect(page.getByTestId('dialog')).toContainText('Close Folder? 1 file has unsaved changes');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: join(screenshotDir, 'item8-close-folder-ask-1440.png') });
  await page.getByTestId('dialog-cancel').click();
  await expect(page.getByTestId('shell')).toBeVisible();
  await expect(page.getByTestId('welcome')).toHaveCount(0);

  // Discard closes it: the welcome screen, with the folder in the recent list; the file on disk is untouched.
  await runCommand(page, 'close folder', 'Close Folder');
  await page.getByTestId('dialog-discard').click();
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByTestId('recent-project').first()).toContainText(host.projectDir.split('/').pop()!);
  expect(host.read(file)).not.toContain('# not saved');
  await expect(page).toHaveTitle('Choreo Studio');
  await screenshotsAtBothSizes(page, 'item8-close-folder-welcome');
});

emptyFolderTest('an empty folder offers "Create a Choreo project", and the scaffold runs green', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('status-ready')).toContainText('ready');
  const offer = page.getByTestId('create-project-offer');
  await expect(offer).toContainText('This folder is empty');
  await screenshotsAtBothSizes(page, 'item8-empty-folder-offer');

  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('tree-row-crds')).toBeVisible();
  await expect(offer).toHaveCount(0);
  // The input opens, ready to edit; every starter file is on disk.
  await expect(page.getByTestId('tab-in/example.com.websites.docs.yaml')).toBeVisible();
  expect(host.read('reconcilers/example.com.websites.website.star')).toContain('load("example.com.urls.star", "url_for")');
  expect(host.read('libs/example.com.urls.star')).toContain('def url_for(host)');
  expect(host.read('crds/example.com_websites.yaml')).toContain('kind: Website');

  await page.keyboard.press('F5');
  // A loaded machine can take a while over the first run (worker start-up): wait on the state.
  await expect(page.getByTestId('run-status')).toHaveText(/execution success/, { timeout: 90_000 });
  await expect(page.getByTestId('run-table-reconciler')).toContainText('example.com.websites.website');
  // The editor learnt the new kind from the scaffold's CRD: no "apiVersion not accepted" warning on the input.
  await expect(page.getByTestId('status-problems')).toHaveText(/^\D*0\D+0\D*$/);
  await screenshotsAtBothSizes(page, 'item8-scaffold-ran');
});
