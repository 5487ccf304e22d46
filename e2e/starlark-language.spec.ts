// Issue 12 item 5: the Starlark language service in the editor, on a copy of the kubenet project (libraries
// loaded with load("<lib>.star", ...) from libs/): hover on a host builtin and on a load()ed function,
// completion of a KRM object's keys from its CRD, signature help, F12 into a library, references across
// the project (Shift+F12), rename across load() (F2), and the outline (Ctrl+Shift+O). At 1440x900 and
// 1024x700, with a screenshot of each.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, modelText, openApp, screenshotDir } from './fixtures/host';
import { test } from './kubenet-fixture';

const REC = 'reconcilers/infra.kuid.dev.nodes.bgp.star';
const NODES_LIB = 'libs/infra.kuid.dev.nodes.star';
const OBJECT_LIB = 'libs/api.k8s.io.object.star';

/** Line and column (1-based) of the nth occurrence of `needle` in `text`. */
function find(text: string, needle: string, nth = 0): { line: number; col: number } {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (let c = lines[i]!.indexOf(needle); c >= 0; c = lines[i]!.indexOf(needle, c + 1)) if (seen++ === nth) return { line: i + 1, col: c + 1 };
  }
  throw new Error(`"${needle}" not found`);
}

/** Puts the cursor of the editor showing `path` at line/col, centred, and focuses it. */
async function setCursor(page: Page, path: string, line: number, col: number): Promise<void> {
  await page.evaluate(
    ({ path, line, col }) => {
      const ed = window.__monaco!.editor.getEditors().find((e) => e.getModel()?.uri.path === '/' + path)!;
      ed.setPosition({ lineNumber: line, column: col });
      ed.revealPositionInCenter({ lineNumber: line, column: col });
      ed.focus();
    },
    { path, line, col },
  );
}

/** Moves the mouse over line/col of the editor showing `path`. */
async function hoverAt(page: Page, path: string, line: number, col: number): Promise<void> {
  await setCursor(page, path, line, col);
  const p = await page.evaluate(
    ({ path, line, col }) => {
      const ed = window.__monaco!.editor.getEditors().find((e) => e.getModel()?.uri.path === '/' + path)!;
      const v = ed.getScrolledVisiblePosition({ lineNumber: line, column: col })!;
      const r = ed.getDomNode()!.getBoundingClientRect();
      return { x: r.left + v.left + 4, y: r.top + v.top + v.height / 2 };
    },
    { path, line, col },
  );
  await page.mouse.move(p.x, p.y - 40);
  await page.mouse.move(p.x, p.y, { steps: 4 });
}

async function activeCursor(page: Page): Promise<{ path: string; line: number }> {
  return page.evaluate(() => {
    const ed = window.__monaco!.editor.getEditors().find((e) => e.hasTextFocus() || e.getDomNode()?.offsetParent !== null)!;
    return { path: ed.getModel()!.uri.path.slice(1), line: ed.getPosition()!.lineNumber };
  });
}

/** Opens a project file with quick open (Ctrl+P), which works however long the explorer's list is. */
async function quickOpen(page: Page, path: string, expected: string): Promise<void> {
  await page.keyboard.press('Control+p');
  await expect(page.getByRole('textbox', { name: 'Type a file name' })).toBeFocused();
  await page.keyboard.type(path);
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toContainText(path.split('/').pop()!);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`tab-${path}`)).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => modelText(page, path)).toBe(expected);
}

/**
 * Hovers until `hover` shows. The first language request of a session reads the whole project in the worker
 * (seconds on a loaded machine), and a hover that was still loading when the mouse moved is gone; so this
 * hovers again until the answer shows, waiting on the widget rather than on time.
 */
async function hoverUntil(page: Page, path: string, at: { line: number; col: number }, hover: ReturnType<Page['locator']>): Promise<void> {
  await expect(async () => {
    await hoverAt(page, path, at.line, at.col);
    await expect(hover).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 120_000 });
}

