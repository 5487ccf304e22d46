// Seeded random Starlark programs for differential testing against the reference interpreter. Programs are
// typed by construction (ints, strings, lists, dicts, bools) so that most of them run to the end and print
// many values; a small share of operations is deliberately ill-typed or partial (division by zero, index out
// of range, missing key) so that error behaviour is compared too. Sizes stay small: no unbounded repetition
// or shifts, so no program can blow up memory or time.

export type ValueType = 'int' | 'str' | 'bool' | 'list' | 'dict';

export interface GeneratedProgram {
  name: string;
  source: string;
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same programs on every machine. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// Non-ASCII words exercise Go's byte-string semantics (len counts UTF-8 bytes, slicing cuts bytes).
const WORDS = ['a', 'b', 'ab', 'foo', 'bar', 'x,y', 'Hello', ' pad ', '', 'a-b-c', 'k8s', 'ZZ', '1', '42', 'é', '世界', 'aßc', 'Ünï', 'x\ty', '\u00ff!'];
const TYPES: readonly ValueType[] = ['int', 'str', 'bool', 'list', 'dict'];

class Generator {
  private vars: { name: string; type: ValueType }[] = [];
  private counter = 0;
  constructor(private rng: Rng, private errorRate: number) {}

  /** Index in `vars` of the first variable bound inside main() (the ones before are globals). */
  firstLocal = 0;

  private varOf(type: ValueType, from = 0): string | undefined {
    const candidates = this.vars.slice(from).filter((v) => v.type === type);
    return candidates.length ? this.rng.pick(candidates).name : undefined;
  }

  /** Occasionally swaps the wanted type for another one, to provoke type errors. */
  private maybeWrong(type: ValueType): ValueType {
    return this.rng.chance(this.errorRate) ? this.rng.pick(TYPES) : type;
  }

