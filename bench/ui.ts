// UI responsiveness (issue 6 item 9): a generated project with 10,000 resources (5,000 inputs, each with
// one child) opened in browser mode and driven with Playwright in Debian's Chromium. Measures the time to
// first render of the live condition view, scroll frame times of that view, and the time to open the
// diff of two 10,000-object snapshots. Targets: first render < 1 s, p95 frame < 32 ms, diff open < 1.5 s.
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { runOnce } from '../src-main/engine/index.js';
import { startHost, stopHost } from '../e2e/fixtures/host.js';
import { writeBenchProject, writeInputs } from './engine-project.js';
import type { BenchSuite } from './suite.js';
import { recordHistory } from './whole-process.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ITEMS = Number(process.env.CHOREO_BENCH_UI_ITEMS ?? 5000);

const ms = (n: number) => `${n.toFixed(0)} ms`;
const verdict = (value: number, target: number) => (value < target ? 'OK  ' : 'SLOW');

function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

/** Time from a click to the moment `selector` is painted (measured in the page, after the next frame). */
async function clickUntil(page: Page, clickSelector: string, waitSelector: string): Promise<number> {
  return page.evaluate(
    ({ clickSelector, waitSelector }) =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        (document.querySelector(clickSelector) as HTMLElement).click();
        const check = () => {
          if (document.querySelector(waitSelector)) requestAnimationFrame(() => resolve(performance.now() - t0));
          else if (performance.now() - t0 > 30_000) reject(new Error(`${waitSelector} did not appear`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { clickSelector, waitSelector },
  );
}

/** Scrolls a container for `durationMs`, `step` px per frame, and returns the frame intervals. */
async function scrollFrames(page: Page, selector: string, durationMs: number, step: number): Promise<number[]> {
  return page.evaluate(
    ({ selector, durationMs, step }) =>
      new Promise<number[]>((resolve) => {
        const el = document.querySelector(selector) as HTMLElement;
        const frames: number[] = [];
        let last = performance.now();
        const start = last;
        let dir = 1;
        const tick = () => {
          const now = performance.now();
          frames.push(now - last);
          last = now;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2) dir = -1;
          else if (el.scrollTop <= 0) dir = 1;
          el.scrollTop += dir * step;
          if (now - start < durationMs) requestAnimationFrame(tick);
          else resolve(frames.slice(2));
        };
        requestAnimationFrame(tick);
      }),
    { selector, durationMs, step },
  );
}

export const uiSuite: BenchSuite = {
  name: 'ui',
  description: 'browser mode with 10,000 resources: condition view first render, scroll p95 frame, diff open of 10k snapshots',
  async run() {
    const root = mkdtempSync(path.join(os.tmpdir(), 'choreo-bench-ui-'));
    const dir = path.join(root, 'project');
    const appDir = path.join(root, 'app');
    let host: Awaited<ReturnType<typeof startHost>> | undefined;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      // Two runs: the second changes 1% of the inputs, so the diff has real changes among 10,000 objects.
      writeBenchProject(dir, { n: ITEMS });
      let t = performance.now();
      const r1 = await runOnce(dir, {});
      writeInputs(dir, ITEMS, 1000, 1, (i) => i % 100 === 0);
      const r2 = await runOnce(dir, {});
      if (!r1.success || !r2.success) throw new Error(`the generated project did not run: ${r1.message || r2.message}`);
      console.log(`project: ${ITEMS} inputs + ${ITEMS} children = ${ITEMS * 2} resources; two runs in ${ms(performance.now() - t)}`);
      if (!existsSync(path.join(repoRoot, 'dist', 'index.html')) || process.env.CHOREO_BENCH_UI_BUILD !== '0') {
        execSync('npx vite build --logLevel warn', { cwd: repoRoot, stdio: 'inherit' });
      }
      host = await startHost(dir, appDir);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      // tsx compiles this file with esbuild's keepNames, which wraps the functions passed to
      // page.evaluate in a `__name` helper the page does not have.
      await page.addInitScript('window.__name = (f) => f');
      t = performance.now();
      await page.goto(host.url);
      await page.getByTestId('status-ready').filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
      console.log(`app ready in ${ms(performance.now() - t)}`);
      await page.getByRole('button', { name: 'Maximize panel' }).click();

      // Diff of the two 10,000-object snapshots: click → first object row painted. First right after the app
      // is ready (the worker may still be loading the engine and reading the snapshots), then once the app
      // is idle (the snapshot list's counts have prefetched the pair), which is what a user normally meets.
      await page.getByTestId('panel-tab-run').click();
      const diffCold = await clickUntil(page, '[data-testid="panel-tab-snapshots"]', '[data-testid="diff-object"]');
      await page.getByTestId('panel-tab-run').click();
      // a maximised panel takes the whole width, side bar included: restore it to see the Runs view's list
      await page.getByRole('button', { name: 'Restore panel size' }).click();
      await page.getByTestId('activity-runs').click();
      await page.getByTestId('runs-view').getByTestId('snapshot-item').first().filter({ hasText: '~' }).waitFor({ timeout: 60_000 });
      await page.getByTestId('activity-runs').click();
      await page.getByRole('button', { name: 'Maximize panel' }).click();
      const diffOpen = await clickUntil(page, '[data-testid="panel-tab-snapshots"]', '[data-testid="diff-object"]');
      const diffCounts = await page.getByTestId('snapshots-panel').getByTestId('diff-counts').first().textContent();
      await page.screenshot({ path: path.join(repoRoot, 'e2e', 'screenshots', 'bench-diff-10k.png') });
      await page.getByTestId('diff-object').first().click();
      const objectOpen = await page.evaluate(() => performance.now());
      await page.getByTestId('object-diff').locator('.view-line').first().waitFor();
      const objectMs = (await page.evaluate(() => performance.now())) - objectOpen;

      // Prod mode with 10,000 rows in the condition view.
      await page.getByTestId('panel-tab-run').click();
      t = performance.now();
      await page.getByTestId('start-prod').getByRole('button').click();
      await page.getByTestId('conditions-count').filter({ hasText: `${ITEMS * 2} resources` }).waitFor({ timeout: 120_000 });
      const prodStart = performance.now() - t;
      await page.getByTestId('panel-tab-run').click();
      const firstRender = await clickUntil(page, '[data-testid="panel-tab-conditions"]', '[data-testid="condition-row"]');
      const live = await page.getByTestId('live-indicator').textContent();
      await page.screenshot({ path: path.join(repoRoot, 'e2e', 'screenshots', 'bench-conditions-10k.png') });
      // Scroll while prod mode reconciles all 5,000 inputs (batches of condition events arrive), then idle.
      const frames = await scrollFrames(page, '[data-testid="conditions-table"]', 3000, 180);
      await page.getByTestId('live-indicator').filter({ hasText: /· 0 events/ }).waitFor({ timeout: 120_000 });
      const idleFrames = await scrollFrames(page, '[data-testid="conditions-table"]', 3000, 180);
      const filterMs = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const input = document.querySelector('[data-testid="filter-text"]') as HTMLInputElement;
            const t0 = performance.now();
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
            setter.call(input, 'item-42');
            input.dispatchEvent(new Event('input', { bubbles: true }));
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
          }),
      );
      await page.getByTestId('conditions-stop').click();
      await page.getByTestId('prod-stopped').waitFor({ timeout: 60_000 });

      const p95 = p(frames, 0.95);
      const idleP95 = p(idleFrames, 0.95);
      console.log('measure                                  value      target   ');
      console.log(`condition view first render (10k rows)  ${ms(firstRender).padStart(8)}   < 1000 ms  ${verdict(firstRender, 1000)}`);
      console.log(`scroll frame p95, live updates arriving   ${ms(p95).padStart(8)}   < 32 ms    ${verdict(p95, 32)}   (${frames.length} frames, 180 px/frame)`);
      console.log(`scroll frame p95, runner idle             ${ms(idleP95).padStart(8)}   < 32 ms    ${verdict(idleP95, 32)}   (${idleFrames.length} frames)`);
      console.log(`diff open, two 10k-object snapshots      ${ms(diffOpen).padStart(8)}   < 1500 ms  ${verdict(diffOpen, 1500)}   (${diffCounts?.trim()}; app idle)`);
      console.log(`  the same, clicked right after start    ${ms(diffCold).padStart(8)}   (worker loading the engine and reading both snapshots)`);
      console.log(`also: scroll p50 ${ms(p(frames, 0.5))} live / ${ms(p(idleFrames, 0.5))} idle, max ${ms(Math.max(...frames))} / ${ms(Math.max(...idleFrames))}; filter as you type ${ms(filterMs)}; object diff open ${ms(objectMs)}; prod start to 10k rows ${ms(prodStart)} (${live?.trim()})`);
      recordHistory('ui', { items: ITEMS, firstRenderMs: firstRender, scrollP95Ms: p95, idleScrollP95Ms: idleP95, diffOpenMs: diffOpen, diffColdMs: diffCold, filterMs, objectDiffMs: objectMs, prodStartMs: prodStart });
    } finally {
      await browser.close();
      if (host) await stopHost(host.child);
      rmSync(root, { recursive: true, force: true });
    }
  },
};
