// Times one bench/programs/*.star file in our interpreter the way bench/starlark-py-timer.py times it under
// CPython, in a fresh process of its own (as each python3 run is): a long-lived process that had run other
// programs would measure the runtime helpers after they had seen every program's types, not this one's.
// cold = parse + exec of the file (which calls bench() once), warm = one more bench() call; each in wall and
// CPU seconds. Prints one JSON line. Usage: node bin/run-ts.mjs bench/starlark-node-timer.ts FILE
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StarlarkThread, callStarlark, decodeUtf8, execStarlarkFile, starlarkStr } from '../src-main/engine/index.js';
import { fileLoader } from '../src-main/cli/commands/starlark.js';

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Times fn in wall and CPU seconds. */
function timed<T>(fn: () => T): [T, { wall: number; cpu: number }] {
  const w = performance.now();
  const c = cpuSeconds();
  const v = fn();
  return [v, { wall: (performance.now() - w) / 1000, cpu: cpuSeconds() - c }];
}

const file = path.resolve(process.argv[2] ?? '');
const source = readFileSync(file, 'utf8');
const options = { recursion: /option:recursion/.test(source), maxSteps: 1e12 };
const print = (): void => {};
const [module, cold] = timed(() => execStarlarkFile(path.relative(process.cwd(), file), source, { options, print, load: fileLoader(file, options, print) }));
const fn = module.globals.get('bench');
if (fn === undefined) throw new Error(`${file}: defines no bench() function`);
const [v, warm] = timed(() => callStarlark(new StarlarkThread({ name: 'bench', options }), fn, []));
console.log(JSON.stringify({ cold, warm, checksum: decodeUtf8(starlarkStr(v)) }));
