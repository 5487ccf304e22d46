import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProjects, writeProjectFiles } from './temp-projects.js';

const projects = tempProjects('choreo-temp-projects-');
afterEach(() => projects.cleanup());

describe('tempProjects', () => {
  it('writes a project from a table of files, creating parent folders', () => {
    const dir = projects.withFiles({ 'crds/a.yaml': 'a', 'in/deep/b.yaml': 'b' });
    expect(readFileSync(path.join(dir, 'crds/a.yaml'), 'utf8')).toBe('a');
    expect(readFileSync(path.join(dir, 'in/deep/b.yaml'), 'utf8')).toBe('b');
  });

  it('copies a project without its .choreo run state, into a named sub-folder when asked', () => {
    const source = projects.withFiles({ 'in/a.yaml': 'a', '.choreo/db/x.ndjson': '{}' });
    const copy = projects.copyOf(source, { folder: 'hello-world' });
    expect(path.basename(copy)).toBe('hello-world');
    expect(readdirSync(copy)).toEqual(['in']);
    expect(readFileSync(path.join(copy, 'in/a.yaml'), 'utf8')).toBe('a');
  });

  it('removes every folder it made on cleanup', () => {
    const made = [projects.withFiles({ 'a.txt': 'a' }), projects.copyOf(projects.withFiles({})), projects.emptyDir()];
    for (const d of made) expect(existsSync(d)).toBe(true);
    projects.cleanup();
    for (const d of made) expect(existsSync(d)).toBe(false);
  });
});

describe('writeProjectFiles', () => {
  it('adds files to an existing folder and overwrites what is there', () => {
    const dir = projects.emptyDir();
    mkdirSync(path.join(dir, 'in'));
    writeFileSync(path.join(dir, 'in/a.yaml'), 'old');
    writeProjectFiles(dir, { 'in/a.yaml': 'new', 'src/b.yaml': 'b' });
    expect(readFileSync(path.join(dir, 'in/a.yaml'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(dir, 'src/b.yaml'), 'utf8')).toBe('b');
  });
});
