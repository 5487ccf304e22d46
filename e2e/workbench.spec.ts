// The shell: theme toggle (app and Monaco follow one token set), panel toggle and tabs, command
// palette, quick open, side views with honest empty states, and no overflow at 1280×800.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, openFromExplorer, screenshotDir, test } from './fixtures/host';

async function noOverflow(page: Page) {
  const { sw, sh, w, h } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth,
    sh: document.documentElement.scrollHeight,
    w: window.innerWidth,
    h: window.innerHeight,
  }));
  expect(sw).toBeLessThanOrEqual(w);
  expect(sh).toBeLessThanOrEqual(h);
  // Every title-bar and status-bar item stays inside the window.
  for (const id of ['titlebar', 'statusbar']) {
    const boxes = await page.getByTestId(id).locator(':scope > *').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    for (const right of boxes) expect(right).toBeLessThanOrEqual(1280);
  }
}

test('theme toggle switches the app and Monaco together, and is remembered', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByTestId('tree-row-in').click(); // collapse, then expand again: the tree responds
  await page.getByTestId('tree-row-in').click();
  // The tree works from the keyboard: Left collapses the focused folder, Right expands it.
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('tree-row-in')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tree-row-in')).toHaveAttribute('aria-expanded', 'true');
  const file = await page.locator('[data-testid^="tree-row-in/"]').first().getAttribute('data-path');
  await openFromExplorer(page, file!);

  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.getByTestId('theme-toggle').getByRole('button').click();
  const after = before === 'dark' ? 'light' : 'dark';
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(after);
  await expect(page.locator('.monaco-editor').first()).toHaveClass(after === 'dark' ? /vs-dark/ : /\bvs\b/);
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
  const editorBg = await page.locator('.monaco-editor-background').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(editorBg).toBe(hexToRgb(bg));
  await page.screenshot({ path: join(screenshotDir, `workbench-${after}.png`) });

  await page.reload();
  await expect(page.getByTestId('shell')).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(after);
  await page.getByTestId('theme-toggle').getByRole('button').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(before);
  await page.screenshot({ path: join(screenshotDir, `workbench-${before}.png`) });
  await noOverflow(page);
});

test('the theme follows the system until the user picks one', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page, host);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  await expect.poll(theme).toBe('light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(theme).toBe('dark');
  // A pick sticks, whatever the system does next.
  await page.getByTestId('theme-toggle').getByRole('button').click();
  await expect.poll(theme).toBe('light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(theme).toBe('light');
});

test('Ctrl+` toggles the panel; panel tabs show teaching empty states; side views are honest', async ({ page, host }) => {
  await openApp(page, host);
  await expect(page.getByTestId('bottom-panel')).toBeVisible();
  await page.keyboard.press('Control+Backquote');
  await expect(page.getByTestId('bottom-panel')).toHaveCount(0);
  await page.keyboard.press('Control+Backquote');
  await expect(page.getByTestId('bottom-panel')).toBeVisible();

  // Every panel tab and side view renders something (an empty state that teaches, or the feature).
  for (const tab of ['run', 'conditions', 'snapshots', 'deps', 'problems', 'history'] as const) {
    await page.getByTestId(`panel-tab-${tab}`).click();
    await expect(page.getByTestId(`panel-${tab}`)).toBeVisible();
    expect(((await page.getByTestId(`panel-${tab}`).textContent()) ?? '').trim().length).toBeGreaterThan(10);
  }
  for (const view of ['git', 'runs'] as const) {
    await page.getByTestId(`activity-${view}`).click();
    await expect(page.getByTestId(`sideview-${view}`)).toBeVisible();
    expect(((await page.getByTestId(`sideview-${view}`).textContent()) ?? '').trim().length).toBeGreaterThan(10);
  }
  // Environments needs room: it opens as a main-area tab, not in the side bar.
  await page.getByTestId('activity-environments').click();
  await expect(page.getByTestId('main-view-environments')).toBeVisible();
  await expect(page.getByTestId('tab-view-environments')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('tab-view-environments').getByRole('button', { name: 'Close Environments' }).click();
  await expect(page.getByTestId('main-view-environments')).toHaveCount(0);
  // So does the project graph.
  await page.getByTestId('activity-graph').click();
  await expect(page.getByTestId('main-view-graph')).toBeVisible();
  await expect(page.getByTestId('graph-view')).toBeVisible();
  await page.getByTestId('tab-view-graph').getByRole('button', { name: 'Close Graph' }).click();
  await expect(page.getByTestId('main-view-graph')).toHaveCount(0);
  await page.getByTestId('activity-files').click();
  await expect(page.getByTestId('explorer-tree')).toBeVisible();

  // The panel resizes by dragging its top edge.
  const panel = page.getByTestId('bottom-panel');
  const before = (await panel.boundingBox())!;
  const sash = page.getByRole('separator', { name: 'Resize panel' });
  const s = (await sash.boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width / 2, s.y - 120, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await panel.boundingBox())!.height - before.height)).toBeGreaterThan(100);

  // Run once names itself and its shortcut, or says why it is disabled.
  await expect(page.getByTestId('run-once')).toHaveAttribute('title', /Run Once \(F5\)|engine|project/i);
  await noOverflow(page);
});

