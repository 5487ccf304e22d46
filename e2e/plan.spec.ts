// Issue 13 item 2 in the UI, plan before you save or commit, on the two-reconciler project (a git repository):
// an unsaved edit of an input gets a CodeLens saying how many objects a run would change, which opens the
// Plan panel (each object with its changed fields, and its diff); the palette plans the unsaved edits; a
// reconciler's unsaved edit gets the lens too; after a save and a stage, the Source Control view shows the
// plan of what is staged, which opens in the Plan panel. The plans come from the host's plan worker: every
// wait is on state, and each action whose answer comes from the worker is retried until the answer shows.
import { test as base, type Page } from '@playwright/test';
import { commitNewRepo } from '../src-main/testing/git-fixture';
import { insightFiles } from '../src-main/testing/insight-project';
import { diffSides, expect, modelText, openApp, openFromExplorer, runOnceToSuccess, screenshotsAtBothSizes, serveNewProject, type Host } from './fixtures/host';
import { stageFromRow } from './fixtures/git-ui';

const test = base.extend<{ repo: Host }>({
  repo: ({}, use) => serveNewProject('plan', (dir) => commitNewRepo(dir, { ...insightFiles, '.gitignore': '.choreo/\n' }, 'two reconcilers'), use),
});

const INPUT = 'in/example.com.greeters.world.yaml';
const TONE = 'reconcilers/ex.tone.star';

/** Selects `text` in the editor of `path` and types `replacement` over it, as a user would. */
async function typeOver(page: Page, path: string, text: string, replacement: string): Promise<void> {
  await page.evaluate(
    ({ p, t }) => {
      const m = window.__monaco!;
      const editor = m.editor.getEditors().find((e) => e.getModel()?.uri.path === '/' + p)!;
      const match = editor.getModel()!.findMatches(t, false, false, true, null, false).at(-1)!;
      editor.focus();
      editor.setSelection(match.range);
    },
    { p: path, t: text },
  );
  await page.keyboard.type(replacement);
}

test('plan before you save or commit: CodeLens, palette and the git panel', async ({ page, repo }) => {
  test.setTimeout(480_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, repo);
  await runOnceToSuccess(page, 180_000);

  // an unsaved edit of the input: the greeter's name
  await openFromExplorer(page, INPUT, repo.read(INPUT));
  await typeOver(page, INPUT, 'name: world', 'name: choreo');
  await expect(page.getByTestId(`tab-${INPUT}`)).toHaveAttribute('data-dirty', 'true');
  const lens = page.locator('.codelens-decoration').filter({ hasText: 'Plan:' });
  await expect(lens).toContainText('a run with this unsaved edit would change 2 objects (+0 ~2 -0)', { timeout: 90_000 });
  await screenshotsAtBothSizes(page, 'plan-codelens', () => expect(lens).toBeVisible());

  // the lens opens the plan: both objects, the Message with its changed field
  const panel = page.getByTestId('plan-panel');
  const message = panel.getByTestId('plan-item').filter({ hasText: 'Message' });
  await expect(async () => {
    await lens.locator('a').first().click();
    await expect(message).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 90_000 });
  await expect(panel.getByTestId('plan-item')).toHaveCount(2);
  await expect(panel.getByTestId('plan-summary')).toContainText('2 objects would change: 0 to add, 2 to change, 0 to delete, against the last run');
  await expect(message.getByTestId('plan-change')).toContainText(['~ spec.text: "hello world" → "hello choreo"']);
  // its diff: the last run's YAML against the planned one
  const diff = panel.getByTestId('plan-object-diff');
  await expect(async () => {
    await message.getByRole('button').click();
    await expect.poll(() => diffSides(page, 'plan-object-diff'), { timeout: 10_000 }).toEqual([expect.stringContaining('text: hello world'), expect.stringContaining('text: hello choreo')]);
  }).toPass({ timeout: 60_000 });
  await expect(diff.locator('.view-line').first()).toBeVisible();
  await screenshotsAtBothSizes(page, 'plan-panel', () => expect(diff).toBeVisible());
  expect(repo.read(INPUT)).toContain('name: world'); // nothing was saved

  // the palette plans the unsaved edits too (after the panel is closed)
  await page.getByTestId('panel-tab-run').click();
  await expect(panel).toHaveCount(0);
  await page.keyboard.press('Control+Shift+P');
  await expect(page.getByRole('textbox', { name: 'Type a command' })).toBeFocused();
  await page.keyboard.type('plan the unsaved');
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toContainText('Plan the Unsaved Edits');
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('plan-source-buffers')).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByTestId('plan-item')).toHaveCount(2, { timeout: 60_000 });

  // a reconciler's unsaved edit: its lens counts the edits of both files
  await openFromExplorer(page, TONE);
  await typeOver(page, TONE, 'warm', 'cool');
  const toneLens = page.locator('.codelens-decoration').filter({ hasText: 'unsaved edits in 2 files' });
  await expect(toneLens).toContainText('would change 2 objects', { timeout: 90_000 });
  await expect(panel.getByTestId('plan-change')).toContainText(['~ spec.tone: "warm" → "cool"'], { timeout: 60_000 });
  // undo it: one file's edit is planned again
  await page.keyboard.press('Control+z');
  await expect.poll(() => modelText(page, TONE)).toContain('"warm"');
  await expect(panel.getByTestId('plan-change')).not.toContainText(['~ spec.tone: "warm" → "cool"'], { timeout: 60_000 });

  // save the input and stage it: the Source Control view shows the plan of what is staged
  await page.getByTestId(`tab-${INPUT}`).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId(`tab-${INPUT}`)).toHaveAttribute('data-dirty', 'false');
  await page.getByTestId('activity-git').click();
  await stageFromRow(page, INPUT);
  const stagedPlan = page.getByTestId('git-staged-plan');
  await expect(stagedPlan).toContainText('the commit would change 2 objects (+0 ~2 -0)', { timeout: 90_000 });
  await stagedPlan.click();
  await expect(panel.getByTestId('plan-source-staged')).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByTestId('plan-change')).toContainText(['~ spec.text: "hello world" → "hello choreo"'], { timeout: 60_000 });
  await screenshotsAtBothSizes(page, 'plan-git-staged', () => expect(stagedPlan).toBeVisible());
});
