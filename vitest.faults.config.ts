import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`, issue 18): kills injected at writes, concurrent writers, path
// escapes, runaway input. Its cases sit beside the code they attack as `*.fault.test.ts`; the unit run
// (vitest.config.ts) leaves them out so they run once, in their own `faults:` stage of `npm test`.
export default defineConfig({
  test: {
    include: ['src-main/**/*.fault.test.ts', 'src-shared/**/*.fault.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', ['./scripts/vitest-summary-reporter.ts', { label: 'faults' }]],
  },
});
