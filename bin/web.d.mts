// Types of ./web.mjs (plain JavaScript: it starts before anything can be transpiled).
export const RENDERER_INPUTS: string[];
export function newestMtime(path: string): number;
export function rendererIsStale(root: string, distDir: string): boolean;
