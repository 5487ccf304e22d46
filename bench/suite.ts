// The shape of one benchmark suite, and how suites are run. bench/run.ts lists the suites; each lives in its
// own module.
import { recordHistory } from './whole-process.js';

export interface BenchSuite {
  /** Name used on the command line: `npm run bench -- NAME`; its history is bench/out/NAME-history.jsonl. */
  name: string;
  /** One line saying what the suite measures (shown by `npm run bench -- --list`). */
  description: string;
  /** Runs the suite, prints its results and appends them to its history. Throws when the suite cannot run at all. */
  run(): Promise<void>;
}

/**
 * Runs the suites one after the other; returns how many failed. A failed suite still leaves a line in its
 * history (`failed: true` and the error), so the history shows every run, not only the good ones.
 * `historyDir`: where the histories are (bench/out/ by default; tests give their own).
 */
export async function runSuites(suites: BenchSuite[], historyDir?: string): Promise<number> {
  let failed = 0;
  for (const suite of suites) {
    console.log(`=== bench ${suite.name}: ${suite.description}`);
    try {
      await suite.run();
    } catch (err) {
      failed++;
      console.error(`bench ${suite.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      recordHistory(suite.name, { failed: true, error: err instanceof Error ? err.message : String(err) }, historyDir);
    }
  }
  return failed;
}
