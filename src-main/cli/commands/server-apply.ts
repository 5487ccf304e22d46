// `choreo server apply URL DIR REF [BRANCH]` (engine.md §9.1, choreo mode): clone URL into the app's
// workspace folder at REF (a commit hash or tag), on BRANCH when given (commit and push allowed),
// read-only otherwise. Prints where the project is; `choreo server` dispatches here.
import { CredentialStore } from '../../project/git/auth.js';
import { GitError } from '../../project/git/errors.js';
import { resolveAppDataDir } from '../../project/settings.js';
import { applyWorkspace } from '../../project/workspace.js';
import { parseFlags, UsageError, withUsage } from '../flags.js';

const USAGE = `usage: choreo server apply URL DIR REF [BRANCH]
  Clones URL (HTTPS) into the app's workspace folder and checks out REF (a commit hash or tag).
  DIR is the project folder inside the repository ('.' for its root).
  With BRANCH, work happens on that branch (taken from the remote when it exists there, else created
  at REF): commits and pushes are allowed. Without BRANCH the workspace is read-only.
  Credentials for private repositories: CHOREO_GIT_USERNAME and CHOREO_GIT_TOKEN (stored encrypted
  after a successful clone), or those stored earlier by the app.`;

/** Credentials from the environment (CLI use); never logged. */
export function envCredentials(env: NodeJS.ProcessEnv = process.env): { username: string; token: string } | undefined {
  return env.CHOREO_GIT_TOKEN ? { username: env.CHOREO_GIT_USERNAME || 'git', token: env.CHOREO_GIT_TOKEN } : undefined;
}

/** Runs `server apply`: a usage mistake prints the message and USAGE, exit 2. */
export function serverApply(args: string[]): Promise<number> {
  return withUsage(USAGE, () => apply(args));
}

async function apply(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const { positional, dirGiven } = parseFlags(args, {});
  if (dirGiven) throw new UsageError('choreo server apply takes no --dir: DIR is its second argument');
  if (positional.length < 3 || positional.length > 4) throw new UsageError(`choreo server apply: expected URL DIR REF [BRANCH], got ${positional.length} argument(s)`);
  const [url, directory, ref, branch] = positional as [string, string, string, string | undefined];
  const appDataDir = resolveAppDataDir();
  let lastPhase = '';
  try {
    const ws = await applyWorkspace({
      url, directory, ref, branch, appDataDir,
      credentialStore: new CredentialStore(appDataDir),
      credentials: envCredentials(),
      onProgress: (p) => {
        if (p.phase !== lastPhase) process.stderr.write(`${p.op}: ${p.phase}\n`);
        lastPhase = p.phase;
      },
    });
    for (const w of ws.warnings) process.stderr.write(`Warning: ${w}\n`);
    process.stdout.write(
      [
        `workspace ${ws.workspace}`,
        `project ${ws.projectRoot}`,
        `commit ${ws.commit}`,
        ws.branch ? `branch ${ws.branch}` : `read-only (pinned to ${ws.ref}; give a BRANCH to commit and push)`,
      ].join('\n') + '\n',
    );
    return 0;
  } catch (err) {
    if (err instanceof GitError) {
      process.stderr.write(`choreo server apply: ${err.message}\n`);
      return err.code === 'invalid' ? 2 : 1;
    }
    throw err;
  }
}
