// `choreo explain <plural>.<group> NAME [--field .spec.x] [-n NS] [--snapshot ID] [-o json]`: why does a
// field have its value (issue 13)? Reads the stored runs (no server): the field's managers, the reconciler
// write behind it with its Starlark call site and the line that built the value, and when it last changed.
import { explainStored, type ExplainAnswer } from '../../engine/index.js';
import type { FieldExplanation, SourcePosition } from '../../../src-shared/insight/provenance.js';
import type { Command } from './command.js';
import { exitOnStoreError, out, projectDir } from './data-common.js';
import { parseFlags, UsageError, withUsage } from '../flags.js';

const USAGE = `usage: choreo explain <plural>.<group> NAME [--field .spec.x] [-n NAMESPACE] [--snapshot ID] [--history N] [-o json] [--dir DIR]
  Explains the fields of an object as the last run (or --snapshot ID) left it: the field manager that owns
  each field, the reconciler write behind it (builtin, the object being reconciled, the Starlark call site,
  where client_apply applied it, the line that built the value) and when the value last changed among
  the N older snapshots (default 10).
  --field .spec.x   only that field and the fields below it (.spec.items[0].name, .metadata.labels["a.b/c"])`;

const pos = (p: SourcePosition) => `${p.file}:${p.line}:${p.col}`;
const json = (v: unknown) => JSON.stringify(v);

function describeField(f: FieldExplanation): string[] {
  const lines = [`${f.path} = ${json(f.value)}`];
  if (f.managers.length === 0) lines.push('  manager   (none: managedFields does not track this field)');
  for (const m of f.managers) lines.push(`  manager   ${m.manager} (${m.operation}, ${m.time})`);
  const w = f.write;
  if (w) {
    const t = w.trigger;
    lines.push(`  written   by ${w.via} of reconciler ${w.reconciler} reconciling ${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`);
    if (w.callSite) lines.push(`  call      ${pos(w.callSite)}${w.callStack.length > 1 ? ` (called from ${w.callStack.slice(1).map(pos).join(' ← ')})` : ''}`);
    if (w.appliedAt?.[0]) lines.push(`  applied   ${pos(w.appliedAt[0])}`);
    if (w.builtAt) lines.push(`  built at  ${pos(w.builtAt)}${w.builtAt.exact ? '' : ' (the enclosing dict literal)'}`);
  } else if (f.managers.some((m) => m.manager === 'inputfileloader')) lines.push('  written   by the input loader (a file in in/)');
  if (f.lastChange) {
    const c = f.lastChange;
    lines.push(`  changed   in run ${c.snapshotId} (${c.createdAt})${c.op === 'added' ? ', where it first appeared' : `, from ${json(c.from)}`}`);
  } else if (f.historyDepth > 0) lines.push(`  changed   not in the last ${f.historyDepth} older snapshot(s)`);
  return lines;
}

export function formatExplain(a: ExplainAnswer): string {
  const o = a.object;
  const head = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} (${o.apiVersion}), run ${a.fields[0]?.run.snapshotId ?? ''}`;
  const note = a.recorded ? [] : ['(this run recorded no provenance: managers only; run `choreo run once` to record it)'];
  return [head, ...note, ...a.fields.flatMap(describeField)].join('\n') + '\n';
}

export const explainCommand: Command = {
  name: 'explain',
  run: (args) =>
    withUsage(USAGE, async () => {
      const p = parseFlags(args, {
        values: { '--field': 'field', '-n': 'namespace', '--namespace': 'namespace', '--snapshot': 'snapshot', '--history': 'history', '-o': 'output', '--output': 'output' },
      });
      if (p.help) return out(USAGE), 0;
      const [resource, name, ...rest] = p.positional;
      if (!resource || !name || rest.length) throw new UsageError('expected <plural>.<group> NAME');
      if (p.values.output !== undefined && p.values.output !== 'json') throw new UsageError(`unsupported output format ${p.values.output}, supported: json`);
      const history = p.values.history === undefined ? undefined : Number(p.values.history);
      if (history !== undefined && !(Number.isInteger(history) && history >= 0)) throw new UsageError(`--history wants a whole number >= 0, got ${p.values.history}`);
      const dir = projectDir(p.dir);
      try {
        const answer = await explainStored(dir, { resource, name, namespace: p.values.namespace, field: p.values.field, snapshot: p.values.snapshot, historyDepth: history });
        out(p.values.output === 'json' ? JSON.stringify(answer, null, 2) : formatExplain(answer));
        return 0;
      } catch (e) {
        return exitOnStoreError(e);
      }
    }),
};
