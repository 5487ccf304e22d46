import { describe, expect, it } from 'vitest';
import { globToRegExp, isIgnored, parseIgnore } from './ignore.js';
import { listFolder } from './yaml-dir.js';
import { memoryFs } from './source-fs.js';

describe('.ignore', () => {
  it('matches globs, honours negation and directory-only rules, last match wins', () => {
    const rules = parseIgnore('# comment\n\n*.bak\n!keep.bak\ntmp/\nx?.yaml\n[ab]*.yml\n');
    expect(isIgnored(rules, 'a.bak', false)).toBe(true);
    expect(isIgnored(rules, 'keep.bak', false)).toBe(false);
    expect(isIgnored(rules, 'tmp', true)).toBe(true);
    expect(isIgnored(rules, 'tmp', false)).toBe(false);
    expect(isIgnored(rules, 'x1.yaml', false)).toBe(true);
    expect(isIgnored(rules, 'x12.yaml', false)).toBe(false);
    expect(isIgnored(rules, 'b-x.yml', false)).toBe(true);
  });

  it('stops at a ** line or an invalid glob, keeping the rules before it', () => {
    const rules = parseIgnore('a.yaml\n**/b.yaml\nc.yaml\n');
    expect(rules).toHaveLength(1);
    expect(parseIgnore('a.yaml\n[z\nc.yaml\n')).toHaveLength(1);
    expect(globToRegExp('[z')).toBeUndefined();
  });

  it('listFolder skips ignored entries and the .ignore file itself, sorted by name', async () => {
    const fs = memoryFs({ 'in/.ignore': 'draft-*\n', 'in/b.yaml': '', 'in/a.yaml': '', 'in/draft-x.yaml': '' });
    expect((await listFolder(fs, 'in')).map((e) => e.name)).toEqual(['a.yaml', 'b.yaml']);
  });
});