/** The text of the line the cursor of the editor showing `path` is on (what the typing produced). */
async function cursorLine(page: Page, path: string): Promise<string> {
  return page.evaluate((path) => {
    const ed = window.__monaco!.editor.getEditors().find((e) => e.getModel()?.uri.path === '/' + path)!;
    return ed.getModel()!.getLineContent(ed.getPosition()!.lineNumber);
  }, path);
}

/**
 * Waits for a widget the typing should have opened; when it is not there, closes whatever other widget holds
 * the keyboard (Escape), gives the editor the focus back and asks for it with `key`, then waits again. A
 * trigger whose answer came after the next key was cancelled by it; a late suggest list can also sit on top.
 */
async function widgetUntil(page: Page, path: string, widget: ReturnType<Page['locator']>, key: string): Promise<void> {
  await expect(async () => {
    if (!(await widget.isVisible())) {
      await page.keyboard.press('Escape');
      await page.evaluate((path) => window.__monaco!.editor.getEditors().find((e) => e.getModel()?.uri.path === '/' + path)!.focus(), path);
      await page.keyboard.press(key);
    }
    await expect(widget).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 120_000 });
}

/** Language answers come from the worker; on a machine shared by many processes they can take seconds. */
const slow = { timeout: 30_000 };

async function shot(page: Page, name: string, size: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `starlark-${name}-${size}.png`) });
}

