// Recursive-descent parser for Starlark, following the structure and error wording of starlark-go's
// syntax/parse.go (LL(1), precedence climbing for binary operators). Stops at the first error.
import type {
  Arg,
  DefStmt,
  DictEntry,
  Expr,
  FileAST,
  ForClause,
  Ident,
  IfClause,
  IfStmt,
  Lambda,
  Literal,
  LoadName,
  LoadStmt,
  Param,
  Stmt,
} from './ast.js';
import { StarlarkError } from '../errors.js';
import { Scanner, describeToken, type Token } from './scanner.js';
import type { DialectOptions } from './options.js';

const PREC_LEVELS: string[][] = [
  ['or'],
  ['and'],
  ['not'],
  ['==', '!=', '<', '>', '<=', '>=', 'in', 'not in'],
  ['|'],
  ['^'],
  ['&'],
  ['<<', '>>'],
  ['-', '+'],
  ['*', '%', '/', '//'],
];
const PRECEDENCE = new Map<string, number>();
PREC_LEVELS.forEach((ops, level) => ops.forEach((op) => PRECEDENCE.set(op, level)));
const CMP_LEVEL = 3;
const NOT_LEVEL = 2;

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '&=', '|=', '^=', '<<=', '>>=']);
/** Bracket nesting beyond this is refused, so deeply nested input cannot overflow the JS stack. */
const MAX_NESTING = 200;

class Parser {
  private tok!: Token;
  private nesting = 0;
  constructor(private readonly sc: Scanner) {
    this.next();
  }

  /** The current token's kind (a method, so TypeScript does not narrow it across next()). */
  private kind(): string {
    return this.tok.kind;
  }

  private next(): Token {
    const old = this.tok;
    this.tok = this.sc.next();
    return old;
  }

  /** Like Go's parser, errors default to the scanner position just after the current token. */
  private error(msg: string, line = this.tok.endLine ?? this.tok.line, col = this.tok.endCol ?? this.tok.col): never {
    throw new StarlarkError('syntax', msg, { file: this.sc.filename, line, col });
  }

  private consume(kind: string): Token {
    if (this.kind() !== kind) this.error(`got ${describeToken(this.kind())}, want ${describeToken(kind)}`);
    return this.next();
  }

  parseFile(): Stmt[] {
    const stmts: Stmt[] = [];
    while (this.kind() !== 'EOF') {
      if (this.kind() === 'NEWLINE') {
        this.next();
        continue;
      }
      this.parseStmt(stmts);
    }
    return stmts;
  }

  private parseStmt(stmts: Stmt[]): void {
    switch (this.kind()) {
      case 'def':
        stmts.push(this.parseDef());
        return;
      case 'if':
        stmts.push(this.parseIf());
        return;
      case 'for': {
        const t = this.next();
        const vars = this.parseForLoopVariables();
        this.consume('in');
        const iter = this.parseExpr(false);
        this.consume(':');
        const body = this.parseSuite();
        stmts.push({ kind: 'For', line: t.line, col: t.col, vars, iter, body });
        return;
      }
      case 'while': {
        const t = this.next();
        const cond = this.parseTest();
        this.consume(':');
        const body = this.parseSuite();
        stmts.push({ kind: 'While', line: t.line, col: t.col, cond, body });
        return;
      }
    }
    this.parseSimpleStmt(stmts, true);
  }

  private parseDef(): DefStmt {
    const t = this.next();
    const name = this.parseIdent();
    this.consume('(');
    const params = this.parseParams();
    this.consume(')');
    this.consume(':');
    const body = this.parseSuite();
    return { kind: 'Def', line: t.line, col: t.col, name, params, body };
  }

  private parseIf(): IfStmt {
    const t = this.next();
    const cond = this.parseTest();
    this.consume(':');
    const then = this.parseSuite();
    const top: IfStmt = { kind: 'If', line: t.line, col: t.col, cond, then, else: [] };
    let tail = top;
    while (this.kind() === 'elif') {
      const e = this.next();
      const c = this.parseTest();
      this.consume(':');
      const body = this.parseSuite();
      const elif: IfStmt = { kind: 'If', line: e.line, col: e.col, cond: c, then: body, else: [], elif: true };
      tail.else = [elif];
      tail = elif;
    }
    if (this.kind() === 'else') {
      this.next();
      this.consume(':');
      tail.else = this.parseSuite();
    }
    return top;
  }

