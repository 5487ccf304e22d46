// Issue 12 item 8 (onboarding), the recent list: a folder that is gone is marked "missing" and cannot be
// opened; any entry can be removed from the list (the folder itself stays). Screenshots at 1440x900 and
// 1024x700.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshotDir, screenshotsAtBothSizes, showWelcomeScreen, test } from './fixtures/host';

test('recent projects: a missing folder is marked, and entries can be removed', async ({ page, host }) => {
  const kept = join(host.appDir, 'projects', 'kept-project');
  const removed = join(host.appDir, 'projects', 'removed-project');
  const gone = join(host.appDir, 'projects', 'moved-away');
  mkdirSync(kept, { recursive: true });
  mkdirSync(removed, { recursive: true });
  const at = (d: number) => `2026-12-0${d}T10:00:00.000Z`;
  writeFileSync(
    join(host.appDir, 'recent-projects.json'),
    JSON.stringify([
      { root: removed, name: 'removed-project', openedAt: at(3) },
      { root: gone, name: 'moved-away', openedAt: at(2) },
      { root: kept, name: 'kept-project', openedAt: at(1) },
    ]),
  );
  await showWelcomeScreen(page, host);
  const rows = page.getByTestId('recent-project');
  await expect(rows).toHaveCount(3);
  const missing = rows.filter({ hasText: 'moved-away' });
  await expect(missing.getByTestId('recent-missing')).toHaveText('missing');
  await expect(missing.getByRole('button', { name: /moved-away/ }).first()).toBeDisabled();
  await expect(rows.filter({ hasText: 'kept-project' }).getByTestId('recent-missing')).toHaveCount(0);
  await screenshotsAtBothSizes(page, 'item8-recent-missing', () => rows.filter({ hasText: 'kept-project' }).hover());

  await rows.filter({ hasText: 'removed-project' }).getByTestId('recent-remove').click();
  await missing.getByTestId('recent-remove').click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('kept-project');
  expect(existsSync(removed)).toBe(true);
  const saved = JSON.parse(readFileSync(join(host.appDir, 'recent-projects.json'), 'utf8')) as { root: string }[];
  expect(saved.map((r) => r.root)).toEqual([kept]);
  await page.screenshot({ path: join(screenshotDir, 'item8-recent-removed-1024.png') });
});