for (const [width, height] of [
  [1440, 900],
  [1024, 700],
] as const) {
  const size = `${width}`;
  test.describe(`at ${width}x${height}`, () => {
    test.use({ viewport: { width, height } });

    test('hover, completion, signature help, F12 across load(), references, rename and outline on kubenet', async ({ page, kubenet }) => {
      test.setTimeout(480_000);
      await openApp(page, kubenet);
      const text = kubenet.read(REC);
      await quickOpen(page, REC, text);

      // Hover: a host builtin (signature and doc from the one table), then a load()ed library function.
      const create = find(text, 'client_create(');
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Choreo host builtin' });
      await hoverUntil(page, REC, { line: create.line, col: create.col + 3 }, hover);
      await expect(hover).toContainText('client_create(obj: dict) -> rsp dict');
      await shot(page, 'hover-builtin', size);
      const getPartition = find(text, 'getPartition(self)', 1);
      const libHover = page.locator('.monaco-hover').filter({ hasText: 'def getPartition(self)' });
      await hoverUntil(page, REC, { line: getPartition.line, col: getPartition.col + 2 }, libHover);
      await expect(libHover).toContainText(`Loaded from ${NODES_LIB}`);
      await shot(page, 'hover-loaded', size);
      await page.mouse.move(5, 5);

      // Completion of the for-object's spec keys, from the Node CRD.
      const after = find(text, '  partition = getPartition(self)');
      await setCursor(page, REC, after.line, 1000);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('x = self["spec"]["');
      // the brackets and quote close themselves, as in any editor
      await expect.poll(() => cursorLine(page, REC)).toMatch(/^\s*x = self\["spec"\]\["/);
      const suggest = page.locator('.suggest-widget');
      await widgetUntil(page, REC, suggest.getByRole('option', { name: /^partition\b/ }).first(), 'Control+Space');
      for (const key of ['provider', 'platformType']) await expect(suggest.getByRole('option', { name: new RegExp(`^${key}\\b`) }).first()).toBeVisible();
      await shot(page, 'completion-krm-keys', size);
      await page.keyboard.press('Escape');
      await expect(suggest).toBeHidden();

      // Signature help of a host builtin, typed on a line of its own.
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await expect.poll(() => cursorLine(page, REC)).toMatch(/^\s*$/);
      await page.keyboard.type('client_get("a", ');
      // the parenthesis closes itself: the cursor sits inside the call
      await expect.poll(() => cursorLine(page, REC)).toMatch(/^\s*client_get\("a", \)?$/);
      const hints = page.locator('.parameter-hints-widget');
      await widgetUntil(page, REC, hints.filter({ hasText: 'client_get(name: string, namespace: string, obj: dict)' }), 'Control+Shift+Space');
      await expect(hints.locator('.parameter.active')).toHaveText('namespace: string');
      await shot(page, 'signature-help', size);
      await page.keyboard.press('Escape');
      // undo the typing so the file is as on disk again
      await page.evaluate((path) => {
        const m = window.__monaco!.editor.getModels().find((x) => x.uri.path === '/' + path)!;
        while ((m as unknown as { canUndo(): boolean }).canUndo()) void (m as unknown as { undo(): void }).undo();
      }, REC);
      await expect.poll(() => modelText(page, REC)).toBe(text);

      // F12 on a load()ed name opens the library at its def.
      await setCursor(page, REC, getPartition.line, getPartition.col + 2);
      await page.keyboard.press('F12');
      await expect(page.getByTestId(`tab-${NODES_LIB}`)).toHaveAttribute('aria-selected', 'true', slow);
      const libText = kubenet.read(NODES_LIB);
      await expect.poll(() => activeCursor(page)).toEqual({ path: NODES_LIB, line: find(libText, 'def getPartition(').line });
      await shot(page, 'definition-across-load', size);

      // Shift+F12 on getNamespace: references in the library that defines it and in every reconciler that loads it.
      await page.getByTestId(`tab-${REC}`).click();
      const getNamespace = find(text, 'getNamespace(self)', 1);
      await setCursor(page, REC, getNamespace.line, getNamespace.col + 2);
      await page.keyboard.press('Shift+F12');
      const peek = page.locator('.peekview-widget');
      await expect(peek).toBeVisible(slow);
      await expect(peek.locator('.peekview-title')).toContainText(/References \(\d+\)/, slow);
      // The list opens at this file's group; scroll it to the top (it is virtual) to see the library first.
      const tree = peek.locator('.ref-tree');
      await tree.hover();
      await page.mouse.wheel(0, -10_000);
      await expect(tree).toContainText(OBJECT_LIB.split('/')[1]!);
      await expect(tree).toContainText('core.network.kubenet.dev.networkdesigns.networkdesign.star');
      expect(await tree.locator('.reference-file').count()).toBeGreaterThan(3);
      await shot(page, 'references', size);
      await page.keyboard.press('Escape');

      // F2: rename getNamespace across load(): the library and every loading file change (open, unsaved).
      await setCursor(page, REC, getNamespace.line, getNamespace.col + 2);
      await page.keyboard.press('F2');
      const input = page.locator('.rename-box input');
      await expect(input).toBeVisible(slow);
      await input.fill('getNs');
      await shot(page, 'rename-box', size);
      await input.press('Enter');
      await expect(page.getByTestId(`tab-${OBJECT_LIB}`)).toHaveAttribute('data-dirty', 'true', slow);
      await expect.poll(() => modelText(page, OBJECT_LIB)).toContain('def getNs(self)');
      await expect.poll(() => modelText(page, REC)).toContain('load("api.k8s.io.object.star", "getName", "getNs",');
      await expect.poll(async () => ((await modelText(page, REC)) ?? '').match(/\bgetNamespace\b/g)?.length ?? 0).toBe(0);
      await shot(page, 'rename-done', size);

      // Ctrl+Shift+O: the outline of the reconciler.
      await page.getByTestId(`tab-${REC}`).click();
      await setCursor(page, REC, 1, 1);
      await page.keyboard.press('Control+Shift+O');
      const quick = page.locator('.quick-input-widget');
      await expect(quick).toBeVisible(slow);
      // The load() statements come first (module, then its names), then the file's own defs; the list is
      // virtual, so the defs further down are found by typing, as a user would.
      await expect(quick.getByRole('option', { name: /^getName \(function\)/ })).toBeVisible(slow);
      await shot(page, 'outline', size);
      for (const name of ['reconcile', 'getBGP', 'getRouterID']) {
        await page.keyboard.type(name);
        await expect(quick.getByRole('option', { name: new RegExp(`^${name} \\(function\\)`) }).first()).toBeVisible();
        for (let i = 0; i < name.length; i++) await page.keyboard.press('Backspace');
      }
      await page.keyboard.press('Escape');
    });
  });
}