  private parseForLoopVariables(): Expr {
    const first = this.tok;
    const v = this.parsePrimaryWithSuffix();
    if (this.kind() !== ',') return v;
    const list = [v];
    while (this.kind() === ',') {
      this.next();
      if (terminatesExprList(this.kind())) break;
      list.push(this.parsePrimaryWithSuffix());
    }
    return { kind: 'Tuple', line: first.line, col: first.col, elems: list, paren: false };
  }

  private parseSimpleStmt(stmts: Stmt[], consumeNL: boolean): void {
    for (;;) {
      stmts.push(this.parseSmallStmt());
      if (this.kind() !== ';') break;
      this.next();
      if (this.kind() === 'NEWLINE' || this.kind() === 'EOF') break;
    }
    if (this.kind() !== 'EOF' && consumeNL) this.consume('NEWLINE');
  }

  private parseSmallStmt(): Stmt {
    const t = this.tok;
    switch (t.kind) {
      case 'return': {
        this.next();
        let x: Expr | undefined;
        if (this.kind() !== 'EOF' && this.kind() !== 'NEWLINE' && this.kind() !== ';') x = this.parseExpr(false);
        return { kind: 'Return', line: t.line, col: t.col, x };
      }
      case 'break':
      case 'continue':
      case 'pass':
        this.next();
        return { kind: t.kind === 'break' ? 'Break' : t.kind === 'continue' ? 'Continue' : 'Pass', line: t.line, col: t.col };
      case 'load':
        return this.parseLoad();
    }
    const x = this.parseExpr(false);
    if (ASSIGN_OPS.has(this.kind())) {
      const op = this.next();
      const rhs = this.parseExpr(false);
      return { kind: 'Assign', line: op.line, col: op.col, op: op.kind, lhs: x, rhs };
    }
    return { kind: 'ExprStmt', line: exprLine(x), col: exprCol(x), x };
  }

  private parseLoad(): LoadStmt {
    const t = this.next();
    const lparen = this.consume('(');
    if (this.kind() !== 'STRING') this.error('first operand of load statement must be a string literal');
    const moduleTok = this.next();
    const module = moduleTok.value as string;
    const names: LoadName[] = [];
    while (this.kind() !== ')' && this.kind() !== 'EOF') {
      this.consume(',');
      if (this.kind() === ')') break;
      switch (this.kind()) {
        case 'STRING': {
          const lit = this.next();
          const name = lit.value as string;
          names.push({
            local: { kind: 'Ident', name, line: lit.line, col: lit.col + 1 },
            orig: name,
            origLine: lit.line,
            origCol: lit.col + 1,
          });
          break;
        }
        case 'IDENT': {
          const id = this.parseIdent();
          if (this.kind() !== '=') this.error(`load operand must be "${id.name}" or ${id.name}="originalname" (want '=' after ${id.name})`);
          this.consume('=');
          if (this.kind() !== 'STRING') this.error(`original name of loaded symbol must be quoted: ${id.name}="originalname"`);
          const lit = this.next();
          names.push({ local: id, orig: lit.value as string, origLine: lit.line, origCol: lit.col + 1 });
          break;
        }
        default:
          this.error(`load operand must be "name" or localname="name" (got ${describeToken(this.kind())})`);
      }
    }
    const rparen = this.consume(')');
    if (names.length === 0) this.error('load statement must import at least 1 symbol', lparen.line, lparen.col);
    return { kind: 'Load', line: t.line, col: t.col, module, moduleLine: moduleTok.line, moduleCol: moduleTok.col, moduleRaw: moduleTok.raw, names, endLine: rparen.line, endCol: rparen.col };
  }

  private parseSuite(): Stmt[] {
    if (this.kind() === 'NEWLINE') {
      this.next();
      this.consume('INDENT');
      const stmts: Stmt[] = [];
      while (this.kind() !== 'OUTDENT' && this.kind() !== 'EOF') this.parseStmt(stmts);
      this.consume('OUTDENT');
      return stmts;
    }
    const stmts: Stmt[] = [];
    this.parseSimpleStmt(stmts, true);
    return stmts;
  }

