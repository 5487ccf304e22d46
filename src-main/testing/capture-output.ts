// CLI verbs print with process.stdout/stderr.write; their tests run them in-process (a child process
// per verb is too slow on a loaded machine) and read back what they printed.
import { vi } from 'vitest';

export interface CapturedOutput {
  /** What was written to stdout since the capture started or was last cleared. */
  stdout(): string;
  /** What was written to stderr since the capture started or was last cleared. */
  stderr(): string;
  /** Forgets what was captured so far and keeps capturing. */
  clear(): void;
  /** Stops capturing: writes reach the terminal again (vi.restoreAllMocks does the same). */
  restore(): void;
}

/** Captures stdout and stderr writes (nothing reaches the terminal) until `restore`. */
export function captureOutput(): CapturedOutput {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  return {
    stdout: () => out,
    stderr: () => err,
    clear: () => {
      out = '';
      err = '';
    },
    restore: () => {
      o.mockRestore();
      e.mockRestore();
    },
  };
}
