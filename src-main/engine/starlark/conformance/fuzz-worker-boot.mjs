// Worker entry for fuzz.test.ts: registers tsx in the worker thread (workers do not inherit vitest's
// TypeScript loader), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';
register();
await import('./fuzz-worker.ts');