  private parseIdent(): Ident {
    if (this.kind() !== 'IDENT') this.error('not an identifier');
    const t = this.next();
    return { kind: 'Ident', name: t.raw, line: t.line, col: t.col };
  }

  private parseParams(): Param[] {
    const params: Param[] = [];
    while (this.kind() !== ')' && this.kind() !== ':' && this.kind() !== 'EOF') {
      if (params.length > 0) this.consume(',');
      if (this.kind() === ')') break;
      if (this.kind() === '*' || this.kind() === '**') {
        const op = this.next();
        let name: Ident | null = null;
        if (op.kind === '**' || this.kind() === 'IDENT') name = this.parseIdent();
        params.push({ kind: op.kind === '*' ? 'star' : 'starstar', name, line: op.line, col: op.col });
        continue;
      }
      const id = this.parseIdent();
      if (this.kind() === '=') {
        this.next();
        const dflt = this.parseTest();
        params.push({ kind: 'default', name: id, default: dflt, line: id.line, col: id.col });
        continue;
      }
      params.push({ kind: 'plain', name: id, line: id.line, col: id.col });
    }
    return params;
  }

  parseExpr(inParens: boolean): Expr {
    const x = this.parseTest();
    if (this.kind() !== ',') return x;
    const elems = this.parseExprs([x], inParens);
    return { kind: 'Tuple', line: exprLine(x), col: exprCol(x), elems, paren: false };
  }

  private parseExprs(exprs: Expr[], allowTrailingComma: boolean): Expr[] {
    while (this.kind() === ',') {
      const comma = this.next();
      if (terminatesExprList(this.kind())) {
        if (!allowTrailingComma) this.error('unparenthesized tuple with trailing comma', comma.line, comma.col);
        break;
      }
      exprs.push(this.parseTest());
    }
    return exprs;
  }

  private parseTest(): Expr {
    if (this.kind() === 'lambda') return this.parseLambda(true);
    const x = this.parseTestPrec(0);
    if (this.kind() === 'if') {
      const ift = this.next();
      const cond = this.parseTestPrec(0);
      if (this.kind() !== 'else') this.error('conditional expression without else clause', ift.line, ift.col);
      this.next();
      const f = this.parseTest();
      return { kind: 'Cond', line: ift.line, col: ift.col, cond, t: x, f };
    }
    return x;
  }

  private parseTestNoCond(): Expr {
    if (this.kind() === 'lambda') return this.parseLambda(false);
    return this.parseTestPrec(0);
  }

  private parseLambda(allowCond: boolean): Lambda {
    const t = this.next();
    let params: Param[] = [];
    if (this.kind() !== ':') params = this.parseParams();
    this.consume(':');
    const body = allowCond ? this.parseTest() : this.parseTestNoCond();
    return { kind: 'Lambda', line: t.line, col: t.col, params, body };
  }

  private parseTestPrec(prec: number): Expr {
    if (prec >= PREC_LEVELS.length) return this.parsePrimaryWithSuffix();
    if (this.kind() === 'not' && prec === NOT_LEVEL) {
      const t = this.next();
      const x = this.parseTestPrec(prec);
      return { kind: 'Unary', line: t.line, col: t.col, op: 'not', x };
    }
    return this.parseBinop(prec);
  }

  private parseBinop(prec: number): Expr {
    let x = this.parseTestPrec(prec + 1);
    for (let first = true; ; first = false) {
      if (this.kind() === 'not') {
        // `not` here must start `not in`: fold both into one token, as Go does.
        this.next();
        if (this.kind() !== 'in') this.error(`got ${describeToken(this.kind())}, want in`);
        this.tok = { ...this.tok, kind: 'not in' };
      }
      const kind = this.kind();
      const opprec = PRECEDENCE.get(kind);
      if (opprec === undefined || opprec < prec) return x;
      if (!first && opprec === CMP_LEVEL) {
        this.error(`${(x as { op: string }).op} does not associate with ${kind} (use parens)`);
      }
      const op = this.next();
      const y = this.parseTestPrec(opprec + 1);
      x = { kind: 'Binary', line: op.line, col: op.col, op: kind, x, y };
    }
  }

