/** The implementation of one top-level verb of the `choreo` CLI (`choreo <name> …`), in its own module. */
export interface Command {
  name: string;
  /** Gets the arguments after the verb; returns the exit code (0 ok, 1 failed, 2 usage/load error). */
  run(args: string[]): Promise<number>;
}

/**
 * A verb as the registry (./index.ts) lists it: what `choreo --help` prints, and how to load the module that
 * implements it. Modules are loaded on use, so `choreo --version` or `choreo starlark` never pay for the
 * engine, git or delivery code they do not run.
 */
export interface CommandEntry {
  name: string;
  /** One line for `choreo --help`. */
  summary: string;
  load(): Promise<Command>;
}
