// The dialect flags that decide what a file may say (after starlark-go's syntax.FileOptions): the parser and
// the resolver read them; the runtime's StarlarkOptions adds limits and the back end on top.

/** Dialect flags, all off by default (as in Choreo). */
export interface DialectOptions {
  set?: boolean;
  while?: boolean;
  toplevelcontrol?: boolean;
  globalreassign?: boolean;
  loadbindsglobally?: boolean;
  recursion?: boolean;
}
