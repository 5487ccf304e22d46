// `choreo history [--env ENV] [--since DAYS]`: executions (builds, deploys, health checks, promotions,
// rollbacks, prod sessions, dev runs) newest first, and the count over the last 30 days.
import { out } from './data-common.js';
import { UsageError } from '../flags.js';
import { deliveryCommand, executionRow } from './delivery-verb.js';
import { textTable } from '../text-table.js';
import type { ExecutionKind } from '../../delivery/index.js';

const USAGE = `usage: choreo history [--env ENV] [--since DAYS] [--kind KIND] [--json] [--retention DAYS] [--dir DIR]
Lists executions newest first: id, kind, trigger, environment, commit (* = dirty), start, duration, status.
  --env ENV      only this environment
  --since DAYS   only the last DAYS days
  --kind KIND    run, build, deploy, health-check, promotion, rollback, prod-session
  --json         one JSON object per line
  --retention DAYS   keep the history this many days (stored per project; older records are dropped)
Open an execution's logs with \`choreo logs ID\`. DIR defaults to the current folder.`;

const KINDS = ['run', 'build', 'deploy', 'health-check', 'promotion', 'rollback', 'prod-session'];

export const historyCommand = deliveryCommand({
  name: 'history',
  usage: USAGE,
  flags: { values: { '--env': 'env', '--since': 'since', '--kind': 'kind', '--retention': 'retention' }, bools: { '--json': 'json' } },
  async run(d, args) {
    if (args.values.retention !== undefined) {
      const days = Number(args.values.retention);
      if (!Number.isInteger(days) || days < 1) throw new UsageError('--retention needs a whole number of days >= 1');
      await d.updateSettings({ historyRetentionDays: days });
      out(`history retention: ${days} day(s); dropped ${await d.history.prune(days)} older execution(s)`);
      return 0;
    }
    const since = args.values.since === undefined ? undefined : Number(args.values.since);
    if (since !== undefined && !(since >= 0)) throw new UsageError('--since needs a number of days');
    const kind = args.values.kind;
    if (kind !== undefined && !KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
    const env = args.values.env ? (await d.environments.get(args.values.env)).id : undefined;
    const list = await d.listHistory({ env, sinceDays: since, kind: kind as ExecutionKind | undefined });
    if (args.bools.has('json')) {
      for (const e of list) out(JSON.stringify(e));
      return 0;
    }
    out(textTable([['ID', 'KIND', 'TRIGGER', 'ENV', 'COMMIT', 'STARTED', 'DURATION', 'STATUS', 'SUMMARY'], ...list.map(executionRow)]));
    out(`${list.length} execution(s) shown; ${await d.history.count(30)} in the last 30 days`);
    return 0;
  },
});
