#!/usr/bin/env node
// The `choreo` command. Loads the prebuilt bundle (dist-main/cli.mjs, built by `npm ci`); when the sources
// changed since that build, runs them through tsx instead and says so (./prebuilt.mjs).
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { importPrebuilt } from './prebuilt.mjs';

// Node 22.1+ caches compiled code between runs; Node 20 has no such switch, so this is skipped there.
module.enableCompileCache?.();
// `choreo … | head`: a reader that stops early ends the command quietly, as with other Unix tools.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const root = fileURLToPath(new URL('..', import.meta.url));
const { main } = await importPrebuilt(root, 'cli', 'src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
