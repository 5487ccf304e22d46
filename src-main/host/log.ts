// The host's log: one line per message on stderr, so that stdout stays free for what callers parse
// (the browser-mode URL line of `choreo server start`).
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export const stderrLogger: Logger = {
  info: (message) => process.stderr.write(`[choreo] ${message}\n`),
  error: (message) => process.stderr.write(`[choreo] error: ${message}\n`),
};

export const silentLogger: Logger = { info: () => {}, error: () => {} };
