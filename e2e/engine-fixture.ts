// Shared by the engine specs (run, snapshot, prod, starlark): a host on a temp copy of the upstream
// greeting example from ../shared/conformance, copied at test time (skipped with a reason when the
// shared folder is absent), plus small helpers to edit a file through Monaco and save it.
import { test as base, expect, type Page } from '@playwright/test';
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, repoRoot, serveNewProject, type Host } from './fixtures/host';

export const greetingDir = resolve(repoRoot, '../shared/conformance/choreo-examples/greeting');
export const STAR = 'reconcilers/example.com.helloworlds.helloworld.star';
export const INPUT = 'in/example.com.helloworlds.test.yaml';

export const test = base.extend<{ greeting: Host }>({
  greeting: async ({}, use, info) => {
    info.skip(!existsSync(greetingDir), `the greeting example is not there (${greetingDir}); these specs need ../shared/conformance`);
    await serveNewProject('greeting', (dir) => cpSync(greetingDir, dir, { recursive: true, filter: (src) => !src.includes('/.choreo') }), use);
  },
});

// The engine specs open the workbench like every other spec (page errors and CSP violations fail them).
export { expect, openApp };

/** Opens a project file from the explorer and replaces its text in Monaco (as an undoable edit). */
export async function editInEditor(page: Page, path: string, edit: (text: string) => string): Promise<void> {
  await page.getByTestId(`tree-row-${path}`).click();
  await expect(page.getByTestId(`tab-${path}`)).toBeVisible();
  await page.waitForFunction((p) => !!window.__monaco!.editor.getModels().find((m) => m.uri.path === '/' + p), path);
  const before = await page.evaluate((p) => window.__monaco!.editor.getModels().find((m) => m.uri.path === '/' + p)!.getValue(), path);
  const after = edit(before);
  expect(after, 'the edit changes the file').not.toBe(before);
  await page.evaluate(
    ({ p, text }) => {
      const m = window.__monaco!.editor.getModels().find((x) => x.uri.path === '/' + p)!;
      m.pushEditOperations([], [{ range: m.getFullModelRange(), text }], () => null);
    },
    { p: path, text: after },
  );
  await expect(page.getByTestId(`tab-${path}`)).toHaveAttribute('data-dirty', 'true');
}

export async function save(page: Page, path: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId(`tab-${path}`)).toHaveAttribute('data-dirty', 'false');
}

/** F5 and wait for the run to end. */
export async function runOnce(page: Page): Promise<void> {
  await page.keyboard.press('F5');
  await expect(page.getByTestId('run-status')).toBeVisible({ timeout: 30_000 });
}
