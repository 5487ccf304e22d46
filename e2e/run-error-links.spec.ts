// A runtime error in a reconciler: the run panel lists it with a link to the Starlark line and one to
// the input object it was reconciling; both open the editor at the right place.
import { join } from 'node:path';
import { expect, openApp, screenshotDir, test } from './fixtures/host';

const STAR = 'reconcilers/studio.example.com.greeters.greeter.star';
const INPUT = 'in/studio.example.com.greeters.world.yaml';

test('runtime errors link to the Starlark line and to the input object', async ({ page, host }) => {
  test.setTimeout(180_000);
  const anchor = '  spec = self.get("spec", {})\n';
  const src = host.read(STAR);
  expect(src).toContain(anchor);
  host.write(STAR, src.replace(anchor, anchor + '  boom = 1 // 0\n'));
  const line = host.read(STAR).split('\n').findIndex((l) => l.includes('boom')) + 1;

  await openApp(page, host);
  // F5 does nothing while the engine still loads the project; then wait on the run's state, not on time.
  await expect(page.getByTestId('run-once').getByRole('button', { name: 'Run once' })).toBeEnabled({ timeout: 60_000 });
  await page.keyboard.press('F5');
  await expect(page.getByTestId('run-status')).toHaveText(/execution failed/, { timeout: 120_000 });
  await expect(page.getByTestId('run-errors')).toContainText('division by zero');
  const link = page.getByTestId('run-error-link').first();
  await expect(link).toContainText(`${STAR}:${line}:`);
  const objectLink = page.getByTestId('run-error-object').first();
  await expect(objectLink).toContainText(`${INPUT}:`);
  await page.screenshot({ path: join(screenshotDir, 'run-error-links.png') });

  await link.click();
  await expect(page.getByTestId(`tab-${STAR}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('status-cursor')).toContainText(`Ln ${line},`);
  await objectLink.click();
  await expect(page.getByTestId(`tab-${INPUT}`)).toHaveAttribute('aria-selected', 'true');
  const objLine = Number((await objectLink.textContent())!.split(':').pop());
  await expect(page.getByTestId('status-cursor')).toContainText(`Ln ${objLine},`);
});