  expr(type: ValueType, depth: number): string {
    if (depth <= 0 || this.rng.chance(0.25)) return this.leaf(type);
    const d = depth - 1;
    const r = this.rng;
    switch (type) {
      case 'int':
        return r.pick<() => string>([
          () => `(${this.expr(this.maybeWrong('int'), d)} ${r.pick(['+', '-', '*'])} ${this.expr('int', d)})`,
          () => `(${this.expr('int', d)} ${r.pick(['//', '%'])} ${r.chance(this.errorRate) ? '0' : `(${this.expr('int', d)} % 7 + 1)`})`,
          () => `(${this.expr('int', d)} ${r.pick(['&', '|', '^'])} ${this.expr('int', d)})`,
          () => `(${this.expr('int', d)} ${r.pick(['<<', '>>'])} ${r.int(0, 9)})`,
          () => `(-${this.expr('int', d)})`,
          () => `len(${this.expr(r.pick<ValueType>(['str', 'list', 'dict']), d)})`,
          () => `(${this.expr('int', d)} if ${this.expr('bool', d)} else ${this.expr('int', d)})`,
          () => this.indexed(d),
          () => (r.chance(this.errorRate * 4) ? `${this.expr('dict', d)}[${this.expr('str', d)}]` : `${this.expr('dict', d)}.get(${this.expr('str', d)}, -1)`),
          () => `${this.expr('dict', d)}.get(${this.expr('str', d)}, ${this.expr('int', d)})`,
          () => `${this.expr('str', d)}.find(${this.expr('str', d)})`,
          () => `${this.expr('str', d)}.count(${this.expr('str', d)})`,
          () => `max(${this.expr('int', d)}, ${this.expr('int', d)})`,
          () => `min([${this.expr('int', d)}, ${this.expr('int', d)}, ${r.int(-5, 5)}])`,
          () => `int(str(${this.expr('int', d)}))`,
          () => `int(${JSON.stringify(String(r.int(-999, 999)))}${r.chance(this.errorRate) ? ' + "x"' : ''})`,
          () => this.helperCall(d),
          () => `hash(${this.expr('str', d)})`,
          () => `len(list(${this.expr('str', d)}.codepoints()))`,
          () => `ord(list((${this.expr('str', d)} + "a").codepoints())[0])`,
          () => `mk(${this.expr('int', d)})(${this.expr('int', d)})`,
          () => `(lambda a, b = ${r.int(-2, 3)}: a * b - a)(${this.expr('int', d)})`,
          () => `len(sorted(${this.expr('list', d)}, key = lambda x: -x))`,
          () => `int(${this.expr('int', d)} / ${r.pick([2, 3, 4, 7])})`,
          () => `${this.expr('str', d)}.rfind(${JSON.stringify(r.pick(WORDS))})`,
          () => `len(${this.expr('str', d)}.split(${JSON.stringify(r.pick([',', '-', 'a']))}, ${r.int(-1, 2)}))`,
        ])();
      case 'str':
        return r.pick<() => string>([
          () => `(${this.expr('str', d)} + ${this.expr(this.maybeWrong('str'), d)})`,
          () => `str(${this.expr(r.pick(TYPES), d)})`,
          () => `repr(${this.expr(r.pick(TYPES), d)})`,
          () => `${this.expr('str', d)}[${r.int(-3, 3)}:${r.int(-3, 6)}]`,
          () => `${this.expr('str', d)}.${r.pick(['upper', 'lower', 'strip', 'title', 'capitalize'])}()`,
          () => `${this.expr('str', d)}.replace(${JSON.stringify(r.pick(WORDS))}, ${this.expr('str', d)})`,
          () => `${JSON.stringify(r.pick([',', '-', '', ' ']))}.join(${this.strList(d)})`,
          () => `(${this.expr('str', d)} * ${r.int(-1, 3)})`,
          () => `("%d-%s" % (${this.expr(this.maybeWrong('int'), d)}, ${this.expr('str', d)}))`,
          () => `"{}/{}".format(${this.expr('int', d)}, ${this.expr('str', d)})`,
          () => `(${this.expr('str', d)} if ${this.expr('bool', d)} else ${this.expr('str', d)})`,
          () => `"".join(${this.strList(d)}[${r.int(-1, 0)}:])`,
          () => `("%s|%r" % (${this.expr(r.pick(TYPES), d)}, ${this.expr(r.pick(TYPES), d)}))`,
          () => `str(${this.expr('str', d)}.partition(${JSON.stringify(r.pick([',', '-', 'a']))}))`,
          () => `str(${this.expr('int', d)} / ${r.pick(['4', '3', '0.5', '-8', '1e3'])})`,
          () => `str(float(${this.expr('int', d)}) * ${r.pick(['1.5', '0.1', '-2.0', '1e-7', '1e21'])})`,
          () => `${this.expr('str', d)}.${r.pick(['lstrip', 'rstrip'])}(${JSON.stringify(r.pick(['a', ' ', 'ab', 'xyz']))})`,
          () => `"{0}-{1}-{0}".format(${this.expr('str', d)}, ${this.expr('int', d)})`,
          () => `chr(${this.expr('int', d)} % 1000 + 32)`,
          () => `str(list(${this.expr('str', d)}.elems()))`,
          () => `str(list(${this.expr('str', d)}.codepoints()))`,
          () => `${this.expr('str', d)}[${r.int(-4, 4)}:${r.int(-4, 6)}]`,
          () => `str((${this.expr('int', d)}, ${this.expr('str', d)}) + (${this.expr('bool', d)},))`,
        ])();
      case 'bool':
        return r.pick<() => string>([
          () => `(${this.expr('int', d)} ${r.pick(['<', '<=', '>', '>=', '==', '!='])} ${this.expr(this.maybeWrong('int'), d)})`,
          () => `(${this.expr('str', d)} ${r.pick(['<', '==', '!='])} ${this.expr('str', d)})`,
          () => `(${this.expr('str', d)} in ${this.expr('str', d)})`,
          () => `(${this.expr('int', d)} in ${this.expr('list', d)})`,
          () => `(${this.expr('str', d)} in ${this.expr('dict', d)})`,
          () => `(not ${this.expr('bool', d)})`,
          () => `(${this.expr('bool', d)} ${r.pick(['and', 'or'])} ${this.expr('bool', d)})`,
          () => `bool(${this.expr(r.pick(TYPES), d)})`,
          () => `${this.expr('str', d)}.startswith(${this.expr('str', d)})`,
          () => `(${this.expr('list', d)} == ${this.expr('list', d)})`,
          () => `any([${this.expr('bool', d)}, ${this.expr('bool', d)}])`,
          () => `${this.expr('str', d)}.${r.pick(['isalpha', 'isdigit', 'isupper', 'islower', 'isspace', 'istitle', 'isalnum'])}()`,
          () => `(${this.expr('list', d)} < ${this.expr('list', d)})`,
          () => `(${this.expr('dict', d)} == ${this.expr('dict', d)})`,
        ])();
      case 'list':
        return r.pick<() => string>([
          () => `(${this.expr('list', d)} + ${this.expr(this.maybeWrong('list'), d)})`,
          () => `[${this.expr('int', d)} * x for x in ${this.expr('list', d)} if x % 2 == ${r.int(0, 1)}]`,
          () => `sorted(${this.expr('list', d)}${r.chance(0.3) ? ', reverse=True' : ''})`,
          () => `list(reversed(${this.expr('list', d)}))`,
          () => `${this.expr('list', d)}[${r.int(-3, 3)}:${r.int(-2, 5)}${r.chance(0.3) ? `:${r.pick([-1, 2, 3])}` : ''}]`,
          () => `list(range(${r.int(-3, 3)}, ${r.int(-2, 12)}${r.chance(0.3) ? `, ${r.pick([-2, 1, 2, 3])}` : ''}))`,
          () => `[len(s) for s in ${this.strList(d)}]`,
          () => `${this.expr('dict', d)}.values()`,
          () => `[x for x in ${this.expr('list', d)} for _ in range(${r.int(0, 2)})]`,
          () => `(${this.expr('list', d)} * ${r.int(0, 2)})`,
          () => `[a + b for a, b in zip(${this.expr('list', d)}, ${this.expr('list', d)})]`,
          () => `[i - x for i, x in enumerate(${this.expr('list', d)})]`,
          () => `sorted(${this.expr('list', d)}, key = lambda x: (x % 3, -x))`,
          () => `list((${this.expr('int', d)}, ${this.expr('int', d)}) * ${r.int(0, 2)})`,
          () => `[len(p) for p in ${this.expr('str', d)}.rsplit(${JSON.stringify(r.pick([',', '-', 'a']))}, ${r.int(0, 2)})]`,
        ])();
      case 'dict':
        return r.pick<() => string>([
          () => `{${this.expr('str', d)}: ${this.expr('int', d)}, ${this.expr('str', d)}: ${this.expr('int', d)}}`,
          () => `{s: len(s) for s in ${this.strList(d)}}`,
          () => `dict(zip(${this.strList(d)}, ${this.expr('list', d)}))`,
          () => `dict(${this.expr('dict', d)}, extra=${this.expr('int', d)})`,
          () => `{k: v + 1 for k, v in ${this.expr('dict', d)}.items()}`,
        ])();
    }
  }

