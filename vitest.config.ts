import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code they test (foo.ts + foo.test.ts) and run in node. Component tests
// (Foo.tsx + Foo.test.tsx) choose jsdom with a `// @vitest-environment jsdom` first line.
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'bin/**/*.test.ts'],
    // The fault suite runs separately (vitest.faults.config.ts, `npm run test:faults`).
    exclude: ['**/node_modules/**', '**/*.fault.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
  },
});
