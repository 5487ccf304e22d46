// Issue 12 item 1: title-bar and status-bar items never overlap. With a failed run (the ✗ chips) and a long
// error in the status bar (opening a file too large for the editor), at 1440×900 and at 1024×700, every
// item shown in either bar has a bounding box inside the bar and the viewport that intersects no other
// item's box, and what gave way is in the ⋯ overflow menu. Boxes are measured in the page: a slot's own
// box, widened by whatever its content paints outside it (unless an element clips it, as the ellipsis items do).
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { MAX_EDITOR_FILE_BYTES } from '../src-shared/ipc/limits';
import { screenshotDir } from './fixtures/host';
import { editInEditor, expect, openApp, runOnce, save, STAR, test } from './engine-fixture';

const BIG = 'notes/a-capture-of-the-whole-cluster-state-exported-for-the-incident-review.log';

interface Box {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface BarLayout {
  bar: Box;
  shown: Box[];
  /** Items that gave way (off the bar) and render something. */
  dropped: string[];
  viewport: { width: number; height: number };
}

/** The boxes of one priority bar's shown items (and its ⋯ button), measured in the page. */
function barLayout(page: Page, testId: string): Promise<BarLayout> {
  return page.evaluate((id) => {
    const box = (name: string, r: DOMRect) => ({ id: name, left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const bar = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
    const shown: ReturnType<typeof box>[] = [];
    const dropped: string[] = [];
    for (const slot of bar.querySelectorAll<HTMLElement>(':scope > [data-bar-item]')) {
      const r = slot.getBoundingClientRect();
      if (slot.dataset.off === 'true') {
        if (slot.childElementCount) dropped.push(slot.dataset.barItem!);
        continue;
      }
      if (!slot.childElementCount || r.width === 0) continue; // the item renders nothing now
      // What the item paints: content spilling out of an element that does not clip it (text wider than
      // its block, a child wider than its parent) would cover a neighbour while the slots merely touch.
      const b = box(slot.dataset.barItem!, r);
      const widen = (el: Element) => {
        const c = el.getBoundingClientRect();
        if (c.width || c.height) {
          b.left = Math.min(b.left, c.left);
          b.right = Math.max(b.right, c.right);
          b.top = Math.min(b.top, c.top);
          b.bottom = Math.max(b.bottom, c.bottom);
        }
        const style = getComputedStyle(el);
        if (style.overflowX !== 'visible') return; // it clips what is inside it
        if (style.display !== 'inline') b.right = Math.max(b.right, c.left + el.clientLeft + el.scrollWidth);
        for (const child of el.children) widen(child);
      };
      widen(slot);
      shown.push(b);
    }
    const more = bar.querySelector<HTMLElement>(':scope > .pbar-more');
    if (more) shown.push(box('⋯', more.getBoundingClientRect()));
    return { bar: box(id, bar.getBoundingClientRect()), shown, dropped, viewport: { width: innerWidth, height: innerHeight } };
  }, testId);
}

/** Pairs of boxes that share area (touching edges is fine; half a pixel allows for subpixel layout). */
function overlaps(boxes: Box[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 0.5 && h > 0.5) found.push(`${a.id} [${a.left.toFixed(1)}–${a.right.toFixed(1)}] overlaps ${b.id} [${b.left.toFixed(1)}–${b.right.toFixed(1)}]`);
    }
  }
  return found;
}

/** Boxes not wholly inside `outer` (the bar clips: a box past its edge is cut off, not shown); 1 px of slack for centring. */
function outside(boxes: Box[], outer: { left: number; top: number; right: number; bottom: number }): string[] {
  return boxes
    .filter((b) => b.left < outer.left - 1 || b.right > outer.right + 1 || b.top < outer.top - 1 || b.bottom > outer.bottom + 1)
    .map((b) => `${b.id} [${b.left.toFixed(1)}–${b.right.toFixed(1)}, ${b.top.toFixed(1)}–${b.bottom.toFixed(1)}]`);
}

async function checkBar(page: Page, testId: string, size: string): Promise<BarLayout> {
  // The bar re-fits on the next frame after a resize: wait until nothing is cut off at its end.
  const cutOff = async () => {
    const l = await barLayout(page, testId);
    return outside(l.shown, l.bar);
  };
  await expect.poll(cutOff, { message: `${testId} at ${size}: items inside the bar` }).toEqual([]);
  const layout = await barLayout(page, testId);
  const { width, height } = layout.viewport;
  expect(outside(layout.shown, { left: 0, top: 0, right: width, bottom: height }), `${testId} at ${size}: items inside the viewport`).toEqual([]);
  expect(overlaps(layout.shown), `${testId} at ${size}: no two items overlap`).toEqual([]);

  // What gave way is in the ⋯ menu, and nothing else is.
  const more = page.getByTestId(`${testId}-overflow`);
  if (!layout.dropped.length) {
    await expect(more).toHaveCount(0);
    return layout;
  }
  await more.click();
  const menu = page.getByTestId(`${testId}-menu`);
  await expect(menu).toBeVisible();
  const inMenu = await menu.locator('[data-bar-item]').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetHeight > 0).map((e) => (e as HTMLElement).dataset.barItem!));
  expect(inMenu.sort(), `${testId} at ${size}: the ⋯ menu holds what dropped`).toEqual([...layout.dropped].sort());
  const menuBox = await menu.boundingBox();
  expect(menuBox!.x).toBeGreaterThanOrEqual(0);
  expect(menuBox!.x + menuBox!.width).toBeLessThanOrEqual(width + 0.5);
  expect(menuBox!.y).toBeGreaterThanOrEqual(0);
  expect(menuBox!.y + menuBox!.height).toBeLessThanOrEqual(height + 0.5);
  await page.screenshot({ path: join(screenshotDir, `bars-${testId}-menu-${size}.png`) });
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  return layout;
}

