// Explorer file operations, driven like a user: create a file from the explorer's context menu, edit
// and save it, rename it inline (F2) with its tab following, delete it (to the project trash, with a
// confirmation that names the undo) and restore it from the command palette — checking the disk
// after every step.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, modelText, openApp, screenshotDir, test } from './fixtures/host';

test('create, rename, delete and restore a file from the explorer', async ({ page, host }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, host);
  const onDisk = (p: string) => existsSync(join(host.projectDir, p));

  // New File from the context menu of the in/ folder: the field starts in that folder.
  await page.getByTestId('tree-row-in').click({ button: 'right' });
  const menu = page.getByTestId('explorer-context-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /Rename/ })).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'file-ops-context-menu.png') });
  await menu.getByRole('menuitem', { name: 'New File…' }).click();
  const field = page.getByTestId('new-entry-input');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('in/');

  // A name that exists is refused while typing, and nothing is written.
  const existing = readdirSync(join(host.projectDir, 'in')).find((n) => n.endsWith('.yaml'))!;
  await page.keyboard.type(existing);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('new-entry').getByRole('alert')).toContainText('already exists');
  await field.fill('in/notes.yaml');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('new-entry')).toHaveCount(0);
  await expect.poll(() => onDisk('in/notes.yaml')).toBe(true);
  expect(host.read('in/notes.yaml')).toBe('');
  await expect(page.getByTestId('tree-row-in/notes.yaml')).toBeVisible();
  await expect(page.getByTestId('tab-in/notes.yaml')).toHaveAttribute('aria-selected', 'true');

  // Give it content and save, so the rename and restore can be checked byte for byte.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('note: kept\n');
  await page.keyboard.press('Control+s');
  await expect.poll(() => host.read('in/notes.yaml')).toBe('note: kept\n');
  // ...and an unsaved edit, which must survive the rename.
  await page.keyboard.type('# unsaved');
  await expect(page.getByTestId('tab-in/notes.yaml')).toHaveAttribute('data-dirty', 'true');

  // Rename inline with F2: the base name is selected, so typing replaces just that.
  await page.getByTestId('tree-row-in/notes.yaml').click();
  await page.getByTestId('explorer-tree').focus();
  await page.keyboard.press('F2');
  const rename = page.getByTestId('rename-input');
  await expect(rename).toBeFocused();
  await expect(rename).toHaveValue('in/notes.yaml');
  await page.keyboard.type('renamed');
  await page.screenshot({ path: join(screenshotDir, 'file-ops-rename.png') });
  await page.keyboard.press('Enter');
  await expect.poll(() => onDisk('in/renamed.yaml')).toBe(true);
  expect(onDisk('in/notes.yaml')).toBe(false);
  expect(host.read('in/renamed.yaml')).toBe('note: kept\n');
  // The tab followed the file, unsaved edit included.
  await expect(page.getByTestId('tab-in/renamed.yaml')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tab-in/notes.yaml')).toHaveCount(0);
  await expect(page.getByTestId('tab-in/renamed.yaml')).toHaveAttribute('data-dirty', 'true');
  await expect.poll(() => modelText(page, 'in/renamed.yaml')).toBe('note: kept\n# unsaved');
  // The crash backup of the unsaved edit moved with it (nothing comes back under the old name).
  const backedUp = () =>
    page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('choreo.backups:')).flatMap((k) => Object.keys(JSON.parse(localStorage.getItem(k)!))));
  await expect.poll(backedUp).toEqual(['in/renamed.yaml']);
  await page.keyboard.press('Control+s');
  await expect.poll(() => host.read('in/renamed.yaml')).toBe('note: kept\n# unsaved');

  // Delete with Del: the confirmation names the trash and the undo.
  await page.getByTestId('tree-row-in/renamed.yaml').click();
  await page.getByTestId('explorer-tree').focus();
  await page.keyboard.press('Delete');
  const dialog = page.getByTestId('dialog');
  await expect(dialog).toContainText('Delete file "renamed.yaml"?');
  await expect(dialog).toContainText('.choreo/trash');
  await expect(dialog).toContainText('Restore Last Deleted');
  await page.screenshot({ path: join(screenshotDir, 'file-ops-delete-confirm.png') });
  await dialog.getByRole('button', { name: 'Move to Trash' }).click();
  await expect.poll(() => onDisk('in/renamed.yaml')).toBe(false);
  const trash = readdirSync(join(host.projectDir, '.choreo', 'trash'));
  expect(trash).toHaveLength(1);
  expect(host.read(`.choreo/trash/${trash[0]}/files/in/renamed.yaml`)).toBe('note: kept\n# unsaved');
  await expect(page.getByTestId('tree-row-in/renamed.yaml')).toHaveCount(0);
  // The open tab is marked, not closed: nothing is lost.
  await expect(page.getByTestId('tab-in/renamed.yaml')).toHaveClass(/deleted/);

  // Restore from the command palette.
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type('restore last deleted');
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toContainText('Restore Last Deleted');
  await page.keyboard.press('Enter');
  await expect.poll(() => onDisk('in/renamed.yaml')).toBe(true);
  expect(host.read('in/renamed.yaml')).toBe('note: kept\n# unsaved');
  // The file is back before its trash folder is removed: wait for both.
  await expect.poll(() => readdirSync(join(host.projectDir, '.choreo', 'trash'))).toEqual([]);
  await expect(page.getByTestId('tree-row-in/renamed.yaml')).toBeVisible();
  await expect(page.getByTestId('tab-in/renamed.yaml')).not.toHaveClass(/deleted/);
  await page.screenshot({ path: join(screenshotDir, 'file-ops-restored.png') });
  expect(errors, 'page errors').toEqual([]);
});

