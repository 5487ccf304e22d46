// .gitignore matching for status. isomorphic-git's isIgnored re-reads every .gitignore on each call
// (about 1–2 ms per file), which made status of a freshly initialised project with thousands of new
// files take seconds. Here rules are read once per folder during the walk and compiled to regexes.
// Semantics follow gitignore(5): last match wins, deeper files override shallower ones, `!` negates,
// a trailing `/` matches folders only, a pattern with an inner or leading `/` is anchored to its file's
// folder, `*`, `?`, `[...]`, and `**` in its three forms.
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export interface IgnoreRule {
  /** Folder of the .gitignore the rule comes from, repo-relative ('' for the root and info/exclude). */
  base: string;
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
  /** Matched against the full path below `base` (true) or against the last segment only (false). */
  anchored: boolean;
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const prevSlash = i === 0 || glob[i - 1] === '/';
        const nextSlash = glob[i + 2] === '/' || i + 2 === glob.length;
        if (prevSlash && nextSlash) {
          if (glob[i + 2] === '/') {
            out += '(?:.*/)?';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let cls = glob.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += glob[i + 1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

/** Parses the text of one .gitignore (or info/exclude) found in folder `base`. */
export function parseIgnore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    line = line.replace(/(?<!\\)\s+$/, '');
    if (!line) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (!line) continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ base, regex: new RegExp(`^${globToRegex(line)}$`), negate, dirOnly, anchored });
  }
  return rules;
}

/** Whether `p` (repo-relative) is ignored by `rules` (in precedence order, lowest first). */
export function matchIgnore(rules: IgnoreRule[], p: string, isDir: boolean): boolean {
  let ignored = false;
  const name = p.slice(p.lastIndexOf('/') + 1);
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    if (r.base && !p.startsWith(r.base + '/')) continue;
    const rel = r.base ? p.slice(r.base.length + 1) : p;
    if (r.regex.test(r.anchored ? rel : name)) ignored = !r.negate;
  }
  return ignored;
}

/** Reads `<dir>/<rel>/.gitignore` as rules; none when it does not exist. */
export async function readIgnoreFile(repoDir: string, rel: string): Promise<IgnoreRule[]> {
  const text = await fsp.readFile(path.join(repoDir, rel, '.gitignore'), 'utf8').catch(() => '');
  return text ? parseIgnore(text, rel) : [];
}

/** Rules of `.git/info/exclude` (lowest precedence). */
export async function readExclude(gitdir: string): Promise<IgnoreRule[]> {
  const text = await fsp.readFile(path.join(gitdir, 'info', 'exclude'), 'utf8').catch(() => '');
  return text ? parseIgnore(text, '') : [];
}
