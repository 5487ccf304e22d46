// Who leads, in the app (issue 16): the project's store is a real etcd (one member) where another runner (a
// real process, runner-a) already leads. Prod mode started from the app follows it: the status bar and the
// Conditions view say "follower of runner-a" and the live rows come from runner-a's writes. runner-a is
// then killed with SIGKILL: within its lease this instance takes over, and both say "leader" without a
// reload. Screenshots of both states at 1440×900 and 1024×700.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { requireEtcdForTests, startEtcdCluster, type EtcdCluster } from '../src-main/testing/etcd-cluster';
import { startRunnerProcess, type RunnerProcess } from '../src-main/testing/etcd-runner-process';
import { expect, openApp, screenshotsAtBothSizes, test } from './fixtures/host';

/** Short, so the killed leader is replaced soon; long enough for a loaded machine to renew in time. */
const LEASE_SECONDS = 3;
const shoot = (page: Page, name: string) => screenshotsAtBothSizes(page, `prod-leader-${name}`, () => expect(page.getByTestId('status-leadership')).toBeVisible());

test('prod mode on etcd: the status bar and the Conditions view name the leader and follow a failover', async ({ page, host }) => {
  requireEtcdForTests();
  test.setTimeout(180_000);
  let cluster: EtcdCluster | undefined;
  let runnerA: RunnerProcess | undefined;
  // runner-a's copy of the project sits in a folder of the same name: the election is per project
  const other = mkdtempSync(join(tmpdir(), 'choreo-e2e-leader-'));
  try {
    cluster = await startEtcdCluster();
    const url = cluster.url('/e2e-leader');
    mkdirSync(join(host.projectDir, '.choreo'), { recursive: true });
    host.write('.choreo/config.yaml', `store:\n  url: ${url}\n  leaseSeconds: ${LEASE_SECONDS}\n`);
    const dirA = join(other, basename(host.projectDir));
    mkdirSync(dirA);
    cpSync(host.projectDir, dirA, { recursive: true, filter: (src) => !src.includes('/.choreo') });
    runnerA = await startRunnerProcess(dirA, url, 'runner-a', { leaseSeconds: LEASE_SECONDS });
    await runnerA.waitFor((l) => l.t === 'leadership' && l.role === 'leader', 'leadership');

    await openApp(page, host);
    await page.getByTestId('start-prod').getByRole('button').click();
    const item = page.getByTestId('status-leadership');
    const chip = page.getByTestId('prod-leadership');
    // a runner thread loads the engine first: slow on a loaded machine, so wait with room
    await expect(item).toHaveAttribute('data-role', 'follower', { timeout: 90_000 });
    await expect(item).toContainText('follower of runner-a');
    await expect(chip).toContainText('follower of runner-a');
    await expect(chip).toHaveAttribute('title', /runner-a leads etcd:\/\/.*\/e2e-leader/);
    // the follower's rows are what runner-a reconciled, read from etcd
    await expect(page.getByTestId('condition-row').filter({ hasText: 'Greeter' }).first()).toBeVisible({ timeout: 30_000 });
    await shoot(page, 'follower');

    await runnerA.kill();
    await expect(item).toHaveAttribute('data-role', 'leader', { timeout: 60_000 });
    await expect(item).not.toContainText('runner-a');
    await expect(chip).toHaveAttribute('data-role', 'leader');
    await expect(chip).toHaveAttribute('title', /This instance \(.+\) leads etcd:/);
    await shoot(page, 'leader');

    await page.keyboard.press('Shift+F5');
    await expect(page.getByTestId('prod-stopped')).toBeVisible({ timeout: 30_000 });
    await expect(item).toHaveCount(0);
  } finally {
    await runnerA?.kill();
    await cluster?.stop();
    rmSync(other, { recursive: true, force: true });
  }
});
