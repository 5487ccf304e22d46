import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { findPackageRoot, PACKAGE_NAME, readPackageVersion } from './package-root.js';

describe('package root', () => {
  const temps: Array<() => void> = [];
  afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

  it('finds the app folder and reads the version from its package.json', () => {
    const root = findPackageRoot();
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(pkg.name).toBe(PACKAGE_NAME);
    expect(readPackageVersion()).toBe(pkg.version);
  });

  it('walks up from a nested folder, past package.json files of other packages', () => {
    const { dir, cleanup } = makeTempDir('package-root-');
    temps.push(cleanup);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: PACKAGE_NAME, version: '9.8.7' }));
    const nested = path.join(dir, 'dist-electron', 'src-main', 'cli');
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(dir, 'dist-electron', 'package.json'), JSON.stringify({ name: 'other' }));
    expect(findPackageRoot(nested)).toBe(dir);
    expect(readPackageVersion(findPackageRoot(nested))).toBe('9.8.7');
  });
});