test('no two title-bar or status-bar items overlap at 1440×900 and 1024×700 with a long error showing', async ({ page, greeting }) => {
  test.setTimeout(120_000);
  // A file too large for the editor, with a long name: opening it is a real, long error.
  mkdirSync(join(greeting.projectDir, 'notes'));
  writeFileSync(join(greeting.projectDir, BIG), '');
  truncateSync(join(greeting.projectDir, BIG), MAX_EDITOR_FILE_BYTES + 1024 * 1024);

  await openApp(page, greeting);
  // A failed run: the ✗ last-run chip in the title bar and the ✗ run item in the status bar.
  await editInEditor(page, STAR, (t) => t.replace('def reconcile(self):\n', 'def reconcile(self):\n  fail("the greeting reconciler refuses to run in this test")\n'));
  await save(page, STAR);
  await runOnce(page);
  await expect(page.getByTestId('last-run-chip')).toContainText('✗');

  await page.getByTestId('tree-row-notes').click();
  await page.getByTestId(`tree-row-${BIG}`).click();
  const notice = page.getByTestId('status-notice');
  await expect(notice).toContainText(`Could not open ${BIG}`);
  await expect(notice).toContainText('too large to open in the editor');

  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    const size = `${width}x${height}`;
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(screenshotDir, `bars-${size}.png`) });
    const title = await checkBar(page, 'titlebar-items', size);
    const status = await checkBar(page, 'statusbar-items', size);
    // The essentials stay in the bars; the error is there, cut with an ellipsis (its tooltip has it all).
    for (const id of ['project', 'run-once', 'prod']) expect(title.shown.map((b) => b.id), `${id} in the title bar at ${size}`).toContain(id);
    for (const id of ['ready', 'notice', 'problems']) expect(status.shown.map((b) => b.id), `${id} in the status bar at ${size}`).toContain(id);
    await expect(notice).toHaveAttribute('title', new RegExp(`^Could not open ${BIG.replace(/\./g, '\\.')}: .*too large`));
    expect(await notice.evaluate((e) => e.scrollWidth > e.clientWidth), `the long error is cut at ${size}`).toBe(true);
    // At 1024 px the status bar cannot hold everything: the ⋯ menu was really checked above.
    if (width === 1024) expect(status.dropped.length, 'status-bar items dropped into ⋯ at 1024x700').toBeGreaterThan(0);
  }
});
