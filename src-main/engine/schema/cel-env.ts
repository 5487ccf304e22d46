// The CEL environment of CRD validation rules: @marcbachmann/cel-js plus the two things the Kubernetes API
// server adds that cel-js lacks:
//   - a runtime cost limit per expression (PerCallLimit, 1e6) and per object (RuntimeCELCostBudget, 1e7),
//     with the API server's error texts, so a rule like `self.all(a, self.all(b, self.all(c, ...)))` ends
//     in ~0.1 s instead of running for minutes;
//   - RE2 semantics for matches() (linear time: `'aaaa…'.matches('^(a+)+$')` cannot backtrack).
// cel-js has a hook for neither, so both sit in its evaluator's one dispatch method, `run(ast, ctx)`, which
// every node evaluation goes through. We reach our environment's evaluator once, through a function we
// register (cel-js calls function handlers with the evaluator as `this`), and wrap its `run`. One unit of
// cost is one node evaluated (cel-go charges about one per interpreted step); matches() also charges a unit
// per 10 bytes of its string. The cel-js version is pinned; cel-rules.test.ts fails if the hook stops working.
import { compilePattern } from './pattern.js';
import { celJs } from './schema-libraries.js';

/** apiserver/pkg/apis/cel PerCallLimit: the cost one rule evaluation may take. */
export const PER_CALL_LIMIT = 1_000_000;
/** apiserver/pkg/apis/cel RuntimeCELCostBudget: the cost all rules of one object may take together. */
export const RUNTIME_CEL_COST_BUDGET = 10_000_000;

/** cel-go's error when an evaluation passes its cost limit (Kubernetes matches on this prefix). */
export class CelCostLimitError extends Error {
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
    this.name = 'CelCostLimitError';
  }
}

export type CelProgram = (vars: Record<string, unknown>) => unknown;

interface AstNode {
  op: string;
  args: unknown;
}
type Run = (this: unknown, ast: AstNode, ctx: unknown) => unknown;
interface MeteredEnvironment {
  env: InstanceType<ReturnType<typeof celJs>['Environment']>;
  evaluator: { run: Run };
}

const meter = { cost: 0, limit: Infinity };
const patterns = new Map<string, ReturnType<typeof compilePattern>>();
let environment: MeteredEnvironment | undefined;

/** The metered environment, built on first use (cel-js is loaded only for projects with rules). */
function celEnvironment(): MeteredEnvironment {
  if (environment) return environment;
  const env = new (celJs().Environment)({ unlistedVariablesAreDyn: true });
  let evaluator: { run: Run } | undefined;
  env.registerFunction('__choreoEvaluator(): bool', function (this: { run: Run }) {
    evaluator = this;
    return true;
  });
  env.evaluate('__choreoEvaluator()');
  if (!evaluator || typeof evaluator.run !== 'function') throw new Error('cel-js changed: its evaluator has no run(ast, ctx) to meter (see cel-env.ts)');
  evaluator.run = metered(evaluator.run);
  environment = { env, evaluator };
  return environment;
}

/** `plainRun` with the cost meter and RE2 matches() in front. */
function metered(plainRun: Run): Run {
  return function meteredRun(ast, ctx) {
    if (++meter.cost > meter.limit) throw new CelCostLimitError();
    // matches(): string.matches(pattern) (rcall) or matches(string, pattern) (call), in RE2.
    if (isMatchesCall(ast)) {
      const a = ast.args as [string, AstNode, AstNode[]] | [string, AstNode[]];
      const operands = a.length === 3 ? [a[1], ...a[2]] : a[1];
      if (operands.length === 2) {
        const s = runChild(this, operands[0]!, ctx);
        const p = runChild(this, operands[1]!, ctx);
        if (typeof s === 'string' && typeof p === 'string') return re2Matches(s, p);
      }
    }
    return plainRun.call(this, ast, ctx);
  };
}

function runChild(self: unknown, ast: AstNode, ctx: unknown): unknown {
  return celEnvironment().evaluator.run.call(self, ast, ctx);
}

function re2Matches(s: string, pattern: string): boolean {
  meter.cost += Math.ceil(s.length / 10);
  if (meter.cost > meter.limit) throw new CelCostLimitError();
  let p = patterns.get(pattern);
  if (!p) {
    try {
      p = compilePattern(pattern);
    } catch (e) {
      throw new Error(`invalid regular expression: ${(e as Error).message}`);
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(pattern, p);
  }
  return p.test(s);
}

/** Parses a rule; throws the parse error. */
export function compileCel(rule: string): CelProgram {
  const { env } = celEnvironment();
  const program = env.parse(rule) as unknown as CelProgram & { ast: AstNode };
  // The root node is evaluated directly, not through run(); a root matches() call would escape RE2. The
  // same expression as the one element of a list literal goes through run() (parse errors still come from
  // the rule as written, above).
  if (isMatchesCall(program.ast)) return env.parse(`[${rule}][0]`) as unknown as CelProgram;
  return program;
}

function isMatchesCall(ast: AstNode): boolean {
  return (ast.op === 'rcall' || ast.op === 'call') && (ast.args as unknown[])[0] === 'matches';
}

/** Evaluates with a cost limit; `cost` is what it used (also when it threw). */
export function evaluateMetered(program: CelProgram, vars: Record<string, unknown>, limit: number): { value?: unknown; error?: Error; cost: number } {
  meter.cost = 0;
  meter.limit = limit;
  try {
    return { value: program(vars), cost: meter.cost };
  } catch (e) {
    return { error: e instanceof Error ? e : new Error(String(e)), cost: meter.cost };
  } finally {
    meter.limit = Infinity;
  }
}
