import { readFileSync } from 'node:fs';

/** The app version from package.json (the single source of the version number). */
export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
