// Finds the app's own folder (where package.json, dist/ and examples/ live), whether the code runs
// from the TypeScript sources (tsx) or from the bundle in dist-main/, and reads the app version
// from its package.json (the single source of the version number).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'choreo-studio';

export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    if (dirname(dir) === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} package folder above ${from}.`);
  }
}

/** The example project opened when nothing else is asked for (README: "the embedded default project"). */
export function defaultProjectDir(packageRoot: string = findPackageRoot()): string {
  return join(packageRoot, 'examples', 'hello-world');
}

/** The app version from package.json (the single source of the version number). */
export function readPackageVersion(packageRoot: string = findPackageRoot()): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