  /** A call of the helper `h(a, b = 2, *args, **kwargs)` in one of the ways Starlark allows (sometimes not). */
  private helperCall(depth: number): string {
    const r = this.rng;
    const i = (): string => this.expr('int', depth);
    if (r.chance(this.errorRate * 2)) return r.pick([`h()`, `h(${i()}, a = ${i()})`, `h(${i()}, **{"a": ${i()}})`]);
    return r.pick([
      () => `h(${i()})`,
      () => `h(${i()}, ${i()})`,
      () => `h(${i()}, ${i()}, ${i()}, k = ${i()})`,
      () => `h(b = ${i()}, a = ${i()})`,
      () => `h(*[${i()}, ${i()}, 5], **{"z": ${i()}})`,
    ])();
  }

  /** `list[int]`: usually guarded so that it stays in range; sometimes raw, to compare index errors. */
  private indexed(depth: number): string {
    const list = this.leaf('list');
    const index = this.expr('int', depth);
    if (this.rng.chance(this.errorRate * 4)) return `${list}[${index}]`;
    return `(${list}[${index} % len(${list})] if ${list} else 0)`;
  }

  private strList(depth: number): string {
    return this.rng.pick<() => string>([
      () => `${this.expr('str', depth)}.split(${JSON.stringify(this.rng.pick([',', '-', 'a']))})`,
      () => `[${this.expr('str', depth)}, ${this.expr('str', depth)}]`,
      () => `sorted(${this.expr('dict', depth)}.keys())`,
      () => `[str(x) for x in ${this.expr('list', depth)}]`,
    ])();
  }

