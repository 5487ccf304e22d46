// Issue 12 item 3: one Problems list. A runtime error raised in a library called from a reconciler shows
// in Problems under the library's file, with its traceback frames under their real project file names
// (each a link to its line), the input object it was about, and a marker at the failing line in the
// editor. Fixing it and running again clears both; a load error (bad YAML) shows there with its place.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, screenshotDir, test } from './fixtures/host';

const STAR = 'reconcilers/studio.example.com.greeters.greeter.star';
const LIB = 'libs/studio.example.com.greetings.star';
const INPUT = 'in/studio.example.com.greeters.world.yaml';

/** The markers the last run put on a file's model: [line, message]. */
function runMarkers(page: Page, path: string): Promise<[number, string][]> {
  return page.evaluate((p) => {
    const m = window.__monaco!.editor.getModels().find((x) => x.uri.path === '/' + p);
    return m ? window.__monaco!.editor.getModelMarkers({ resource: m.uri, owner: 'choreo-run' }).map((k) => [k.startLineNumber, k.message] as [number, string]) : [];
  }, path);
}

async function run(page: Page, outcome: RegExp): Promise<void> {
  await expect(page.getByTestId('run-once').getByRole('button', { name: 'Run once' })).toBeEnabled({ timeout: 60_000 });
  await page.keyboard.press('F5');
  // Waits on state, not on time: on a loaded machine a run can take a while.
  await expect(page.getByTestId('run-status')).toHaveText(outcome, { timeout: 120_000 });
}

test('run errors in Problems: traceback frames open their lines, a marker sits at the failing line', async ({ page, host }) => {
  test.setTimeout(300_000);
  const original = host.read(LIB);
  const anchor = '  word = WORDS.get(language, WORDS["en"])\n';
  expect(original).toContain(anchor);
  host.write(LIB, original.replace(anchor, anchor + '  boom = 1 // 0\n'));
  const libLine = host.read(LIB).split('\n').findIndex((l) => l.includes('boom')) + 1;
  const callLine = host.read(STAR).split('\n').findIndex((l) => l.includes('text = greeting_text(')) + 1;

  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, host);
  await run(page, /execution failed/);

  // The Run panel lists the frames too, with project file names instead of module names.
  await expect(page.getByTestId('run-errors').getByTestId('traceback-frame')).toHaveText([new RegExp(`^${STAR}:${callLine}:\\d+$`), new RegExp(`^${LIB}:${libLine}:\\d+$`)]);

  await page.getByTestId('panel-tab-problems').click();
  await expect(page.getByTestId('panel-tab-problems').locator('.badge')).toHaveText('1');
  const problem = page.locator(`[data-testid="problems-group"][data-path="${LIB}"]`).getByTestId('problem');
  await expect(problem).toHaveCount(1);
  await expect(problem).toHaveAttribute('data-source', 'run');
  await expect(problem).toContainText('division by zero');
  await expect(problem).toContainText(`[Ln ${libLine}, Col`);
  await expect(problem).toContainText('reconciler');
  await expect(problem.getByTestId('problem-related')).toContainText(INPUT);
  const frames = problem.getByTestId('traceback-frame');
  await expect(frames).toHaveCount(2);
  await expect(frames.first()).toContainText(`${STAR}:${callLine}:`);
  await page.screenshot({ path: join(screenshotDir, 'run-problems-1440.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(frames.last()).toBeInViewport();
  await page.screenshot({ path: join(screenshotDir, 'run-problems-1024.png') });
  await page.setViewportSize({ width: 1440, height: 900 });

  // A frame opens the reconciler at the call.
  await frames.first().click();
  await expect(page.getByTestId(`tab-${STAR}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('status-cursor')).toContainText(`Ln ${callLine},`);

  // The problem opens the library at the failing line, where the editor shows the run's marker (put on
  // the model when the file is opened after the run).
  await page.getByTestId('panel-tab-problems').click();
  await problem.locator('.problem-head').click();
  await expect(page.getByTestId(`tab-${LIB}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('status-cursor')).toContainText(`Ln ${libLine},`);
  await expect.poll(() => runMarkers(page, LIB)).toEqual([[libLine, expect.stringContaining('division by zero')]]);
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'run-problems-marker-1440.png') });
  // Markers of the last run are not counted twice (the editor's own markers skip them).
  await expect(page.getByTestId('panel-tab-problems').locator('.badge')).toHaveText('1');

  // Fixed and run again: the problem and the marker go.
  host.write(LIB, original);
  await page.getByTestId('panel-tab-problems').click();
  await run(page, /execution success/);
  await expect.poll(() => runMarkers(page, LIB)).toEqual([]);
  await page.getByTestId('panel-tab-problems').click();
  await expect(page.getByTestId('problems-empty')).toBeVisible();

  // A load error (the input is not YAML) shows with its place.
  host.write(INPUT, host.read(INPUT) + 'spec: [unclosed\n');
  await run(page, /load|failed|error/i);
  await page.getByTestId('panel-tab-problems').click();
  const load = page.locator(`[data-testid="problems-group"][data-path="${INPUT}"]`).getByTestId('problem');
  await expect(load).toHaveAttribute('data-source', 'load');
});
