// Staging and unstaging part of a file: chosen lines or blocks of its diff (as GitHub Desktop and VS Code
// do). The new index content is built from what is on disk and in the index right now, with the same line
// diff the diff editor shows (src-shared/git/line-diff.ts): staging = the index text plus the chosen
// changes of the working tree; unstaging = the index text minus the chosen changes against HEAD. The blob
// is written by isomorphic-git and the index entry is replaced through the repository's crash-safe file
// system (git-fs.ts: git's lock-file protocol), so a crash leaves the old index or the new one.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { applyLines, diffRows, isEmptySelection, revertLines, selectsAll, type LineSelection } from '../../../src-shared/git/line-diff.js';
import { blobId, headOid, readBlob } from './diff.js';
import { GitError } from './errors.js';
import { readIndexFile } from './index-file.js';
import { assertWritable } from './mode.js';
import { base, repoPath, type Repo } from './repo.js';

export interface PartialStageRequest {
  path: string;
  /** stage: working tree → index; unstage: index → back towards HEAD. */
  action: 'stage' | 'unstage';
  lines: LineSelection;
  /**
   * The blob ids of the two sides the user looked at (git.diff's oldId/newId). When either side has
   * changed since, the request is refused: line numbers of another text would pick other lines.
   */
  expect?: { oldId: string | null; newId: string | null };
}

function isBinary(buf: Uint8Array): boolean {
  return buf.subarray(0, 8000).includes(0);
}

/** Bytes as a string with one character per byte, so any encoding survives splitting into lines. */
const bytesToText = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('latin1') : '');

interface Sides {
  old: Buffer | null;
  new: Buffer | null;
  /** Mode of the index entry (or of the working-tree file for a new one). */
  mode: number;
}

async function readSides(repo: Repo, p: string, action: PartialStageRequest['action']): Promise<Sides> {
  const { entries } = await readIndexFile(repo.gitdir);
  const mine = entries.filter((e) => e.path === p);
  if (mine.some((e) => e.stage > 0)) {
    throw new GitError('unmerged', `${p} has an unresolved merge conflict; stage the whole file once it is resolved.`, { files: [p] });
  }
  const entry = mine.find((e) => e.stage === 0);
  const index = entry ? await readBlob(repo, entry.oid) : null;
  if (action === 'unstage') {
    const head = await headOid(repo, p);
    return { old: head ? await readBlob(repo, head) : null, new: index, mode: entry?.mode ?? 0o100644 };
  }
  const abs = path.join(repo.dir, p);
  const st = await fsp.lstat(abs).catch(() => undefined);
  if (st?.isSymbolicLink()) throw new GitError('invalid', `${p} is a symbolic link; stage it as a whole.`);
  if (st && !st.isFile()) throw new GitError('invalid', `${p} is not a file.`);
  const work = st ? await fsp.readFile(abs) : null;
  const mode = entry?.mode ?? (st && st.mode & 0o111 ? 0o100755 : 0o100644);
  return { old: index, new: work, mode };
}

/**
 * Stages (or unstages) the chosen changed lines of one file. Returns the new index blob id, or null when
 * the file left the index (all of a new file unstaged, or all of a deletion staged).
 */
export async function stageLines(repo: Repo, req: PartialStageRequest): Promise<string | null> {
  const p = repoPath(repo, req.path);
  await assertWritable(repo, req.action === 'stage' ? 'Staging' : 'Unstaging');
  const sides = await readSides(repo, p, req.action);
  if (req.expect) {
    const now = { oldId: sides.old ? blobId(sides.old) : null, newId: sides.new ? blobId(sides.new) : null };
    if (now.oldId !== req.expect.oldId || now.newId !== req.expect.newId) {
      throw new GitError('stale', `${p} changed since its diff was shown, so the chosen lines may no longer be the ones you saw.`, {
        hint: 'Look at the refreshed diff and choose the lines again.',
        files: [p],
      });
    }
  }
  if ((sides.old && isBinary(sides.old)) || (sides.new && isBinary(sides.new))) {
    throw new GitError('invalid', `${p} is a binary file; stage or unstage it as a whole.`);
  }
  if (isEmptySelection(req.lines)) throw new GitError('invalid', 'No changed line was chosen.', { hint: 'Pick the lines or block to stage.' });
  const oldText = bytesToText(sides.old);
  const newText = bytesToText(sides.new);
  const rows = diffRows(oldText, newText);
  const all = selectsAll(rows, req.lines);
  // Taking every change of a side that does not exist removes the file from the index.
  if (req.action === 'stage' && all && sides.new === null) {
    await git.remove({ ...base(repo), filepath: p });
    return null;
  }
  if (req.action === 'unstage' && all && sides.old === null) {
    await git.remove({ ...base(repo), filepath: p });
    return null;
  }
  const text = req.action === 'stage' ? applyLines(oldText, newText, req.lines) : revertLines(oldText, newText, req.lines);
  const oid = await git.writeBlob({ ...base(repo), blob: Buffer.from(text, 'latin1') });
  // With an oid, isomorphic-git records zero stat data, so git (and our status) hash the working-tree file
  // again instead of taking it for the staged content.
  await git.updateIndex({ ...base(repo), filepath: p, oid, mode: sides.mode, add: true });
  return oid;
}
