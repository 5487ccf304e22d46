// Schema-aware editing: monaco-yaml checks every document of a multi-document input file against the
// CRD of its own apiVersion/kind (wrong fields, unknown kinds), hover shows the CRD's descriptions, and
// a CRD edit reaches the editor without a reload.
import { join } from 'node:path';
import { expect, openApp, screenshotDir, test } from './fixtures/host';

const FILE = 'in/studio.example.com.greeters.world.yaml';

const markers = (page: import('@playwright/test').Page) =>
  page.evaluate((p) => {
    const m = window.__monaco!.editor.getModels().find((x) => x.uri.path === '/' + p)!;
    return window.__monaco!.editor.getModelMarkers({ resource: m.uri }).map((k) => `${k.startLineNumber}: ${k.message}`);
  }, FILE);

const setText = (page: import('@playwright/test').Page, text: string) =>
  page.evaluate(
    ({ p, text }) => {
      const m = window.__monaco!.editor.getModels().find((x) => x.uri.path === '/' + p)!;
      m.setValue(text);
    },
    { p: FILE, text },
  );

test('every document is checked against its own CRD; unknown kinds are flagged; hover describes fields', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByTestId(`tree-row-${FILE}`).click();
  await page.waitForFunction((p) => !!window.__monaco!.editor.getModels().find((m) => m.uri.path === '/' + p), FILE);
  const doc = (name: string, spec: string, kind = 'Greeter') =>
    `apiVersion: studio.example.com/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n${spec}`;
  await setText(page, [doc('a', '  name: a\n  language: en\n'), doc('b', '  name: b\n  bogus: 1\n'), doc('c', '  x: 1\n', 'Nope')].join('---\n'));
  // Line 17 is `bogus: 1` in the 2nd document; line 20 is `kind: Nope` in the 3rd.
  await expect.poll(() => markers(page), { timeout: 20_000 }).toEqual(
    expect.arrayContaining([expect.stringMatching(/^17: Property bogus is not allowed/), expect.stringMatching(/^20: Value is not accepted. Valid values: "Greeter", "Message"/)]),
  );
  const all = await markers(page);
  expect(all.filter((m) => /^[1-8]:/.test(m)), 'the first document is valid').toEqual([]);
  await page.evaluate(() => window.__monaco!.editor.getEditors()[0]!.revealLine(17));
  await page.getByTestId('panel-tab-problems').click();
  await page.screenshot({ path: join(screenshotDir, 'schema-markers.png') });

  // Hover over a field of the first document shows the CRD's description of it.
  await setText(page, doc('a', '  name: a\n  language: en\n'));
  const word = page.locator('.monaco-editor .view-line', { hasText: 'language: en' }).locator('span', { hasText: 'language' }).first();
  await word.click();
  await word.hover();
  await expect(page.locator('.monaco-hover-content').filter({ hasText: 'Language of the greeting word' })).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: join(screenshotDir, 'schema-hover.png') });

  // A CRD change (a new enum value) reaches the editor: `es` becomes valid without a reload.
  await setText(page, doc('a', '  name: a\n  language: es\n'));
  await expect.poll(() => markers(page), { timeout: 20_000 }).toEqual([expect.stringMatching(/^8: Value is not accepted/)]);
  const crd = 'crds/studio.example.com_greeters.yaml';
  host.write(crd, host.read(crd).replace('                - de\n', '                - de\n                - es\n'));
  await expect.poll(() => markers(page), { timeout: 20_000 }).toEqual([]);
});
