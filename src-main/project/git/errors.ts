// Typed git errors: every failure a user can meet has a code the UI can act on (ask for an identity,
// ask for a token, offer a stash…), a message saying what happened, and the next step to take.

export type GitErrorCode =
  | 'not-a-repo' // the folder is not inside a git repository (offer `git init`)
  | 'identity-required' // no author name/email in the repo config nor in the app settings (ask once)
  | 'auth-required' // the host wants credentials and none are stored (ask for username + token)
  | 'auth-failed' // the host refused the stored/given credentials (401/403)
  | 'non-fast-forward' // push rejected: the remote has commits we do not have (pull first)
  | 'unreachable' // offline, DNS failure, connection refused, timeout
  | 'unknown-remote' // no such remote configured
  | 'ssh-unsupported' // git@host:… or ssh:// URLs
  | 'uncommitted-changes' // the operation would overwrite local changes (offer a stash)
  | 'read-only' // a choreo-mode workspace pinned to a hash or tag
  | 'already-pushed' // amend of a commit that is on a remote
  | 'nothing-to-commit'
  | 'unmerged' // conflicted files must be resolved and staged first
  | 'not-found' // unknown branch, ref, stash entry or file
  | 'invalid' // a bad argument (branch name, URL…)
  | 'path-escape' // a path outside the repository, inside .git, or through a link that leads outside
  | 'locked' // a `<file>.lock` of the git directory is held (another git program, or one that was killed)
  | 'damaged' // a file of the git directory is damaged (empty ref, torn index): `choreo git repair` fixes it
  | 'stale' // a request named a state of a file that has changed since (a partial stage of an old diff)
  | 'internal';

export class GitError extends Error {
  readonly code: GitErrorCode;
  /** The next step for the user, phrased as an instruction. */
  readonly hint?: string;
  /** Files involved (conflicts, changes in the way), repo-relative. */
  readonly files?: string[];

  constructor(code: GitErrorCode, message: string, options: { hint?: string; files?: string[]; cause?: unknown } = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'GitError';
    this.code = code;
    this.hint = options.hint;
    this.files = options.files;
  }
}

/** Network error codes of node's http client that mean "the host cannot be reached". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT']);

function errnoCode(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const inner = (e as { data?: { code?: unknown } }).data?.code;
    if (typeof inner === 'string' && NETWORK_CODES.has(inner)) return inner;
  }
  return undefined;
}

/**
 * Turns an isomorphic-git or network error into a GitError. `url` names the remote in messages;
 * never include credentials in it.
 */
export function toGitError(err: unknown, context: { op: string; url?: string } = { op: 'git' }): GitError {
  if (err instanceof GitError) return err;
  const e = err as { code?: string; message?: string; data?: Record<string, unknown> };
  const where = context.url ? ` (${context.url})` : '';
  const net = errnoCode(err);
  if (net) {
    return new GitError('unreachable', `${context.op} failed: cannot reach the remote host${where} (${net}).`, {
      hint: 'Check your network connection and the remote URL, then try again.',
      cause: err,
    });
  }
  switch (e?.code) {
    case 'HttpError': {
      const status = Number(e.data?.statusCode);
      if (status === 401 || status === 403) {
        return new GitError('auth-failed', `${context.op} failed: the host refused the credentials${where} (HTTP ${status}).`, {
          hint: 'Enter your username and a valid access token (with repository write access for push) and try again.',
          cause: err,
        });
      }
      if (status === 404) {
        return new GitError('not-found', `${context.op} failed: repository not found${where} (HTTP 404).`, {
          hint: 'Check the remote URL; for a private repository, enter a username and access token.',
          cause: err,
        });
      }
      return new GitError('unreachable', `${context.op} failed: the host answered HTTP ${status || '?'}${where}.`, {
        hint: 'Try again later, or check the remote URL.',
        cause: err,
      });
    }
    case 'UserCanceledError':
      return new GitError('auth-required', `${context.op} needs credentials${where}.`, {
        hint: 'Enter your username and an access token; they are stored encrypted on this computer.',
        cause: err,
      });
    case 'PushRejectedError':
      return new GitError('non-fast-forward', `Push rejected${where}: the remote branch has commits that you do not have.`, {
        hint: 'Pull first (and resolve conflicts if any), then push again.',
        cause: err,
      });
    case 'MissingNameError':
      return new GitError('identity-required', `${context.op} needs an author name and email.`, {
        hint: 'Set your name and email once (Git › Identity), then try again.',
        cause: err,
      });
    case 'NotFoundError':
      return new GitError('not-found', `${context.op} failed: ${e.message ?? 'not found'}.`, { cause: err });
    case 'UnmergedPathsError':
      return new GitError('unmerged', `${context.op} failed: some files still have merge conflicts.`, {
        hint: 'Resolve the conflict markers, stage the files, then try again.',
        cause: err,
      });
    case 'CheckoutConflictError': {
      const files = (e.data?.filepaths as string[] | undefined) ?? [];
      return uncommittedChanges(context.op, files);
    }
    case 'InvalidRefNameError':
      return new GitError('invalid', `${context.op} failed: ${e.message ?? 'invalid name'}.`, { hint: 'Use letters, digits, "-", "_", "/" and "." only.', cause: err });
    case 'AlreadyExistsError':
      return new GitError('invalid', `${context.op} failed: ${e.message ?? 'already exists'}.`, { cause: err });
    default:
      return new GitError('internal', `${context.op} failed: ${e?.message ?? String(err)}`, { cause: err });
  }
}

export function uncommittedChanges(op: string, files: string[]): GitError {
  const list = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
  return new GitError('uncommitted-changes', `${op} would overwrite uncommitted changes in ${list || 'the working tree'}.`, {
    hint: 'Stash your changes (they can be restored later with "stash pop") or commit them, then try again.',
    files,
  });
}
