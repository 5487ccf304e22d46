// Prints one closing line `playwright: P passed, F failed` that scripts/test-all.sh sums up.
import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private root: Suite | undefined;
  onBegin(_config: FullConfig, suite: Suite): void {
    this.root = suite;
  }
  onEnd(): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const t of this.root?.allTests() ?? []) {
      const outcome = t.outcome();
      if (outcome === 'expected') passed++;
      else if (outcome === 'skipped') skipped++;
      else failed++;
    }
    process.stdout.write(`\nplaywright: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
  printsToStdio(): boolean {
    return false;
  }
}
