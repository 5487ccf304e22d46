// `choreo git …`: the app's git loop from the command line (the same modules the IDE uses, so what the
// Git view does can be scripted and checked): status, diff, add/reset, commit [--amend], push, pull,
// fetch, log, branch, checkout, stash, init, identity. Exit codes: 0 ok, 1 the git operation failed,
// 2 usage. Credentials for remotes: stored ones, or CHOREO_GIT_USERNAME / CHOREO_GIT_TOKEN.
import path from 'node:path';
import { CredentialStore } from '../../project/git/auth.js';
import { checkoutBranch, createBranch, deleteBranch, listBranches } from '../../project/git/branches.js';
import { commit } from '../../project/git/commit.js';
import { diffFile } from '../../project/git/diff.js';
import { GitError } from '../../project/git/errors.js';
import { resolveIdentity, writeAppIdentity } from '../../project/git/identity.js';
import { initRepo } from '../../project/git/init.js';
import { log } from '../../project/git/log.js';
import { abortMerge } from '../../project/git/merge-abort.js';
import { fetchRemote, pull, push, type GitProgress, type RemoteOptions } from '../../project/git/remote.js';
import { repairRepo } from '../../project/git/repair.js';
import { openRepo, type Repo } from '../../project/git/repo.js';
import { stage, unstage } from '../../project/git/stage.js';
import { stashApply, stashDrop, stashList, stashPush } from '../../project/git/stash.js';
import { status, type StatusEntry } from '../../project/git/status.js';
import { tracking } from '../../project/git/tracking.js';
import { resolveAppDataDir } from '../../project/settings.js';
import type { Command } from './command.js';
import { err, out, projectDir } from './data-common.js';
import { parseFlags, UsageError, withUsage, type ParsedArgs } from '../flags.js';
import { envCredentials } from './server-apply.js';

const USAGE = `usage: choreo git <command> [options] [--dir DIR]
  status                       changes: staged (first column), unstaged (second), ?? untracked, UU conflicted
  diff PATH [--staged]         old/new text of PATH against the index (--staged: index against HEAD)
  add PATH... | add -A         stage files (-A: every change)
  reset PATH...                unstage files
  commit -m MSG [-a] [--amend] commit the staged files (-a: stage tracked changes first); --amend the last unpushed commit
  push | pull | fetch [--remote NAME]
  merge --abort                abandon a pull that stopped on conflicts (edited files are backed up)
  log [-n N] [--skip N]        history with the files each commit changed
  branch [NAME] [-d NAME] [-D NAME]   list, create, delete (-D: even if unmerged)
  checkout NAME [-b]           switch branch (-b: create it); refuses to overwrite uncommitted changes
  stash [push [-m MSG] | list | apply [N] | pop [N] | drop [N]]
  init                         create a repository in DIR
  identity [--name NAME --email EMAIL]   show or set the app's commit identity
  repair                       fix what an interrupted git program left: stale lock files, empty objects,
                               a damaged branch ref (set to its newest commit), a torn index (rebuilt;
                               the working tree is not touched). Run it only when no git program is running.
DIR defaults to the current folder (any folder inside the repository).
Remote credentials: stored by the app, or CHOREO_GIT_USERNAME and CHOREO_GIT_TOKEN.`;

const STAGED = { added: 'A', modified: 'M', deleted: 'D' } as const;

/** Two-letter code like `git status -s`: staged change, then unstaged change. */
export function statusCode(e: StatusEntry): string {
  if (e.conflicted) return 'UU';
  if (e.unstaged === 'untracked') return '??';
  const x = e.staged ? STAGED[e.staged] : ' ';
  const y = e.unstaged === 'modified' ? 'M' : e.unstaged === 'deleted' ? 'D' : ' ';
  return x + y;
}

function printProgress(): (p: GitProgress) => void {
  let last = '';
  return (p) => {
    if (p.phase !== last) err(`${p.op}: ${p.phase}`);
    last = p.phase;
  };
}

function remoteOptions(p: ParsedArgs, appDataDir: string): RemoteOptions {
  const credentials = envCredentials();
  return { remote: p.values.remote, credentialStore: new CredentialStore(appDataDir), onProgress: printProgress(), ...(credentials ? { credentials } : {}) };
}

async function repoAt(p: ParsedArgs): Promise<Repo> {
  return openRepo(projectDir(p.dir));
}

