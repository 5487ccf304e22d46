/** One top-level verb of the `choreo` CLI (`choreo <name> …`). */
export interface Command {
  name: string;
  /** One line for `choreo --help`. */
  summary: string;
  /** Gets the arguments after the verb; returns the exit code (0 ok, 1 failed, 2 usage/load error). */
  run(args: string[]): Promise<number>;
}
