// Types of ./prebuilt.mjs (plain JavaScript, because it runs before anything can be transpiled).

/** What dist-main/manifest.json holds: per bundled source file (relative to the root), [mtimeMs, size]. */
export interface BundleManifest {
  builtAt: string;
  inputs: Record<string, [mtimeMs: number, size: number]>;
}

export const BUNDLE_DIR: string;
export const MANIFEST_FILE: string;
export function fileStamps(root: string, files: string[]): BundleManifest['inputs'];
export function staleReason(root: string): string | undefined;
export function importPrebuilt(root: string, name: string, source: string): Promise<any>;
