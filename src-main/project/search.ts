// Search in project: a literal or regular-expression query over the project's text files, line by
// line, with include/exclude globs. Files are visited in a stable order (sorted paths) so a search
// that hits the result cap can be continued from a cursor, page by page, on a project of any size.
import { promises as fs, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { SearchFileResult, SearchMatch, SearchRequest, SearchResponse } from '../../src-shared/ipc/channels/files.js';
import { RE2JS } from 're2js';
import { readRegularFile, isTempName } from '../engine/index.js';
import { ProjectError } from './errors.js';
import { isInside } from './confine.js';
import { SKIPPED_DIRS } from './files.js';

/** Matches per page unless the request says otherwise. */
export const DEFAULT_MAX_RESULTS = 2_000;
/** Larger files are generated data, not sources; they are counted as skipped. */
export const MAX_SEARCH_FILE_BYTES = 8 * 1024 * 1024;
/** Characters of context shown before a match in a preview, and the longest preview. */
const PREVIEW_BEFORE = 40;
const PREVIEW_MAX = 240;
/** Files read at the same time. */
const CONCURRENCY = 16;

// ---------------------------------------------------------------------------------------------
// Query and globs

/** A compiled query. */
export interface SearchPattern {
  /** [index, length] of every match in one line, left to right (an empty match counts, then moves on). */
  matches(line: string): Iterable<[number, number]>;
  /** Whether the text can contain a match at all (a quick test of a whole file before the line pass). */
  mayMatch(text: string): boolean;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Compiles the query; a bad regular expression is an `invalid-request`. Regular expressions are RE2 (re2js):
 * matching takes linear time, so a pattern like `(a+)+b` cannot stall the host by backtracking (JavaScript's
 * RegExp would take minutes on one line of `a`s). Literal queries stay JavaScript RegExps: escaped text
 * cannot backtrack.
 */
export function compileQuery(req: Pick<SearchRequest, 'query' | 'regex' | 'caseSensitive' | 'wholeWord'>): SearchPattern {
  if (!req.regex) {
    let source = req.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (req.wholeWord) source = `(?<![\\p{L}\\p{N}_])(?:${source})(?![\\p{L}\\p{N}_])`;
    const flags = 'g' + (req.caseSensitive ? '' : 'i') + (req.wholeWord ? 'u' : '');
    const probe = new RegExp(source, flags.replace('g', ''));
    return { matches: (line) => jsMatches(new RegExp(source, flags), line), mayMatch: (text) => probe.test(text) };
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(req.query, req.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    const why = (err as Error).message.replace(/^error parsing regexp: /, '');
    throw new ProjectError('invalid-request', `The search pattern is not a valid regular expression: ${why}. Fix it, or turn off "Use Regular Expression" to search for the text as typed.`, req.query);
  }
  const isWord = (line: string, i: number) => i >= 0 && i < line.length && WORD_CHAR.test(line[i]!);
  return {
    *matches(line) {
      const m = re.matcher(line);
      for (let from = 0; from <= line.length && m.find(from); ) {
        const start = m.start();
        const end = m.end();
        if (!req.wholeWord || (!isWord(line, start - 1) && !isWord(line, end))) yield [start, end - start];
        else if (end > start) {
          from = start + 1; // the match was inside a word: look again from the next character
          continue;
        }
        from = end > start ? end : end + 1;
      }
    },
    // A regular expression can behave differently on the whole text (`$` before `\r\n`): no shortcut.
    mayMatch: () => true,
  };
}

function* jsMatches(re: RegExp, line: string): Iterable<[number, number]> {
  for (let m = re.exec(line); m; m = re.exec(line)) {
    yield [m.index, m[0].length];
    if (m[0].length === 0) {
      if (re.lastIndex >= line.length) break;
      re.lastIndex++; // an empty match would loop forever
    }
  }
}

/**
 * Compiles a glob into a RegExp over `/` paths: `*` and `?` stay within a segment, `**` spans
 * segments, `{a,b}` picks one. A pattern without `/` matches a file or folder name at any depth
 * (`*.yaml`, `node_modules`); a pattern naming a folder also matches everything under it.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  const anywhere = !g.replace(/\/+$/, '').includes('/');
  g = g.replace(/^\/+/, '').replace(/\/+$/, '');
  let re = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slashAfter = g[i + 2] === '/';
        re += slashAfter ? '(?:[^/]*/)*' : '.*';
        i += slashAfter ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  while (braces-- > 0) re += ')';
  return new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${re}(?:/.*)?$`);
}

export interface PathFilter {
  /** Whether a file is searched. */
  file(path: string): boolean;
  /** Whether a folder is entered (only the excludes can prune a folder). */
  dir(path: string): boolean;
}

export function pathFilter(include: readonly string[] = [], exclude: readonly string[] = []): PathFilter {
  const inc = include.filter((p) => p.trim()).map(globToRegExp);
  const exc = exclude.filter((p) => p.trim()).map(globToRegExp);
  const excluded = (p: string) => exc.some((r) => r.test(p));
  return {
    file: (p) => !excluded(p) && (inc.length === 0 || inc.some((r) => r.test(p))),
    dir: (p) => !excluded(p),
  };
}

// ---------------------------------------------------------------------------------------------
// Search

/**
 * Searches the project at `root`. With `signal`, stops between batches of files once it is aborted
 * (a newer search replaced this one) and rejects with a ProjectError naming that.
 */
export async function searchProject(root: string, req: SearchRequest, signal?: AbortSignal): Promise<SearchResponse> {
  const pattern = compileQuery(req);
  const checkAborted = () => {
    if (signal?.aborted) throw new ProjectError('unavailable', 'This search was replaced by a newer one before it finished.');
  };
  const max = req.maxResults ?? DEFAULT_MAX_RESULTS;
  const filter = pathFilter(req.include, req.exclude);
  let paths = await listFiles(root, filter);
  checkAborted();
  if (req.cursor !== undefined) paths = paths.filter((p) => p > req.cursor!);

  const files: SearchFileResult[] = [];
  let matchCount = 0;
  let filesSearched = 0;
  let filesSkipped = 0;
  let truncated = false;
  let nextCursor: string | undefined;

  // Read a window of files at once, but take their results strictly in path order so the cursor is exact.
  for (let start = 0; start < paths.length && !truncated; start += CONCURRENCY) {
    const batch = paths.slice(start, start + CONCURRENCY);
    const scanned = await Promise.all(batch.map((p) => scanFile(root, p, pattern)));
    checkAborted();
    for (let i = 0; i < batch.length; i++) {
      const result = scanned[i];
      if (result === 'skipped') {
        filesSkipped++;
        continue;
      }
      filesSearched++;
      if (!result.length) continue;
      if (matchCount + result.length > max) {
        // Keep whole files on a page: the next page starts after the last file shown. A single file
        // over the cap alone shows its first `max` matches.
        truncated = true;
        if (files.length === 0) {
          files.push({ path: batch[i], matches: result.slice(0, max) });
          matchCount += max;
        }
        nextCursor = files[files.length - 1].path;
        break;
      }
      files.push({ path: batch[i], matches: result });
      matchCount += result.length;
    }
  }
  return { files, matchCount, filesSearched, filesSkipped, truncated, ...(nextCursor !== undefined ? { nextCursor } : {}) };
}

/** Every searchable file of the project, sorted; skipped folders, temp files and escaping links left out. */
async function listFiles(root: string, filter: PathFilter): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to search there
    }
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      if (isTempName(entry.name)) continue;
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && filter.dir(path)) subdirs.push(walk(join(dir, entry.name), path));
      } else if (entry.isFile()) {
        if (filter.file(path)) out.push(path);
      } else if (entry.isSymbolicLink()) {
        // Linked files inside the project are searched; linked folders are not entered (they could loop).
        try {
          const real = await fs.realpath(join(dir, entry.name));
          if (isInside(root, real) && (await fs.stat(real)).isFile() && filter.file(path)) out.push(path);
        } catch {
          // dangling link
        }
      }
    }
    await Promise.all(subdirs);
  };
  await walk(root, '');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The matches of one file, or 'skipped' for a binary, unreadable or too large file. */
async function scanFile(root: string, path: string, pattern: SearchPattern): Promise<SearchMatch[] | 'skipped'> {
  let buf: Buffer;
  try {
    const file = join(root, ...path.split('/'));
    const stat = await fs.stat(file);
    if (stat.size > MAX_SEARCH_FILE_BYTES) return 'skipped';
    buf = await readRegularFile(file); // a FIFO is skipped, never waited on
  } catch {
    return 'skipped';
  }
  // A NUL byte in the first 8 KB is how git and grep tell binary files apart.
  if (buf.subarray(0, 8192).includes(0)) return 'skipped';
  const text = buf.toString('utf8');
  // Most files do not match: one scan of the whole text rules them out before the line-by-line pass.
  if (!pattern.mayMatch(text)) return [];
  return matchText(text, pattern);
}

/** Every match of `pattern` in `text`, line by line. */
export function matchText(text: string, pattern: SearchPattern): SearchMatch[] {
  const out: SearchMatch[] = [];
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    lineNo++;
    let line = text.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    for (const [index, length] of pattern.matches(line)) out.push(preview(line, lineNo, index, length));
    if (end === text.length) break;
    pos = end + 1;
  }
  return out;
}

function preview(line: string, lineNo: number, index: number, length: number): SearchMatch {
  const from = index > PREVIEW_BEFORE ? index - PREVIEW_BEFORE : 0;
  // Leading indentation carries no information in a result list.
  let start = from;
  while (start < index && (line[start] === ' ' || line[start] === '\t')) start++;
  const text = line.slice(start, start + PREVIEW_MAX).trimEnd();
  return { line: lineNo, col: index + 1, length, preview: (start > 0 && from > 0 ? '…' : '') + text, previewCol: index - start + (start > 0 && from > 0 ? 1 : 0) };
}