test('new folder, a file inside it, rename the folder, drag the file elsewhere', async ({ page, host }) => {
  await openApp(page, host);
  // The context menu opens from the keyboard too (Shift+F10), on the focused row.
  await page.getByTestId('explorer-tree').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+F10');
  await expect(page.getByTestId('explorer-context-menu')).toBeVisible();
  await expect(page.getByTestId('explorer-context-menu').getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('explorer-context-menu')).toHaveCount(0);

  await page.getByTestId('explorer-new-folder').click();
  const field = page.getByTestId('new-entry-input');
  await expect(field).toBeFocused();
  await field.fill('libs/extra');
  await page.keyboard.press('Enter');
  await expect.poll(() => existsSync(join(host.projectDir, 'libs', 'extra'))).toBe(true);
  await expect(page.getByTestId('new-entry')).toHaveCount(0);
  // The new folder is selected: New File (Ctrl+Alt+N) goes into it.
  await page.keyboard.press('Control+Alt+n');
  await expect(page.getByTestId('new-entry-input')).toHaveValue('libs/extra/');
  await page.keyboard.type('helpers.star');
  await page.keyboard.press('Enter');
  await expect.poll(() => existsSync(join(host.projectDir, 'libs', 'extra', 'helpers.star'))).toBe(true);
  await expect(page.getByTestId('tab-libs/extra/helpers.star')).toBeVisible();

  // Rename the folder (F2 selects the folder's own name): the open tab inside it follows.
  await page.getByTestId('tree-row-libs/extra').click();
  await page.getByTestId('explorer-tree').focus();
  await page.keyboard.press('F2');
  await expect(page.getByTestId('rename-input')).toHaveValue('libs/extra');
  await page.keyboard.type('tools');
  await page.keyboard.press('Enter');
  await expect.poll(() => existsSync(join(host.projectDir, 'libs', 'tools', 'helpers.star'))).toBe(true);
  expect(existsSync(join(host.projectDir, 'libs', 'extra'))).toBe(false);
  await expect(page.getByTestId('tab-libs/tools/helpers.star')).toBeVisible();
  await expect(page.getByTestId('tab-libs/extra/helpers.star')).toHaveCount(0);

  // Drag the file onto the in/ folder: asked first, then moved; the tab follows.
  await page.getByTestId('tree-row-libs/tools/helpers.star').dragTo(page.getByTestId('tree-row-in'));
  const dialog = page.getByTestId('dialog');
  await expect(dialog).toContainText('Move "helpers.star"?');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect.poll(() => existsSync(join(host.projectDir, 'in', 'helpers.star'))).toBe(true);
  expect(existsSync(join(host.projectDir, 'libs', 'tools', 'helpers.star'))).toBe(false);
  await expect(page.getByTestId('tab-in/helpers.star')).toBeVisible();
  await expect(page.getByTestId('tab-libs/tools/helpers.star')).toHaveCount(0);
});