  private parsePrimaryWithSuffix(): Expr {
    let x = this.parsePrimary();
    for (;;) {
      switch (this.kind()) {
        case '.': {
          const dot = this.next();
          const id = this.parseIdent();
          x = { kind: 'Dot', line: dot.line, col: dot.col, x, name: id.name, nameLine: id.line, nameCol: id.col };
          break;
        }
        case '[':
          x = this.parseSliceSuffix(x);
          break;
        case '(':
          x = this.parseCallSuffix(x);
          break;
        default:
          return x;
      }
    }
  }

  private parseSliceSuffix(x: Expr): Expr {
    const lb = this.next();
    this.enter(lb);
    let lo: Expr | undefined, hi: Expr | undefined, step: Expr | undefined;
    if (this.kind() !== ':') {
      const y = this.parseExpr(false);
      if (this.kind() === ']') {
        this.next();
        this.nesting--;
        return { kind: 'Index', line: lb.line, col: lb.col, x, index: y };
      }
      lo = y;
    }
    if (this.kind() === ':') {
      this.next();
      if (this.kind() !== ':' && this.kind() !== ']') hi = this.parseTest();
    }
    if (this.kind() === ':') {
      this.next();
      if (this.kind() !== ']') step = this.parseTest();
    }
    this.consume(']');
    this.nesting--;
    return { kind: 'Slice', line: lb.line, col: lb.col, x, lo, hi, step };
  }

  private enter(t: Token): void {
    if (++this.nesting > MAX_NESTING) this.error('expression nested too deeply', t.line, t.col);
  }

  private parseCallSuffix(fn: Expr): Expr {
    const lp = this.consume('(');
    this.enter(lp);
    let args: Arg[] = [];
    let rp: Token;
    if (this.kind() === ')') rp = this.next();
    else {
      args = this.parseArgs();
      rp = this.consume(')');
    }
    this.nesting--;
    return { kind: 'Call', line: lp.line, col: lp.col, fn, args, endLine: rp.line, endCol: rp.col };
  }

  private parseArgs(): Arg[] {
    const args: Arg[] = [];
    while (this.kind() !== ')' && this.kind() !== 'EOF') {
      if (args.length > 0) this.consume(',');
      if (this.kind() === ')') break;
      if (this.kind() === '*' || this.kind() === '**') {
        const op = this.next();
        const value = this.parseTest();
        args.push({ kind: op.kind === '*' ? 'star' : 'starstar', value, line: op.line, col: op.col });
        continue;
      }
      const x = this.parseTest();
      if (this.kind() === '=') {
        if (x.kind !== 'Ident') this.error('keyword argument must have form name=expr');
        this.next();
        const y = this.parseTest();
        args.push({ kind: 'named', name: x.name, nameNode: x, value: y });
        continue;
      }
      args.push({ kind: 'pos', value: x });
    }
    return args;
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'IDENT':
        return this.parseIdent();
      case 'INT':
      case 'FLOAT':
      case 'STRING':
      case 'BYTES': {
        this.next();
        const lit: Literal = { kind: 'Literal', line: t.line, col: t.col, value: t.value!, raw: t.raw };
        if (t.kind === 'FLOAT') lit.isFloat = true;
        if (t.kind === 'BYTES') lit.isBytes = true;
        return lit;
      }
      case '[':
        return this.parseList();
      case '{':
        return this.parseDict();
      case '(': {
        this.next();
        this.enter(t);
        if (this.kind() === ')') {
          this.next();
          this.nesting--;
          return { kind: 'Tuple', line: t.line, col: t.col, elems: [], paren: true };
        }
        const e = this.parseExpr(true);
        this.consume(')');
        this.nesting--;
        if (e.kind === 'Tuple' && !e.paren) {
          e.paren = true;
          e.line = t.line;
          e.col = t.col;
          return e;
        }
        return e;
      }
      case '-':
      case '+':
      case '~': {
        this.next();
        this.enter(t);
        const x = this.parsePrimaryWithSuffix();
        this.nesting--;
        return { kind: 'Unary', line: t.line, col: t.col, op: t.kind as '-' | '+' | '~', x };
      }
    }
    this.error(`got ${describeToken(t.kind)}, want primary expression`, t.line, t.col);
  }

  private parseList(): Expr {
    const lb = this.next();
    this.enter(lb);
    if (this.kind() === ']') {
      this.next();
      this.nesting--;
      return { kind: 'List', line: lb.line, col: lb.col, elems: [] };
    }
    const x = this.parseTest();
    if (this.kind() === 'for') {
      const c = this.parseComprehensionSuffix(lb, x, ']');
      this.nesting--;
      return c;
    }
    let elems = [x];
    if (this.kind() === ',') elems = this.parseExprs(elems, true);
    this.consume(']');
    this.nesting--;
    return { kind: 'List', line: lb.line, col: lb.col, elems };
  }

  private parseDict(): Expr {
    const lb = this.next();
    this.enter(lb);
    if (this.kind() === '}') {
      this.next();
      this.nesting--;
      return { kind: 'Dict', line: lb.line, col: lb.col, entries: [] };
    }
    const x = this.parseDictEntry();
    if (this.kind() === 'for') {
      const c = this.parseComprehensionSuffix(lb, x, '}');
      this.nesting--;
      return c;
    }
    const entries = [x];
    while (this.kind() === ',') {
      this.next();
      if (this.kind() === '}') break;
      entries.push(this.parseDictEntry());
    }
    this.consume('}');
    this.nesting--;
    return { kind: 'Dict', line: lb.line, col: lb.col, entries };
  }

  private parseDictEntry(): DictEntry {
    const key = this.parseTest();
    const colon = this.consume(':');
    const value = this.parseTest();
    return { kind: 'DictEntry', line: colon.line, col: colon.col, key, value };
  }

  private parseComprehensionSuffix(lb: Token, body: Expr | DictEntry, end: string): Expr {
    const clauses: (ForClause | IfClause)[] = [];
    while (this.kind() !== end) {
      if (this.kind() === 'for') {
        const f = this.next();
        const vars = this.parseForLoopVariables();
        this.consume('in');
        const iter = this.parseTestPrec(0);
        clauses.push({ kind: 'ForClause', line: f.line, col: f.col, vars, iter });
      } else if (this.kind() === 'if') {
        const i = this.next();
        const cond = this.parseTestNoCond();
        clauses.push({ kind: 'IfClause', line: i.line, col: i.col, cond });
      } else {
        this.error(`got ${describeToken(this.kind())}, want '${end}', for, or if`);
      }
    }
    this.next();
    return { kind: 'Comp', line: lb.line, col: lb.col, curly: end === '}', body, clauses };
  }
}

