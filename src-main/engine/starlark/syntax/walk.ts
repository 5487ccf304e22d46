// One step of a walk over the syntax tree, after starlark-go's syntax.Walk: the expressions directly inside
// an expression, in the order they stand in the source. A walker (the resolver, the language service's
// indexer, the debugger's line finder) handles the kinds it gives a meaning to (names, calls,
// comprehensions, lambdas) and hands every other kind to `forEachChild`, so that the list of which node
// holds which sub-expressions is written once.
import type { DictEntry, Expr } from './ast.js';

/** A node a walk over expressions meets: an expression, or a `key: value` entry of a dict or dict comprehension. */
export type ExprNode = Expr | DictEntry;

/**
 * Calls `visit` on each expression directly inside `e`, in source order but for a conditional, whose
 * condition comes first (`t if cond else f`: cond, t, f, as the resolver reads it): a call's function then
 * its argument values, a comprehension's body then its clauses (a `for` clause's variables, then what it
 * iterates), a lambda's parameter defaults then its body. Names and literals have none.
 */
export function forEachChild(e: ExprNode, visit: (child: ExprNode) => void): void {
  switch (e.kind) {
    case 'Ident':
    case 'Literal':
      return;
    case 'List':
    case 'Tuple':
      for (const x of e.elems) visit(x);
      return;
    case 'Dict':
      for (const x of e.entries) visit(x);
      return;
    case 'DictEntry':
      visit(e.key);
      visit(e.value);
      return;
    case 'Unary':
    case 'Dot':
      visit(e.x);
      return;
    case 'Binary':
      visit(e.x);
      visit(e.y);
      return;
    case 'Cond':
      visit(e.cond);
      visit(e.t);
      visit(e.f);
      return;
    case 'Index':
      visit(e.x);
      visit(e.index);
      return;
    case 'Slice':
      visit(e.x);
      if (e.lo) visit(e.lo);
      if (e.hi) visit(e.hi);
      if (e.step) visit(e.step);
      return;
    case 'Call':
      visit(e.fn);
      for (const a of e.args) visit(a.value);
      return;
    case 'Comp':
      visit(e.body);
      for (const c of e.clauses) {
        if (c.kind === 'IfClause') visit(c.cond);
        else {
          visit(c.vars);
          visit(c.iter);
        }
      }
      return;
    case 'Lambda':
      for (const p of e.params) if (p.default) visit(p.default);
      visit(e.body);
      return;
  }
}