test('command palette and quick open run commands and open files from the keyboard', async ({ page, host }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+Shift+P');
  await expect(page.getByRole('textbox', { name: 'Type a command' })).toBeFocused();
  await page.keyboard.type('toggle panel');
  await page.screenshot({ path: join(screenshotDir, 'command-palette.png') });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
  await expect(page.getByTestId('bottom-panel')).toHaveCount(0);

  // Commands are listed with their shortcut (or, when disabled, the reason).
  await page.keyboard.press('Control+Shift+P');
  await expect(page.getByRole('textbox', { name: 'Type a command' })).toBeFocused();
  await page.keyboard.type('save all');
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toContainText('Save All');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-palette')).toHaveCount(0);

  // Quick open reveals the file in the explorer, even inside a collapsed folder.
  await page.getByTestId('tree-row-reconcilers').click();
  await expect(page.getByTestId('tree-row-reconcilers')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Control+p');
  await expect(page.getByRole('textbox', { name: 'Type a file name' })).toBeFocused();
  await page.keyboard.type('reconcilers .star');
  await page.keyboard.press('Enter');
  const tab = page.locator('[data-testid^="tab-"][aria-selected="true"]');
  await expect(tab).toHaveAttribute('data-testid', /^tab-reconcilers\/.*\.star$/);
  const path = (await tab.getAttribute('data-testid'))!.slice('tab-'.length);
  await expect(page.getByTestId('tree-row-reconcilers')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId(`tree-row-${path}`)).toHaveAttribute('aria-selected', 'true');
});

test('tabs reorder by drag and drop, and Ctrl+PageDown moves to the next tab', async ({ page, host }) => {
  await openApp(page, host);
  const files = await page.locator('[data-testid^="tree-row-crds/"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!));
  expect(files.length).toBeGreaterThanOrEqual(2);
  const [a, b] = files;
  await page.getByTestId(`tree-row-${a}`).click();
  await page.getByTestId(`tree-row-${b}`).click();
  const order = () => page.locator('[role="tab"][data-testid^="tab-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  await expect.poll(order).toEqual([`tab-${a}`, `tab-${b}`]);
  await page.getByTestId(`tab-${b}`).dragTo(page.getByTestId(`tab-${a}`));
  await expect.poll(order).toEqual([`tab-${b}`, `tab-${a}`]);
  await page.getByTestId(`tab-${b}`).click();
  await page.keyboard.press('Control+PageDown');
  await expect(page.getByTestId(`tab-${a}`)).toHaveAttribute('aria-selected', 'true');
});

function hexToRgb(hex: string): string {
  const n = parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
