// Git channels: status, diff, stage/unstage/discard, commit/amend, identity, credentials, remotes
// (fetch/pull/push with progress), branches, stash, log, init, clone, and choreo-mode workspaces. The
// host implements them in src-main/host/services/git.ts with isomorphic-git.
//
// Paths in requests and responses are relative to the *repository* root with `/` separators (the
// project may sit in a subfolder of its repository: `projectPrefix` in the status says where).
import { z } from 'zod';
import type { ChannelGroup, EventGroup } from '../contract.js';

// ---------------------------------------------------------------------------------------------
// Shapes

const Empty = z.object({}).strict();
const RepoPath = z.string().min(1).max(4096);
const Oid = z.string();
/** A commit named in a request: a full or abbreviated hash. */
const CommitId = z.string().regex(/^[0-9a-f]{4,40}$/i, 'a commit hash');
/** Line numbers of one side of a diff (1-based). */
const LineNumbers = z.array(z.number().int().min(1)).max(100_000);

/** Username + token typed by the user for one call; stored encrypted after success unless remember is false. */
export const GitCredentials = z
  .object({ username: z.string().max(256), token: z.string().min(1).max(4096), remember: z.boolean().optional() })
  .strict();
export type GitCredentials = z.infer<typeof GitCredentials>;

export const GitStatusEntry = z.object({
  path: z.string(),
  staged: z.enum(['added', 'modified', 'deleted']).optional(),
  unstaged: z.enum(['modified', 'deleted', 'untracked']).optional(),
  conflicted: z.boolean().optional(),
});
export type GitStatusEntry = z.infer<typeof GitStatusEntry>;

export const GitWorkspaceMode = z.object({
  url: z.string(),
  ref: z.string(),
  commit: Oid,
  branch: z.string().nullable(),
  readOnly: z.boolean(),
});

export const GitStatus = z.discriminatedUnion('isRepo', [
  /** The project is not in a repository: the UI offers `git.init`. */
  z.object({ isRepo: z.literal(false) }),
  z.object({
    isRepo: z.literal(true),
    repoRoot: z.string(),
    /** The project folder relative to the repository root ('' when they are the same). */
    projectPrefix: z.string(),
    branch: z.string().nullable(),
    head: Oid.nullable(),
    merging: z.boolean(),
    entries: z.array(GitStatusEntry),
    /** Set in a choreo-mode workspace. */
    workspace: GitWorkspaceMode.nullable(),
    /** The current branch against its upstream (after the last fetch); null without an upstream. */
    tracking: z.object({ upstream: z.string(), ahead: z.number().int(), behind: z.number().int() }).nullable(),
    /** The remote Push uses (the upstream's, else origin or the only one); null when the repository has none. */
    remote: z.string().nullable().optional(),
  }),
]);
export type GitStatus = z.infer<typeof GitStatus>;

export const GitFileDiff = z.object({
  path: z.string(),
  oldText: z.string().nullable(),
  newText: z.string().nullable(),
  binary: z.boolean(),
  /** git blob ids of the two sides (null where the file does not exist); git.stage.lines names them back. */
  oldId: z.string().nullable(),
  newId: z.string().nullable(),
});

export const GitFileChange = z.enum(['added', 'modified', 'deleted']);
export const GitCommitDetails = z.object({
  oid: Oid,
  parents: z.array(Oid),
  author: z.object({ name: z.string(), email: z.string() }),
  date: z.string(),
  message: z.string(),
  files: z.array(z.object({ path: z.string(), change: GitFileChange })),
});

export const GitCommitResult = z.object({ oid: Oid, summary: z.string(), branch: z.string().nullable(), merge: z.boolean() });
export const GitIdentity = z.object({ name: z.string().min(1).max(256), email: z.string().min(3).max(256) }).strict();

export const GitRemote = z.object({ name: z.string(), url: z.string() });
export const GitPullResult = z.object({
  kind: z.enum(['up-to-date', 'fast-forward', 'merge', 'conflicts']),
  head: Oid.nullable(),
  conflicts: z.array(z.string()),
});
export const GitPushResult = z.object({ remote: z.string(), branch: z.string(), remoteRef: z.string(), head: Oid });

export const GitBranchList = z.object({
  current: z.string().nullable(),
  local: z.array(z.object({ name: z.string(), current: z.boolean(), oid: Oid, upstream: z.string().optional() })),
  remote: z.array(z.string()),
});

export const GitStashEntry = z.object({ index: z.number().int(), message: z.string() });

export const GitLogEntry = z.object({
  oid: Oid,
  parents: z.array(Oid),
  author: z.object({ name: z.string(), email: z.string() }),
  date: z.string(),
  message: z.string(),
  summary: z.string(),
  files: z.array(z.string()),
});
export const GitLogPage = z.object({ entries: z.array(GitLogEntry), next: z.number().int().nullable() });

export const GitWorkspaceInfo = z.object({
  url: z.string(),
  ref: z.string(),
  workspace: z.string(),
  projectRoot: z.string(),
  commit: Oid,
  branch: z.string().nullable(),
  readOnly: z.boolean(),
  warnings: z.array(z.string()),
});

const RemoteRequest = z.object({ remote: z.string().min(1).optional(), credentials: GitCredentials.optional() }).strict();
const StashIndex = z.object({ index: z.number().int().min(0).default(0) }).strict();

// ---------------------------------------------------------------------------------------------
// Channels

