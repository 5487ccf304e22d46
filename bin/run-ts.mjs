#!/usr/bin/env node
// Runs a TypeScript entry file (scripts, benchmarks, conformance runner) through tsx.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
register();
const [entry, ...rest] = process.argv.slice(2);
if (!entry) { console.error('usage: run-ts.mjs FILE.ts [ARGS...]'); process.exit(2); }
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
