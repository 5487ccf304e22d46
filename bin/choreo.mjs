#!/usr/bin/env node
// The `choreo` command. Runs the TypeScript sources directly through tsx, so it works right after
// `npm ci` in a clean clone, with no build step (see README: CLI).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
