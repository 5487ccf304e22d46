import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectError } from './errors.js';
import { confinePath, toProjectPath } from './confine.js';
import { makeTempDir } from '../testing/temp-dir.js';

let tmp: ReturnType<typeof makeTempDir>;
let root: string;
let outside: string;

beforeEach(() => {
  tmp = makeTempDir();
  root = join(tmp.dir, 'project');
  outside = join(tmp.dir, 'outside');
  mkdirSync(join(root, 'in'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  writeFileSync(join(root, 'in', 'a.yaml'), 'a: 1');
});
afterEach(() => tmp.cleanup());

function refusal(path: string): ProjectError {
  try {
    confinePath(root, path);
  } catch (err) {
    return err as ProjectError;
  }
  throw new Error(`"${path}" was not refused`);
}

describe('confinePath', () => {
  it('resolves paths inside the root, existing or not', () => {
    expect(confinePath(root, 'in/a.yaml')).toBe(join(root, 'in', 'a.yaml'));
    expect(confinePath(root, 'in/new/file.yaml')).toBe(join(root, 'in', 'new', 'file.yaml'));
    expect(confinePath(root, './in//a.yaml')).toBe(join(root, 'in', 'a.yaml'));
  });

  it.each([
    ['..', 'contains ".."'],
    ['../outside/secret.txt', 'contains ".."'],
    ['in/../../outside/secret.txt', 'contains ".."'],
    ['in\\..\\..\\outside', 'contains ".."'],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows', 'absolute'],
    ['in/a.yaml\0.png', 'NUL'],
  ])('refuses %j (%s) with a path-escape error naming the path', (path, why) => {
    const err = refusal(path);
    expect(err).toBeInstanceOf(ProjectError);
    expect(err.code).toBe('path-escape');
    expect(err.message).toContain(why);
    expect(err.where).toBe(path.replace(/\0/g, '\\0'));
  });

  it('refuses a symlink that escapes the root, and a path through it', () => {
    symlinkSync(outside, join(root, 'link-out'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'in', 'secret.yaml'));
    expect(refusal('link-out').code).toBe('path-escape');
    expect(refusal('link-out/secret.txt').code).toBe('path-escape');
    expect(refusal('link-out/not-yet-there.txt').code).toBe('path-escape');
    expect(refusal('in/secret.yaml').message).toContain('symbolic link');
  });

  it('follows symlinks that stay inside the root', () => {
    symlinkSync(join(root, 'in'), join(root, 'link-in'));
    expect(confinePath(root, 'link-in/a.yaml')).toBe(join(root, 'in', 'a.yaml'));
  });

  it('gives project paths with / separators', () => {
    expect(toProjectPath(root, join(root, 'in', 'a.yaml'))).toBe('in/a.yaml');
    expect(toProjectPath(root, root)).toBe('');
  });
});
