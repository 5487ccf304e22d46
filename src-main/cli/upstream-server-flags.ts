// The rest of upstream's server flags (kform-dev/choreo pkg/cli/genericclioptions/server_flags.go), which
// `choreoctl server start` takes besides the folder flags (folder-flags.ts) and -r/-s, so that upstream
// command lines run here unchanged:
// - `--post DIR` and `--output DIR` (defaults `post`, `out`): upstream declares them in every release and
//   never reads them (no code uses PostProcessingPath or OutputPath), so here too they change nothing; the
//   folder must lie inside the project, and a warning says that nothing is done with it. `run once` keeps
//   `--output` for its result format (upstream's `-o` there), so only `server start` takes `--output DIR`.
// - `--servername NAME`: the name of upstream's gRPC server, which has no counterpart here (warned too).
// - `--runningConfigs DIR`: upstream's spelling of `--runningconfigs` (run-exec.ts).
// - `--db DIR`: upstream keeps its store in DIR (default `db`) as one YAML per object. Ours is
//   `.choreo/db` in its own format (or etcd, `--store`), so the flag is refused with what to do instead,
//   rather than writing our format into a folder that may hold a project's committed Go db.
import { normaliseFolder, FolderOptionError } from '../engine/index.js';
import { UsageError, type FlagSpec } from './flags.js';

const COMMON = { '--post': 'post', '--servername': 'serverName', '--db': 'db' } as const;

export const UPSTREAM_SERVER_FLAGS_USAGE = '--post DIR --servername NAME   taken as upstream takes them, without effect (a warning says so); --db is refused';

/** Adds the flags to a verb's FlagSpec; `output`: also `--output DIR` (server start only). */
export function withUpstreamServerFlags(spec: FlagSpec, opts: { output?: boolean } = {}): FlagSpec {
  return { ...spec, values: { ...(spec.values ?? {}), ...COMMON, ...(opts.output ? { '--output': 'outputDir' } : {}) } };
}

/** Checks the flags given; returns the warnings to print. Throws UsageError for --db or a folder outside the project. */
export function upstreamServerFlagWarnings(values: Record<string, string | undefined>): string[] {
  if (values.db !== undefined) {
    throw new UsageError(
      `--db ${values.db}: upstream Choreo keeps its store in that folder as one YAML per object; this store lives in .choreo/db in its own format (choose etcd with --store), so --db is not taken. Leave it out; a Go db/ in the project is left as it is.`,
    );
  }
  const out: string[] = [];
  for (const [key, flag] of [
    ['post', '--post'],
    ['outputDir', '--output'],
  ] as const) {
    const v = values[key];
    if (v === undefined) continue;
    try {
      normaliseFolder(flag, v);
    } catch (e) {
      if (e instanceof FolderOptionError) throw new UsageError(e.message);
      throw e;
    }
    out.push(`${flag} ${v}: upstream Choreo declares this folder flag but never reads it; nothing is done with it here either`);
  }
  if (values.serverName !== undefined) out.push(`--servername ${values.serverName}: names upstream's gRPC server, which has no counterpart here; ignored`);
  return out;
}
