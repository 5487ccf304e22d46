// The shape of one benchmark suite. bench/run.ts lists the suites; each lives in its own module.

export interface BenchSuite {
  /** Name used on the command line: `npm run bench -- NAME`. */
  name: string;
  /** One line saying what the suite measures (shown by `npm run bench -- --list`). */
  description: string;
  /** Runs the suite and prints its results. Throws when the suite cannot run at all. */
  run(): Promise<void>;
}