function terminatesExprList(kind: string): boolean {
  return kind === 'EOF' || kind === 'NEWLINE' || kind === '=' || kind === '}' || kind === ']' || kind === ')' || kind === ';';
}

/** A JS stack overflow while walking a pathologically nested program becomes a clean Starlark error. */
export function tooDeep(e: unknown, kind: 'syntax' | 'resolve' | 'limit', filename: string): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message))
    return new StarlarkError(kind, 'program too deeply nested (split the expression up)', { file: filename, line: 1, col: 1 });
  return e;
}

/** Start line/column of an expression (its leftmost token). */
export function exprLine(x: Expr): number {
  switch (x.kind) {
    case 'Binary':
    case 'Index':
    case 'Slice':
    case 'Dot':
    case 'Call':
      return exprLine(x.kind === 'Binary' ? x.x : x.kind === 'Call' ? x.fn : x.x);
    case 'Cond':
      return exprLine(x.t);
    case 'Tuple':
      return x.paren || x.elems.length === 0 ? x.line : exprLine(x.elems[0]);
    default:
      return x.line;
  }
}

export function exprCol(x: Expr): number {
  switch (x.kind) {
    case 'Binary':
    case 'Index':
    case 'Slice':
    case 'Dot':
    case 'Call':
      return exprCol(x.kind === 'Binary' ? x.x : x.kind === 'Call' ? x.fn : x.x);
    case 'Cond':
      return exprCol(x.t);
    case 'Tuple':
      return x.paren || x.elems.length === 0 ? x.col : exprCol(x.elems[0]);
    default:
      return x.col;
  }
}

/** Parses a file. Throws a StarlarkError of kind 'syntax' at the first error. */
export function parse(filename: string, source: string, _options?: DialectOptions): FileAST {
  const p = new Parser(new Scanner(filename, source));
  try {
    return { filename, stmts: p.parseFile() };
  } catch (e) {
    throw tooDeep(e, 'syntax', filename);
  }
}
