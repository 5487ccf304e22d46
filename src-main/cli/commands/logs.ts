// `choreo logs EXECUTION_ID`: the full log of one execution (secrets redacted).
import { out } from './data-common.js';
import { deliveryCommand, executionRow, need, publishedLine } from './delivery-verb.js';

const USAGE = `usage: choreo logs EXECUTION_ID [--dir DIR]
Prints the execution's header (with the GitOps commit a deploy, promotion or rollback published) and its
full log (ids from \`choreo history\`; a unique prefix is enough).
DIR defaults to the current folder.`;

export const logsCommand = deliveryCommand({
  name: 'logs',
  usage: USAGE,
  async run(d, args) {
    need(args, 1, 'EXECUTION_ID');
    const { execution, log } = await d.logs(args.positional[0]!);
    out(`# ${executionRow(execution).join('  ')}`);
    if (execution.published) out(`# ${publishedLine(execution.published)}`);
    out(log);
    return 0;
  },
});
