import { describe, expect, it } from 'vitest';
import { CHOREO_DIR, CHOREO_PATHS, isChoreoPath } from './choreo-dir.js';

describe('.choreo paths', () => {
  it('names every path under the one folder', () => {
    for (const p of Object.values(CHOREO_PATHS)) expect(p.startsWith(CHOREO_DIR + '/')).toBe(true);
  });

  it('tells project-relative paths under .choreo from look-alikes', () => {
    expect(isChoreoPath('.choreo')).toBe(true);
    expect(isChoreoPath(CHOREO_PATHS.trash + '/x/files/a.yaml')).toBe(true);
    expect(isChoreoPath('.choreography/a.yaml')).toBe(false);
    expect(isChoreoPath('in/.choreo')).toBe(false);
  });
});
