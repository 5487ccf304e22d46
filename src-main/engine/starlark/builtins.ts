import type { Value } from './value.js';
/** The universal builtins (abs, any, all, ...), by name. */
export const universe = new Map<string, Value>();
