// Debugs the greeting reconciler end to end in the workbench (issue 14): a breakpoint from a click in the
// gutter of the .star file, Start Debugging in the Run and Debug view, the stop (current line, call stack,
// variables), step into across the load() boundary into the library and out again, a watch and the debug
// console evaluated in the paused frame, continue to the second reconcile, the breakpoint switched off and
// continue to the end. A conditional breakpoint that never holds
// lets the run finish without stopping. Screenshots at 1440x900 and 1024x700.
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { screenshotDir } from './fixtures/host';
import { expect, openApp, STAR, test } from './engine-fixture';

const LIB = 'libs/api.k8s.io.object.star';
/** `rsp = client_create(getGreeting(self))` in the greeting reconciler. */
const CREATE_LINE = 19;

/** Clicks the glyph margin (left of the line numbers) of a line of the editor shown now. */
async function clickGutter(page: Page, line: number): Promise<void> {
  const editor = page.getByTestId('editor');
  const number = editor.locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^${line}$`) });
  const numberBox = (await number.boundingBox())!;
  const marginBox = (await editor.locator('.monaco-editor .margin').first().boundingBox())!;
  await page.mouse.click(marginBox.x + 8, numberBox.y + numberBox.height / 2);
}

// A debug session starts a worker thread and the engine: on a loaded machine that takes a while.
test.describe.configure({ timeout: 180_000 });

const topFrame = (page: Page) => page.getByTestId('debug-frame').first();
/** A button of the Run and Debug view's toolbar (the Debug Console's bar has the same buttons). */
const tool = (page: Page, id: string) => page.getByTestId('debug-view').getByTestId(id).getByRole('button');

test('debug the greeting reconciler: gutter breakpoint, stop, step into the library and out, watch, console, continue', async ({ page, greeting }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, greeting);
  await page.getByTestId(`tree-row-${STAR}`).click();
  await expect(page.getByTestId(`tab-${STAR}`)).toBeVisible();
  await expect(page.getByTestId('editor').locator('.line-numbers').filter({ hasText: /^19$/ })).toBeVisible();

  // a breakpoint from the gutter: the dot shows, and the Run and Debug view lists it where the host placed it
  await clickGutter(page, CREATE_LINE);
  await expect(page.getByTestId('editor').locator('.dbg-bp-on')).toHaveCount(1);
  await page.getByTestId('activity-debug').click();
  await expect(page.getByTestId('debug-breakpoint')).toHaveCount(1);
  await expect(page.getByTestId('debug-breakpoint')).toContainText(`helloworld.star:${CREATE_LINE}`);

  // start: the run stops on the breakpoint, in the reconcile of HelloWorld/default/test
  await tool(page, 'debug-start').click();
  await expect(page.getByTestId('debug-status')).toContainText('Paused on breakpoint — HelloWorld/default/test', { timeout: 90_000 });
  await expect(topFrame(page)).toContainText('reconcile');
  await expect(topFrame(page)).toContainText(`helloworld.star:${CREATE_LINE}`);
  await expect(page.getByTestId('editor').locator('.dbg-current-line')).toHaveCount(1);
  await expect(page.getByTestId('editor').locator('.dbg-arrow')).toHaveCount(1);
  await expect(page.getByTestId('debug-var-self')).toContainText('HelloWorld');
  await page.screenshot({ path: join(screenshotDir, 'debug-stopped-1440.png') });

  // the self dict expands lazily
  await page.getByTestId('debug-var-self').click();
  await expect(page.getByTestId('debug-var-"spec"')).toBeVisible();

  // step into getGreeting, then into getName across the load() boundary: the library opens at the line
  await tool(page, 'debug-step-into').click();
  await expect(topFrame(page)).toContainText('getGreeting');
  // F11 is Step Into too
  await page.keyboard.press('F11');
  await expect(topFrame(page)).toContainText('getName');
  await expect(topFrame(page)).toContainText('api.k8s.io.object.star:');
  await expect(page.getByTestId(`tab-${LIB}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('debug-frame')).toHaveCount(3);

  // a watch and the console evaluate in the paused library frame
  await page.getByTestId('debug-watch-input').fill('self["metadata"]["name"]');
  await page.getByTestId('debug-watch-input').press('Enter');
  await expect(page.getByTestId('debug-watch-row')).toContainText('"test"');
  await page.getByTestId('debug-console-input').fill('self["spec"]["greeting"].upper()');
  await page.getByTestId('debug-console-input').press('Enter');
  await expect(page.getByTestId('debug-console')).toContainText('"HELLO CHOREO"');
  await page.screenshot({ path: join(screenshotDir, 'debug-library-frame-1440.png') });

  // step out: back in getGreeting, in the reconciler file
  await tool(page, 'debug-step-out').click();
  await expect(topFrame(page)).toContainText('getGreeting');
  await expect(page.getByTestId('debug-frame')).toHaveCount(2);

  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(topFrame(page)).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'debug-stopped-1024.png') });

  // continue: the HelloWorld is reconciled a second time (its Greeting was applied), so the breakpoint hits again
  await tool(page, 'debug-continue').click();
  await expect(page.getByTestId('debug-frame')).toHaveCount(1, { timeout: 90_000 });
  await expect(topFrame(page)).toContainText(`helloworld.star:${CREATE_LINE}`);
  // switch the breakpoint off while stopped, and continue with F8: the session ends with the run's summary
  await page.getByRole('checkbox', { name: `Enable the breakpoint at example.com.helloworlds.helloworld.star:${CREATE_LINE}` }).uncheck();
  await expect(page.getByTestId('editor').locator('.dbg-bp-disabled')).toHaveCount(1);
  await page.keyboard.press('F8');
  await expect(tool(page, 'debug-start')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('editor').locator('.dbg-current-line')).toHaveCount(0);
  await expect(page.getByTestId('debug-console')).toContainText(/succe/i);
});

test('a conditional breakpoint that never holds lets the run finish; a breakpoint on a blank line moves to the next statement', async ({ page, greeting }) => {
  await openApp(page, greeting);
  await page.getByTestId(`tree-row-${STAR}`).click();
  await expect(page.getByTestId('editor').locator('.line-numbers').filter({ hasText: /^18$/ })).toBeVisible();
  // line 18 is blank: the host places the breakpoint on line 19
  await clickGutter(page, 18);
  await page.getByTestId('activity-debug').click();
  await expect(page.getByTestId('debug-breakpoint')).toContainText(`helloworld.star:${CREATE_LINE}`);

  await page.getByRole('button', { name: `Edit the breakpoint at example.com.helloworlds.helloworld.star:${CREATE_LINE}` }).click();
  await page.getByTestId('debug-bp-condition').fill('self["metadata"]["name"] == "someone-else"');
  await page.getByTestId('debug-bp-condition').press('Enter');
  await expect(page.getByTestId('debug-breakpoint')).toContainText('if self["metadata"]["name"] == "someone-else"');
  await expect(page.getByTestId('editor').locator('.dbg-bp-cond')).toHaveCount(1);

  await tool(page, 'debug-start').click();
  await expect(page.getByTestId('debug-console')).toContainText(/succe/i, { timeout: 90_000 });
  await expect(tool(page, 'debug-start')).toBeVisible();
  await expect(page.getByTestId('debug-frame')).toHaveCount(0);
});