const SUBCOMMANDS: Record<string, (p: ParsedArgs, appDataDir: string) => Promise<number>> = {
  async status(p) {
    const repo = await repoAt(p);
    const st = await status(repo);
    out(st.branch ? `On branch ${st.branch}` : `HEAD detached at ${st.head?.slice(0, 7) ?? '(no commits)'}`);
    const t = await tracking(repo, st.branch);
    if (t && (t.ahead || t.behind)) out(`${t.upstream}: ${t.ahead} to push, ${t.behind} to pull`);
    if (st.merging) out('Merging: resolve the conflicts, stage the files, then commit.');
    for (const e of st.entries) out(`${statusCode(e)} ${e.path}`);
    if (!st.entries.length) out('nothing to commit, working tree clean');
    return 0;
  },
  async diff(p) {
    const [file] = p.positional;
    if (!file) throw new UsageError('diff needs a PATH');
    const repo = await repoAt(p);
    const rel = path.relative(repo.dir, path.resolve(file));
    const d = await diffFile(repo, p.bools.has('staged') ? { path: rel, against: 'head', side: 'index' } : { path: rel, against: 'index' });
    out(`--- ${p.bools.has('staged') ? 'HEAD' : 'index'}:${d.path}\n${d.oldText ?? '(none)'}\n+++ ${p.bools.has('staged') ? 'index' : 'working tree'}:${d.path}\n${d.newText ?? '(none)'}`);
    return 0;
  },
  async add(p) {
    const repo = await repoAt(p);
    let paths = p.positional.map((f) => path.relative(repo.dir, path.resolve(f)));
    if (p.bools.has('all')) paths = (await status(repo)).entries.map((e) => e.path);
    if (!paths.length) throw new UsageError('add needs PATH... or -A');
    await stage(repo, paths);
    return 0;
  },
  async reset(p) {
    const repo = await repoAt(p);
    if (!p.positional.length) throw new UsageError('reset needs PATH...');
    await unstage(repo, p.positional.map((f) => path.relative(repo.dir, path.resolve(f))));
    return 0;
  },
  async commit(p, appDataDir) {
    const message = p.values.message;
    if (message === undefined && !p.bools.has('amend')) throw new UsageError('commit needs -m MSG');
    const repo = await repoAt(p);
    if (p.bools.has('all')) {
      const tracked = (await status(repo)).entries.filter((e) => e.unstaged === 'modified' || e.unstaged === 'deleted').map((e) => e.path);
      if (tracked.length) await stage(repo, tracked);
    }
    const res = await commit(repo, { message: message ?? '', amend: p.bools.has('amend') }, appDataDir);
    out(`[${res.branch ?? 'detached HEAD'} ${res.oid.slice(0, 7)}] ${res.summary}`);
    return 0;
  },
  async push(p, appDataDir) {
    const res = await push(await repoAt(p), remoteOptions(p, appDataDir));
    out(`pushed ${res.branch} (${res.head.slice(0, 7)}) to ${res.remote} ${res.remoteRef}`);
    return 0;
  },
  async pull(p, appDataDir) {
    const res = await pull(await repoAt(p), { ...remoteOptions(p, appDataDir), appDataDir });
    out(res.kind === 'conflicts' ? `merge conflicts in:\n${res.conflicts.map((f) => `  ${f}`).join('\n')}\nresolve them, stage the files (choreo git add), then commit.` : res.kind);
    return res.kind === 'conflicts' ? 1 : 0;
  },
  async fetch(p, appDataDir) {
    const res = await fetchRemote(await repoAt(p), remoteOptions(p, appDataDir));
    out(`fetched ${res.remote} (${res.url})`);
    return 0;
  },
  async merge(p, appDataDir) {
    if (!p.bools.has('abort')) throw new UsageError('only `merge --abort` is supported (pull merges for you)');
    const res = await abortMerge(await repoAt(p), appDataDir);
    out(res.backup ? `merge aborted; your edits were saved in ${res.backup}` : 'merge aborted');
    return 0;
  },
  async log(p) {
    const limit = p.values.n !== undefined ? Number(p.values.n) : 20;
    const skip = p.values.skip !== undefined ? Number(p.values.skip) : 0;
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(skip) || skip < 0) throw new UsageError('-n and --skip take whole numbers');
    const page = await log(await repoAt(p), { limit, skip });
    for (const e of page.entries) {
      out(`commit ${e.oid}\nAuthor: ${e.author.name} <${e.author.email}>\nDate:   ${e.date}\n\n    ${e.message.trimEnd().split('\n').join('\n    ')}\n`);
      for (const f of e.files) out(`    ${f}`);
      if (e.files.length) out('');
    }
    if (page.next !== null) out(`(more: choreo git log --skip ${page.next})`);
    return 0;
  },
  async branch(p) {
    const repo = await repoAt(p);
    const del = p.values.delete ?? p.values.forceDelete;
    if (del) {
      await deleteBranch(repo, del, { force: p.values.forceDelete !== undefined });
      out(`deleted branch ${del}`);
      return 0;
    }
    const [name] = p.positional;
    if (name) {
      await createBranch(repo, name);
      out(`created branch ${name}`);
      return 0;
    }
    const list = await listBranches(repo);
    for (const b of list.local) out(`${b.current ? '*' : ' '} ${b.name}${b.upstream ? ` -> ${b.upstream}` : ''}`);
    for (const r of list.remote) out(`  remotes/${r}`);
    return 0;
  },
  async checkout(p) {
    const [name] = p.positional;
    if (!name) throw new UsageError('checkout needs a branch NAME');
    const repo = await repoAt(p);
    if (p.bools.has('create')) await createBranch(repo, name, { checkout: true });
    else await checkoutBranch(repo, name);
    out(`switched to ${name}`);
    return 0;
  },
  async stash(p, appDataDir) {
    const [op = 'push', n] = p.positional;
    const repo = await repoAt(p);
    const index = n === undefined ? 0 : Number(n);
    if (!Number.isInteger(index) || index < 0) throw new UsageError('stash index must be a whole number');
    switch (op) {
      case 'push':
        out(`saved: ${(await stashPush(repo, appDataDir, p.values.message)).message}`);
        return 0;
      case 'list':
        for (const e of await stashList(repo)) out(`stash@{${e.index}}: ${e.message}`);
        return 0;
      case 'apply':
      case 'pop':
        await stashApply(repo, appDataDir, index, { drop: op === 'pop' });
        return 0;
      case 'drop':
        await stashDrop(repo, index);
        return 0;
      default:
        throw new UsageError(`unknown stash command ${op}`);
    }
  },
  async repair(p) {
    const r = await repairRepo(await repoAt(p));
    for (const f of r.removedStale) out(`removed stale ${f}`);
    for (const o of r.removedObjects) out(`removed damaged object ${o}`);
    for (const o of r.rewrittenObjects) out(`wrote object ${o} again from the working tree`);
    for (const f of r.refs) out(`${f.ref} points at ${f.oid.slice(0, 7)} again (from ${f.from === 'reflog' ? 'the reflog' : 'its newest commit'})`);
    for (const f of r.unrepairedRefs) err(`${f} is damaged and no commit was found for it: set it with \`git update-ref ${f} COMMIT\``);
    if (r.index.rebuilt) out(`rebuilt the index: ${r.index.salvaged} entries kept, ${r.index.fromHead} from HEAD; the damaged file is kept as ${r.index.keptAside}`);
    const changed = r.removedStale.length + r.removedObjects.length + r.rewrittenObjects.length + r.refs.length + (r.index.rebuilt ? 1 : 0);
    if (!changed && !r.unrepairedRefs.length) out('nothing to repair');
    return r.unrepairedRefs.length ? 1 : 0;
  },
  async init(p) {
    const repo = await initRepo(path.resolve(p.dir));
    out(`initialised an empty git repository in ${repo.dir}`);
    return 0;
  },
  async identity(p, appDataDir) {
    const { name, email } = p.values;
    if (name !== undefined || email !== undefined) {
      if (!name || !email) throw new UsageError('identity needs both --name and --email');
      await writeAppIdentity(appDataDir, { name, email });
    }
    const repo = await openRepo(path.resolve(p.dir)).catch(() => undefined);
    const found = await resolveIdentity(repo, appDataDir);
    out(found ? `${found.identity.name} <${found.identity.email}> (from ${found.source === 'repo' ? 'the repository config' : 'the app settings'})` : 'no identity: set one with --name NAME --email EMAIL');
    return 0;
  },
};

export const gitCommand: Command = {
  name: 'git',
  run: (args) =>
    withUsage(USAGE, async () => {
      const [sub, ...rest] = args;
      if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
        out(USAGE);
        return sub === undefined ? 2 : 0;
      }
      const fn = SUBCOMMANDS[sub];
      if (!fn) throw new UsageError(`unknown git command ${sub}`);
      const p = parseFlags(rest, {
        values: { '-m': 'message', '--message': 'message', '--remote': 'remote', '-n': 'n', '--skip': 'skip', '-d': 'delete', '-D': 'forceDelete', '--name': 'name', '--email': 'email' },
        bools: { '--amend': 'amend', '-a': 'all', '-A': 'all', '--all': 'all', '--staged': 'staged', '--cached': 'staged', '-b': 'create', '--abort': 'abort' },
      });
      if (p.help) {
        out(USAGE);
        return 0;
      }
      try {
        return await fn(p, resolveAppDataDir());
      } catch (e) {
        if (e instanceof GitError) {
          err(`choreo git ${sub}: ${e.message}`);
          return e.code === 'invalid' ? 2 : 1;
        }
        throw e;
      }
    }),
};
