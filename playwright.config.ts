import { defineConfig } from '@playwright/test';

// End-to-end tests drive the real host in browser mode with Debian's Chromium (toolchain.md §6).
// Each spec starts its own `choreo server start` on a temp project (e2e/fixtures/host.ts); the host
// serves dist/, which global-setup builds once.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./scripts/playwright-summary-reporter.ts']],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    screenshot: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
