// `.ignore` files (engine.md §1.1): gitignore-like patterns per directory with Go filepath.Match
// globs, `!` negation, trailing `/` for directories, `#` comments. A line with `**` or an invalid
// glob stops parsing (the rules before it are kept), as Choreo does.

export interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  re: RegExp;
}

/** Go filepath.Match pattern → RegExp; undefined when the pattern is invalid. */
export function globToRegExp(glob: string): RegExp | undefined {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= glob.length) return undefined;
      re += '\\' + glob[++i];
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) return undefined;
      let body = glob.slice(i + 1, end);
      if (body.startsWith('^')) body = '!' + body.slice(1);
      re += '[' + (body.startsWith('!') ? '^' + body.slice(1) : body).replace(/\\/g, '\\\\') + ']';
      i = end;
    } else re += c.replace(/[.+^${}()|\]]/g, '\\$&');
  }
  try {
    return new RegExp(re + '$');
  } catch {
    return undefined;
  }
}

export function parseIgnore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.includes('**')) break;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const re = globToRegExp(line);
    if (!re) break;
    rules.push({ negate, dirOnly, re });
  }
  return rules;
}

/** Whether `name` (an entry of the directory holding the rules) is ignored; the last match wins. */
export function isIgnored(rules: IgnoreRule[], name: string, isDir: boolean): boolean {
  let ignored = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    if (r.re.test(name)) ignored = !r.negate;
  }
  return ignored;
}
