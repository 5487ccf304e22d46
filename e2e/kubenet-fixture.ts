// A host on a temp copy of the kubenet project (../shared/conformance/kubenet/combined, without the store Go
// wrote in db/), served with the -r backends as upstream runs it. Skipped with the reason when ../shared is
// absent. Shared by the specs that need a kubenet-sized project.
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot, serveNewProject, test as base, type Host } from './fixtures/host';

export const combinedDir = resolve(repoRoot, '../shared/conformance/kubenet/combined');

export const test = base.extend<{ kubenet: Host }>({
  kubenet: async ({}, use, info) => {
    info.skip(!existsSync(combinedDir), `the kubenet project is not there (${combinedDir}); this spec needs ../shared/conformance`);
    const copy = (dir: string) => cpSync(combinedDir, dir, { recursive: true, filter: (src) => !src.startsWith(join(combinedDir, 'db')) && !src.includes('/.choreo') });
    await serveNewProject('kubenet', copy, use, ['-r']);
  },
});
