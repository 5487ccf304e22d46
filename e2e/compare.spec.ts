// Issue 13 in the snapshot diff: field provenance on the diff's newer side, and the comparison of two git
// revisions in the same view. The two-reconciler project (ex.writer creates a Message per Greeter, ex.tone
// adds to it) is committed twice ("first", then "second": the greeter renamed and spec.lang handed from
// ex.writer to ex.tone); each version is run once from the app.
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { insightEdits, insightFiles } from '../src-main/testing/insight-project';
import { writeProjectFiles } from '../src-main/testing/temp-projects';
import { commitNewRepo, runGit } from '../src-main/testing/git-fixture';
import { expect, openApp, runOnceToSuccess, screenshotDir, screenshotsAtBothSizes, serveNewProject, type Host } from './fixtures/host';

const test = base.extend<{ project: Host }>({
  project: ({}, use) => serveNewProject('compare', (dir) => commitNewRepo(dir, { ...insightFiles, '.gitignore': '.choreo/\n' }, 'first'), use),
});

/** Scrolls the diff's newer (right) side to the line holding `text`; Monaco renders visible lines only. */
async function revealRight(page: Page, text: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate((t) => {
          const side = document.querySelector('[data-testid="object-diff"] .editor.modified');
          const editor = window.__monaco!.editor.getEditors().find((e) => side?.contains(e.getContainerDomNode()));
          const line = editor?.getModel()?.getLinesContent().findIndex((l) => l.includes(t));
          if (!editor || line === undefined || line < 0) return false;
          editor.revealLineInCenter(line + 1);
          return true;
        }, text),
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** Clicks the newer side's line `text` until the provenance card names its writer. */
async function explainRight(page: Page, text: string, expected: RegExp): Promise<void> {
  await revealRight(page, text);
  const line = page.getByTestId('object-diff').locator('.editor.modified .view-line', { hasText: text }).first();
  const writer = page.getByTestId('provenance-card').getByTestId('provenance-writer').first();
  // answered by the host's data worker (started on first use): click again until it shows
  await expect(async () => {
    await line.click();
    await expect(writer).toHaveText(expected, { timeout: 15_000 });
  }).toPass({ timeout: 90_000 });
}

async function runOnce(page: Page, runs: number): Promise<void> {
  await runOnceToSuccess(page);
  // the Runs side view (its activity button toggles it)
  if (!(await page.getByTestId('runs-view').isVisible())) await page.getByTestId('activity-runs').click();
  await expect(page.getByTestId('runs-view').getByTestId('snapshot-item')).toHaveCount(runs, { timeout: 30_000 });
}

/** Selects the Message of the diff's object list until its two sides show. */
async function openMessage(page: Page, left: string, right: string): Promise<void> {
  const message = page.getByTestId('diff-objects').getByTestId('diff-object').filter({ hasText: 'Message' });
  await expect(message).toHaveAttribute('data-status', 'modified', { timeout: 90_000 });
  await message.click();
  // both sides' texts (Monaco renders only the lines in view)
  const sides = () =>
    page.evaluate(() =>
      ['original', 'modified'].map((side) => {
        const box = document.querySelector(`[data-testid="object-diff"] .editor.${side}`);
        return window.__monaco!.editor.getEditors().find((e) => box?.contains(e.getContainerDomNode()))?.getModel()?.getValue() ?? '';
      }),
    );
  await expect.poll(async () => (await sides()).map((t, i) => t.includes(i === 0 ? left : right)), { timeout: 30_000 }).toEqual([true, true]);
}

test('snapshot diff: a field of the newer side explains itself; two git revisions compare in the same view', async ({ page, project }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, project);
  await runOnce(page, 1);
  // the second version, committed, and run
  writeProjectFiles(project.projectDir, insightEdits);
  await runGit(['commit', '-qam', 'second: rename the greeter, hand spec.lang over'], project.projectDir);
  await runOnce(page, 2);

  // The last two runs: the Message changed; its newer side's fields explain themselves
  await page.getByTestId('runs-view').getByTestId('snapshot-item').first().click();
  await expect(page.getByTestId('snapshots-panel')).toBeVisible();
  await page.getByRole('button', { name: 'Maximize panel' }).click();
  await openMessage(page, 'text: hello world', 'text: hello choreo');
  await explainRight(page, 'lang: en-GB', /reconcile_result of ex\.tone, reconciling Message default\/world/);
  const card = page.getByTestId('provenance-card');
  await expect(card.getByTestId('provenance-link').first()).toContainText('reconcilers/ex.tone.star:');
  await explainRight(page, 'text: hello choreo', /client_create of ex\.writer, reconciling Greeter default\/world/);
  await screenshotsAtBothSizes(page, 'provenance-snapshot-diff', () => expect(card).toBeVisible());

  // Compare… the first commit (from the list of revisions) with `main` (typed)
  const panel = page.getByTestId('snapshots-panel');
  await panel.getByTestId('compare-open').click();
  const picker = page.getByTestId('compare-picker');
  await expect(picker.getByTestId('compare-from-select').locator('option', { hasText: /first$/ })).toHaveCount(1, { timeout: 30_000 });
  const firstRev = await picker.getByTestId('compare-from-select').locator('option', { hasText: /first$/ }).getAttribute('value');
  await picker.getByTestId('compare-from-select').selectOption(firstRev!);
  await picker.getByTestId('compare-to-select').selectOption({ label: 'Another revision (branch, tag, HEAD~N)…' });
  await picker.getByTestId('compare-to-rev').fill('main');
  await screenshotsAtBothSizes(page, 'compare-picker', () => expect(picker.getByTestId('compare-run')).toBeVisible());
  await picker.getByTestId('compare-run').click();
  const labels = panel.getByTestId('compare-labels');
  await expect(labels).toContainText(/⎇ revision [0-9a-f]{12} "first"/, { timeout: 90_000 });
  await expect(labels).toContainText(/⎇ revision [0-9a-f]{12} main "second: rename the greeter/);
  await expect(panel.getByTestId('diff-counts').first()).toContainText('~2');
  await openMessage(page, 'text: hello world', 'text: hello choreo');
  // the revision's own run recorded provenance: the newer revision's lang is ex.tone's
  await explainRight(page, 'lang: en-GB', /reconcile_result of ex\.tone/);
  await screenshotsAtBothSizes(page, 'compare-revisions', () => expect(labels).toBeVisible());

  // a revision that names nothing: the error says which side, why and what to type
  await panel.getByTestId('compare-open').click();
  await picker.getByTestId('compare-to-select').selectOption({ label: 'Another revision (branch, tag, HEAD~N)…' });
  await picker.getByTestId('compare-to-rev').fill('nope');
  await picker.getByTestId('compare-run').click();
  await expect(panel.getByTestId('diff-error')).toContainText('Revision "nope": The revision "nope" does not name a commit', { timeout: 60_000 });
  await expect(panel.getByTestId('diff-error')).toContainText('`choreo git log` lists the commits');
  await page.screenshot({ path: join(screenshotDir, 'compare-error-1440x900.png') });

  // back to the latest runs
  await panel.getByTestId('compare-reset').click();
  await expect(panel.getByTestId('compare-labels')).toHaveCount(0);
  await expect(panel.getByTestId('diff-objects').getByTestId('diff-object')).toHaveCount(2, { timeout: 30_000 });
});
