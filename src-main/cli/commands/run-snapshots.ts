// `choreo run list|diff`: the sub-verbs of `choreo run` that read stored snapshots only (./run.ts dispatches
// here; `run deps`, which may open the store, is ./run-data.ts). They load the snapshot reader, the index and
// the diff, nothing of the store or the engine's loader: a diff of two 10,000-object snapshots starts, reads
// both indexes and only the changed objects, and prints in well under half a second. The revision and
// environment sides of `run diff` are imported by that sub-verb only.
import { diffIndexedSnapshots, formatDiff, goTimeString, listSnapshots, openIndexedSnapshot, resolveSnapshotIn, type DiffOptions, type SnapshotInfo } from '../../engine/index.js';
import type { DiffSide, SideSpec } from '../../delivery/diff-sides.js';
import { err, exitOnStoreError, out, projectDir } from './data-basics.js';
import { parseFlags, UsageError } from '../flags.js';

export function dirOf(p: { positional: string[]; dir: string }): string {
  if (p.positional.length > 1) throw new UsageError(`unexpected argument ${p.positional[1]}`);
  return projectDir(p.positional[0] ?? p.dir);
}

export async function list(args: string[]): Promise<number> {
  const p = parseFlags(args, { values: { '-o': 'output', '--output': 'output' } });
  const snaps = await listSnapshots(dirOf(p));
  if (p.values.output === 'wide') {
    for (const s of snaps) out(`${s.id} ${goTimeString(s.createdAt)} ${s.mode} ${s.success === undefined ? '' : s.success ? 'success' : 'failed'} ${s.objectCount} objects${s.git ? ` ${s.git.commit.slice(0, 7)}${s.git.dirty ? '+dirty' : ''}` : ''}`);
  } else for (const s of snaps) out(`${s.id} ${goTimeString(s.createdAt)}`);
  return 0;
}

export async function diff(args: string[]): Promise<number> {
  const p = parseFlags(args, {
    values: { '--from': 'from', '--to': 'to', '--rev': 'rev', '--env': 'env', '-o': 'output', '--output': 'output' },
    bools: {
      '-a': 'details',
      '--show-diff-details': 'details',
      '-i': 'choreo',
      '--show-choreo-apis': 'choreo',
      '-m': 'managed',
      '--show-managed-fields': 'managed',
      '-r': 'backends',
    },
  });
  const dir = dirOf(p);
  if (p.values.output !== undefined && p.values.output !== 'json') throw new UsageError(`unsupported output format ${p.values.output}, supported: json`);
  const opts = { includeChoreoApis: p.bools.has('choreo'), keepManagedFields: p.bools.has('managed'), details: p.bools.has('details') };
  const sided = [p.values.from, p.values.to].some((v) => v?.startsWith('rev:') || v?.startsWith('env:'));
  if (p.values.rev !== undefined || p.values.env !== undefined || sided) return diffSides(dir, p.values, p.bools.has('backends'), opts, p.values.output === 'json');
  if (p.bools.has('backends')) throw new UsageError('-r applies to revision sides only (--rev, or rev: in --from/--to)');
  // Both snapshots through their indexes: only the objects that changed are parsed (engine/snapshots/indexed-snapshot.ts).
  try {
    // one listing of the headers serves both sides
    const all = await listSnapshots(dir);
    const toInfo = resolveSnapshotIn(all, p.values.to ?? 'latest');
    let fromInfo: SnapshotInfo | undefined;
    if (p.values.from) fromInfo = resolveSnapshotIn(all, p.values.from);
    else fromInfo = all[all.findIndex((s) => s.id === toInfo.id) + 1];
    const [from, to] = await Promise.all([fromInfo ? openIndexedSnapshot(dir, fromInfo) : null, openIndexedSnapshot(dir, toInfo)]);
    const items = await diffIndexedSnapshots(from, to, opts);
    if (p.values.output === 'json') out(JSON.stringify({ from: from?.id ?? null, to: to.id, items }, null, 2));
    else out(formatDiff(items, { details: opts.details }));
    return 0;
  } catch (e) {
    return exitOnStoreError(e);
  }
}

/**
 * `run diff --rev A..B`, `--env a..b`, or `--from`/`--to` naming `rev:X` / `env:X` / a snapshot: the sides
 * resolved (a revision not run yet runs now, cached by commit), then diffed as two snapshots are. What went
 * wrong with a side (unknown revision or environment, nothing deployed, a project that does not load at
 * that revision) is printed with what to do, exit 1.
 */
async function diffSides(dir: string, v: Record<string, string | undefined>, backends: boolean, opts: DiffOptions, json: boolean): Promise<number> {
  const [{ parseRange, parseSide, resolveSide, diffSides: diffOf }, { commitOf }] = await Promise.all([import('../../delivery/diff-sides.js'), import('../../project/revision-run.js')]);
  const ranges = [v.rev !== undefined && ('--rev' as const), v.env !== undefined && ('--env' as const)].filter((f) => f !== false);
  if (ranges.length > 1 || (ranges.length && (v.from !== undefined || v.to !== undefined))) throw new UsageError('give one of --rev A..B, --env A..B, or --from/--to');
  let specs: [SideSpec, SideSpec];
  try {
    specs = ranges[0] ? parseRange(ranges[0], ranges[0] === '--rev' ? v.rev! : v.env!) : [parseSide(v.from ?? 'previous'), parseSide(v.to ?? 'latest')];
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // both revision names are checked before either runs
  for (const spec of specs) {
    if (spec.kind !== 'rev') continue;
    try {
      await commitOf(dir, spec.rev);
    } catch (e) {
      err(`choreo run diff: ${sideName(spec)}: ${(e as Error).message}`);
      return 1;
    }
  }
  const sides: DiffSide[] = [];
  for (const spec of specs) {
    try {
      sides.push(await resolveSide(dir, spec, { internalReconcilers: backends, onProgress: (line) => err(line) }));
    } catch (e) {
      err(`choreo run diff: ${sideName(spec)}: ${(e as Error).message}`);
      return 1;
    }
  }
  const [from, to] = sides as [DiffSide, DiffSide];
  for (const s of sides) if (s.failed) err(`warning: the run of ${s.label} failed (${s.failed}); its side holds what that run left`);
  const items = diffOf(from, to, opts);
  if (json) out(JSON.stringify({ from: from.token, to: to.token, fromLabel: from.label, toLabel: to.label, items }, null, 2));
  else {
    out(`--- ${from.label}\n+++ ${to.label}`);
    out(formatDiff(items, { details: opts.details }));
  }
  return 0;
}

function sideName(s: SideSpec): string {
  return s.kind === 'rev' ? `revision ${s.rev}` : s.kind === 'env' ? `environment ${s.env}` : `snapshot ${s.ref}`;
}
