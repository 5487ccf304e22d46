// Issue 13 in the UI: field provenance. On the two-reconciler project (ex.writer creates a Message per
// Greeter, ex.tone adds to it), clicking a field of the Message in the Resources view's YAML says who
// wrote it with links to the reconciler line and the input, a link opens the reconciler at that line,
// hovering a field shows the same in short, and the owner tree (Deps) answers the same way.
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { insightFiles, WRITER_LINES } from '../src-main/testing/insight-project';
import { writeProjectFiles } from '../src-main/testing/temp-projects';
import { expect, openApp, runOnceToSuccess, screenshotDir, screenshotsAtBothSizes, serveNewProject, type Host } from './fixtures/host';

const test = base.extend<{ insight: Host }>({
  insight: ({}, use) => serveNewProject('insight', (dir) => writeProjectFiles(dir, insightFiles), use),
});

const WRITER = 'reconcilers/ex.writer.star';

/** Scrolls the read-only YAML view `testId` to the line holding `text` (Monaco renders visible lines only). */
async function revealLine(page: Page, testId: string, text: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          ({ id, t }) => {
            const box = document.querySelector(`[data-testid="${id}"]`);
            const editor = window.__monaco!.editor.getEditors().find((e) => box?.contains(e.getContainerDomNode()));
            const line = editor?.getModel()?.getLinesContent().findIndex((l) => l.includes(t));
            if (!editor || line === undefined || line < 0) return false;
            editor.revealLineInCenter(line + 1);
            return true;
          },
          { id: testId, t: text },
        ),
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** Clicks the YAML line `text` in the view `testId` until the provenance card shows `expected`. */
async function explainLine(page: Page, testId: string, text: string, expected: RegExp): Promise<void> {
  await revealLine(page, testId, text);
  const line = page.getByTestId(testId).locator('.view-line', { hasText: text }).first();
  const writer = page.getByTestId('provenance-card').getByTestId('provenance-writer').first();
  // the answer comes from the host's data worker (started on first use): click again until it shows
  await expect(async () => {
    await line.click();
    await expect(writer).toHaveText(expected, { timeout: 15_000 });
  }).toPass({ timeout: 90_000 });
}

async function cursorLine(page: Page, path: string): Promise<number | undefined> {
  return page.evaluate((p) => window.__monaco!.editor.getEditors().find((e) => e.getModel()?.uri.path === '/' + p)?.getPosition()?.lineNumber, path);
}

test('field provenance: click or hover a field of a derived object, open the reconciler at its line', async ({ page, insight }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, insight);
  await runOnceToSuccess(page);

  // Resources opens by itself after a run with no file open
  const row = page.getByTestId('resource-row').filter({ hasText: 'Message' });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await row.click();
  await revealLine(page, 'resource-yaml', 'text: hello world');

  await explainLine(page, 'resource-yaml', 'text: hello world', /client_create of ex\.writer, reconciling Greeter default\/world/);
  const card = page.getByTestId('provenance-card');
  await expect(card.getByTestId('provenance-link')).toHaveText([
    `client_create() ${WRITER}:${WRITER_LINES.createCall}`,
    `value built ${WRITER}:${WRITER_LINES.text}`,
    `client_apply() ${WRITER}:${WRITER_LINES.applyCall}`,
    'input Greeter/world in/example.com.greeters.world.yaml:1',
  ]);
  await screenshotsAtBothSizes(page, 'provenance-resources', () => expect(card).toBeVisible());

  // the other reconciler's field of the same object
  await explainLine(page, 'resource-yaml', 'tone: warm', /reconcile_result of ex\.tone, reconciling Message default\/world/);

  // hover: the same answer in short, with links
  await revealLine(page, 'resource-yaml', 'tone: warm');
  const tone = page.getByTestId('resource-yaml').locator('.view-line', { hasText: 'tone: warm' }).locator('span', { hasText: 'warm' }).first();
  const hover = page.locator('.monaco-hover-content').filter({ hasText: 'reconcile_result of ex.tone' });
  await expect(async () => {
    await page.mouse.move(0, 0);
    await tone.hover();
    await expect(hover).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 90_000 });
  await page.screenshot({ path: join(screenshotDir, 'provenance-hover-1440x900.png') });
  await page.mouse.move(0, 0);

  // a link opens the reconciler at the line of the call
  await explainLine(page, 'resource-yaml', 'text: hello world', /client_create of ex\.writer/);
  await card.getByTestId('provenance-link').first().click();
  await expect(page.getByTestId(`tab-${WRITER}`)).toBeVisible();
  await expect.poll(() => cursorLine(page, WRITER), { timeout: 30_000 }).toBe(WRITER_LINES.createCall);

  // the owner tree answers the same way
  await page.getByTestId('panel-tab-deps').click();
  const node = page.getByTestId('deps-node').filter({ hasText: 'Message' });
  await expect(async () => {
    await node.click();
    await expect(page.getByTestId('deps-yaml')).toContainText('kind: Message', { timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await explainLine(page, 'deps-yaml', 'text: hello world', /client_create of ex\.writer/);
  await page.screenshot({ path: join(screenshotDir, 'provenance-deps-1440x900.png') });
});
