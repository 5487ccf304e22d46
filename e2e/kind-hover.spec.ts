// Issue 12 item 9: hovering the kind of an object in an input YAML file names the kind, its apiVersion and
// the CRD file that defines it (the schema's `kind` title, see features/run/yaml-schemas.ts).
import { screenshotsAtBothSizes } from './fixtures/host';
import { expect, INPUT, openApp, test } from './engine-fixture';

test('hovering the kind in an input file names the kind and its CRD file', async ({ page, greeting }) => {
  test.setTimeout(240_000);
  await openApp(page, greeting);
  await page.getByTestId(`tree-row-${INPUT}`).click();
  await page.waitForFunction((p) => !!window.__monaco!.editor.getModels().find((m) => m.uri.path === '/' + p), INPUT);
  const kind = page.locator('.monaco-editor .view-line', { hasText: 'kind: HelloWorld' }).locator('span', { hasText: 'HelloWorld' }).first();
  const hover = page.locator('.monaco-hover-content').filter({ hasText: 'HelloWorld (example.com/v1alpha1), defined in crds/example.com_helloworlds.yaml' });
  await screenshotsAtBothSizes(page, 'kind-hover', async () => {
    // The project's CRD schemas reach monaco-yaml a little after the file opens, and a hover shown before
    // stays as it was: hover again until the heading shows.
    await expect(async () => {
      await page.mouse.move(0, 0);
      await kind.click();
      await kind.hover();
      await expect(hover).toBeVisible({ timeout: 20_000 });
    }).toPass({ timeout: 90_000 });
  });
});