export const gitChannels = {
  'git.status': { request: Empty, response: GitStatus },
  /** `git init` in the project folder (default branch main, a .gitignore for .choreo/). */
  'git.init': { request: Empty, response: GitStatus },
  /**
   * Old/new text of one file: working tree vs index (against: index) or vs HEAD; staged changes: side index +
   * against head; with `commit`, the file in that past commit against its first parent.
   */
  'git.diff': {
    request: z
      .object({ path: RepoPath, against: z.enum(['index', 'head']).default('index'), side: z.enum(['index', 'workdir']).optional(), commit: CommitId.optional() })
      .strict(),
    response: GitFileDiff,
  },
  /** A past commit: author, message and its files with how each changed against its first parent. */
  'git.show': { request: z.object({ oid: CommitId }).strict(), response: GitCommitDetails },
  /**
   * Stages (action stage: working tree → index) or unstages (index → HEAD) chosen changed lines of one file:
   * deleted lines by old-side number, added lines by new-side number, of the diff git.diff gave (`expect`
   * names its oldId/newId; a file changed since is refused with `conflict`).
   */
  'git.stage.lines': {
    request: z
      .object({
        path: RepoPath,
        action: z.enum(['stage', 'unstage']),
        lines: z.object({ old: LineNumbers, new: LineNumbers }).strict(),
        expect: z.object({ oldId: z.string().nullable(), newId: z.string().nullable() }).strict().optional(),
      })
      .strict(),
    response: GitStatus,
  },
  'git.stage': { request: z.object({ paths: z.array(RepoPath).min(1) }).strict(), response: GitStatus },
  'git.unstage': { request: z.object({ paths: z.array(RepoPath).min(1) }).strict(), response: GitStatus },
  /** Discards the working-tree changes of a file (staged: also the staged ones); the old content is backed up. */
  'git.discard': {
    request: z.object({ path: RepoPath, staged: z.boolean().optional() }).strict(),
    response: z.object({ path: z.string(), backup: z.string().nullable() }),
  },
  /** Commits the index (or amends the last, unpushed commit). Error `identity-required` when no author is known. */
  'git.commit': { request: z.object({ message: z.string().max(100_000), amend: z.boolean().optional() }).strict(), response: GitCommitResult },
  'git.identity.get': {
    request: Empty,
    response: z.object({ identity: GitIdentity.nullable(), source: z.enum(['repo', 'app']).nullable() }),
  },
  /** Stores the app-level identity (used when the repository config has none). */
  'git.identity.set': { request: GitIdentity, response: z.object({ ok: z.literal(true) }) },
  'git.credentials.set': {
    request: z.object({ url: z.string().min(1), username: z.string().max(256), token: z.string().min(1).max(4096) }).strict(),
    response: z.object({ host: z.string() }),
  },
  'git.credentials.clear': { request: z.object({ url: z.string().min(1) }).strict(), response: z.object({ removed: z.boolean() }) },
  'git.remotes': { request: Empty, response: z.array(GitRemote) },
  'git.remote.add': { request: z.object({ name: z.string().min(1).max(100), url: z.string().min(1) }).strict(), response: z.array(GitRemote) },
  'git.fetch': { request: RemoteRequest, response: z.object({ remote: z.string(), url: z.string() }) },
  'git.pull': { request: RemoteRequest, response: GitPullResult },
  'git.push': { request: RemoteRequest, response: GitPushResult },
  /** Abandons a pull that stopped on conflicts (files edited while resolving are backed up first). */
  'git.merge.abort': { request: Empty, response: z.object({ backup: z.string().nullable(), files: z.array(z.string()) }) },
  'git.branches': { request: Empty, response: GitBranchList },
  'git.branch.create': {
    request: z.object({ name: z.string().min(1).max(255), startPoint: z.string().optional(), checkout: z.boolean().optional() }).strict(),
    response: GitBranchList,
  },
  /** Error `uncommitted-changes` (with the files) when the switch would overwrite local changes: offer a stash. */
  'git.checkout': { request: z.object({ name: z.string().min(1) }).strict(), response: GitStatus },
  'git.branch.delete': { request: z.object({ name: z.string().min(1), force: z.boolean().optional() }).strict(), response: GitBranchList },
  'git.stash.list': { request: Empty, response: z.array(GitStashEntry) },
  'git.stash.push': { request: z.object({ message: z.string().max(1000).optional() }).strict(), response: z.array(GitStashEntry) },
  'git.stash.apply': { request: StashIndex, response: z.array(GitStashEntry) },
  'git.stash.pop': { request: StashIndex, response: z.array(GitStashEntry) },
  'git.stash.drop': { request: StashIndex, response: z.array(GitStashEntry) },
  /** Paged history; `next` is the `skip` of the next page. */
  'git.log': {
    request: z.object({ ref: z.string().optional(), skip: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: GitLogPage,
  },
  /** Clones an HTTPS repository into an empty folder (user mode); open `root` afterwards. */
  'git.clone': {
    request: z.object({ url: z.string().min(1), dir: z.string().min(1), credentials: GitCredentials.optional() }).strict(),
    response: z.object({ root: z.string() }),
  },
  /** Choreo mode: clone URL at REF (hash or tag) into an app workspace, on BRANCH when given (else read-only). */
  'git.workspace.apply': {
    request: z
      .object({ url: z.string().min(1), directory: z.string().default('.'), ref: z.string().min(1), branch: z.string().min(1).optional(), credentials: GitCredentials.optional() })
      .strict(),
    response: GitWorkspaceInfo,
  },
} as const satisfies ChannelGroup;

// ---------------------------------------------------------------------------------------------
// Events

export const gitEvents = {
  /** Progress of clone/fetch/pull/push. */
  'git.progress': z.object({
    op: z.enum(['clone', 'fetch', 'pull', 'push']),
    phase: z.string(),
    loaded: z.number(),
    total: z.number().optional(),
  }),
  /** The repository changed through the app (commit, checkout, pull…): refresh status, branches, log. */
  'git.changed': z.object({ op: z.string() }),
} as const satisfies EventGroup;
