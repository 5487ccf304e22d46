// Test-only predeclared values of the starlark-go suite (README §2.6): `hasfields()` (a host type with
// freely settable attributes) and `fibonacci` (an endless iterable). They mirror the application-defined
// types of starlark-go's eval_test.go and exercise the interpreter's host-value interface.
import { Builtin, HostValue, List, freeze, runtimeError } from '../index.js';
import type { BinaryOp, Value } from '../index.js';

/** A value of type "hasfields": attributes can be set until it is frozen; freezing freezes their values. */
export class HasFields extends HostValue {
  readonly type = 'hasfields';
  private readonly fields = new Map<string, Value>();

  override str(): string {
    return 'hasfields';
  }
  override truth(): boolean {
    return true;
  }
  override hash(): number {
    return 42;
  }
  override attr(name: string): Value | undefined {
    return this.fields.get(name);
  }
  override attrNames(): string[] {
    return [...this.fields.keys()].sort();
  }
  override setAttr(name: string, v: Value): void {
    if (this.frozen) throw runtimeError('cannot set field on a frozen hasfields');
    // eval_test.go rejects names starting with "no", to test the error path of field assignment.
    if (name.startsWith('no')) throw runtimeError(`no .${name} field`);
    this.fields.set(name, v);
  }
  /** Only `list + hasfields` is defined (it gives 42): a corner case of `x += y` on lists. */
  override binary(op: BinaryOp, other: Value, side: 'left' | 'right'): Value | undefined {
    if (op === '+' && side === 'right' && other instanceof List) return 42;
    return undefined;
  }
  override freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    for (const v of this.fields.values()) freeze(v);
  }
}

/** The `hasfields` constructor: takes no arguments. */
export const hasfieldsBuiltin = new Builtin('hasfields', (_thread, args, kwargs) => {
  if (args.length > 0 || (kwargs && kwargs.length > 0)) throw runtimeError('hasfields: unexpected arguments');
  return new HasFields();
});

const MAX_FIB_ELEMENTS = 1_000_000;

/** An endless iterable of type "fib": 0, 1, 1, 2, 3, 5, … Loops over it must `break`. */
export class Fibonacci extends HostValue {
  readonly type = 'fib';
  override str(): string {
    return 'fib';
  }
  override hash(): number {
    throw runtimeError('fib is unhashable');
  }
  override iterate(): Iterator<Value> {
    let a: number | bigint = 0;
    let b: number | bigint = 1;
    let count = 0;
    return {
      next: (): IteratorResult<Value> => {
        // A guard for interpreters that snapshot iterables into arrays: fail instead of looping forever.
        if (++count > MAX_FIB_ELEMENTS) throw runtimeError(`fibonacci: more than ${MAX_FIB_ELEMENTS} elements requested (the loop must break)`);
        const value = a;
        // Past 2^53 the numbers continue as BigInt, the interpreter's representation of big ints.
        const next: number | bigint = typeof a === 'number' && typeof b === 'number' && a + b <= Number.MAX_SAFE_INTEGER ? a + b : BigInt(a) + BigInt(b);
        [a, b] = [b, next];
        return { done: false, value };
      },
    };
  }
}

/** Predeclared names the exec driver adds to the universe for starlark/testdata files. */
export function testPredeclared(): Map<string, Value> {
  return new Map<string, Value>([
    ['hasfields', hasfieldsBuiltin],
    ['fibonacci', new Fibonacci()],
  ]);
}