  private leaf(type: ValueType): string {
    const r = this.rng;
    if (r.chance(0.5)) {
      const v = this.varOf(type);
      if (v) return v;
    }
    switch (type) {
      case 'int':
        return String(r.pick([0, 1, 2, 3, 7, 10, 255, -1, -8, 2147483647, 9007199254740993, -4611686018427387904]));
      case 'str':
        return JSON.stringify(r.pick(WORDS));
      case 'bool':
        return r.pick(['True', 'False']);
      case 'list':
        return `[${Array.from({ length: r.int(0, 4) }, () => String(r.int(-9, 20))).join(', ')}]`;
      case 'dict':
        // Distinct keys: a repeated key in a literal is an error, which would end most programs early.
        return `{${[...new Set(Array.from({ length: r.int(0, 3) }, () => r.pick(WORDS)))].map((w) => `${JSON.stringify(w)}: ${r.int(-5, 9)}`).join(', ')}}`;
    }
  }

  varCount(): number {
    return this.vars.length;
  }

  private newVar(type: ValueType): string {
    const name = `v${this.counter++}`;
    this.vars.push({ name, type });
    return name;
  }

  statements(count: number, indent: string, depth: number): string[] {
    const out: string[] = [];
    const r = this.rng;
    for (let i = 0; i < count; i++) {
      const kind = r.int(0, 9);
      if (kind <= 2) {
        const type = r.pick(TYPES);
        const value = this.expr(type, depth);
        out.push(`${indent}${this.newVar(type)} = ${value}`);
      } else if (kind <= 5) {
        out.push(`${indent}print(${this.expr(r.pick(TYPES), depth)})`);
      } else if (kind === 6) {
        // Only locals: `+=` on a global inside a function would make it an unbound local.
        const target = this.varOf('int', this.firstLocal);
        if (target) out.push(`${indent}${target} ${r.pick(['+=', '-=', '*=', '|='])} ${this.expr('int', depth - 1)}`);
      } else if (kind === 7) {
        const list = this.varOf('list');
        if (list) {
          const arg = this.expr('int', depth - 1);
          out.push(`${indent}${r.pick([`${list}.append(${arg})`, `${list}.insert(0, ${arg})`, `${list}.extend([1, ${arg}])`, r.chance(this.errorRate * 5) ? `${list}.remove(${arg})` : `${list}.pop()`])}`);
        }
      } else if (kind === 8) {
        const dict = this.varOf('dict');
        if (dict) out.push(`${indent}${dict}[${this.expr('str', depth - 1)}] = ${this.expr('int', depth - 1)}`);
      } else if (indent.length < 12) {
        const loopVar = `i${this.counter++}`;
        if (r.chance(0.5)) {
          out.push(`${indent}for ${loopVar} in ${this.expr('list', depth - 1)}:`);
          this.vars.push({ name: loopVar, type: 'int' });
        } else {
          out.push(`${indent}if ${this.expr('bool', depth - 1)}:`);
        }
        const saved = this.vars.length;
        const body = this.statements(r.int(1, 3), indent + '    ', depth - 1);
        out.push(...(body.length ? body : [`${indent}    pass`]));
        // Names bound inside a block may be unbound at runtime after it: keep only names bound before.
        this.vars.length = Math.min(this.vars.length, saved);
        this.vars = this.vars.filter((v) => v.name !== loopVar);
      }
    }
    return out;
  }
}

/** Top-level helpers every program may call: parameters of every kind, and a closure. */
const HELPERS = [
  'def h(a, b = 2, *args, **kwargs):',
  '    return a * b + len(args) * 10 + len(kwargs) * 100',
  'def mk(n):',
  '    return lambda x: x + n',
];

/**
 * Generates `count` programs from `seed`. Each program is a `main()` function (statements are not allowed at
 * top level in the default dialect) plus a few top-level assignments and a call of `main()`.
 */
export function generatePrograms(seed: number, count: number, errorRate = 0.04): GeneratedProgram[] {
  const programs: GeneratedProgram[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(seed * 100_003 + i);
    const gen = new Generator(rng, errorRate);
    gen.firstLocal = Number.MAX_SAFE_INTEGER;
    const top = gen.statements(rng.int(1, 2), '', 2).filter((l) => !/^(for|if) /.test(l) && !/^\s/.test(l) && !/^\w+(\.|\[| [-+*|]=)/.test(l));
    gen.firstLocal = gen.varCount();
    const body = gen.statements(rng.int(4, 10), '    ', 3);
    const source = [...HELPERS, ...top, 'def main():', ...body, '    pass', 'main()', ''].join('\n');
    programs.push({ name: `gen-${seed}-${i}`, source });
  }
  return programs;
}
