// `npm run web` rebuilds the renderer only when one of its inputs is newer than dist/index.html.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../src-main/testing/temp-dir.js';
import { RENDERER_INPUTS, rendererIsStale } from './web.mjs';

const OLD = new Date(2020, 0, 1);
const BUILT = new Date(2021, 0, 1);
const NEW = new Date(2022, 0, 1);

describe('rendererIsStale', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let root: string;
  let dist: string;
  const touch = (rel: string, when: Date) => utimesSync(path.join(root, rel), when, when);

  beforeEach(() => {
    tmp = makeTempDir('choreo-web-');
    root = tmp.dir;
    dist = path.join(root, 'dist');
    mkdirSync(path.join(root, 'src-renderer/app'), { recursive: true });
    mkdirSync(path.join(root, 'src-shared'), { recursive: true });
    writeFileSync(path.join(root, 'src-renderer/app/view.tsx'), 'x');
    writeFileSync(path.join(root, 'src-shared/a.ts'), 'x');
    writeFileSync(path.join(root, 'vite.config.ts'), 'x');
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    for (const p of ['src-renderer/app/view.tsx', 'src-renderer/app', 'src-renderer', 'src-shared/a.ts', 'src-shared', 'vite.config.ts', 'package-lock.json']) touch(p, OLD);
  });
  afterEach(() => tmp.cleanup());

  it('wants a build when dist/index.html is missing, and none when every input is older', () => {
    expect(RENDERER_INPUTS).toContain('src-renderer');
    expect(rendererIsStale(root, dist)).toBe(true);
    mkdirSync(dist);
    writeFileSync(path.join(dist, 'index.html'), '<html>');
    touch('dist/index.html', BUILT);
    expect(rendererIsStale(root, dist)).toBe(false);
  });

  it('sees an edited file deep in a folder, and a removed one through its folder', () => {
    mkdirSync(dist);
    writeFileSync(path.join(dist, 'index.html'), '<html>');
    touch('dist/index.html', BUILT);
    touch('src-renderer/app/view.tsx', NEW);
    expect(rendererIsStale(root, dist)).toBe(true);
    touch('src-renderer/app/view.tsx', OLD);
    rmSync(path.join(root, 'src-shared/a.ts')); // the folder's time is now
    expect(rendererIsStale(root, dist)).toBe(true);
  });
});
