// Benchmark dispatcher: `npm run bench` runs every registered suite, `npm run bench -- NAME [NAME…]` only
// those, `npm run bench -- --list` lists them. A suite is one module exporting a BenchSuite; register it
// with one import line and one entry line below.
import { runSuites, type BenchSuite } from './suite.js';
import { starlarkSuite } from './starlark.js';
import { engineSuite } from './engine.js';
import { uiSuite } from './ui.js';
import { gitSuite } from './git.js';
import { startupSuite } from './startup.js';
import { kubenetSuite } from './kubenet.js';
import { kubenetDeliverySuite } from './kubenet-delivery.js';
import { debugSuite } from './debug.js';
import { insightSuite } from './insight.js';
import { storeSuite } from './store.js';
import { planSuite } from './plan.js';

const suites: BenchSuite[] = [
  startupSuite,
  starlarkSuite,
  engineSuite,
  uiSuite,
  gitSuite,
  kubenetSuite,
  kubenetDeliverySuite,
  debugSuite,
  insightSuite,
  storeSuite,
  planSuite,
];

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--list') || argv.includes('--help')) {
    console.log('usage: npm run bench [-- NAME…]\nsuites:');
    for (const s of suites) console.log(`  ${s.name.padEnd(12)} ${s.description}`);
    return 0;
  }
  const names = argv.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`bench: unknown suite ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const chosen = names.length ? suites.filter((s) => names.includes(s.name)) : suites;
  return (await runSuites(chosen)) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
