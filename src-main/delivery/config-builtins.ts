// The Starlark builtins `config(key, default)` and `secret(key)` that delivery adds to reconcilers and
// libraries through the engine's `extraBuiltins` extension point. They are read-only views of one
// environment's values; every call is recorded (which keys the code uses at runtime). At build time
// there is no environment: config() returns its default ("" without one) and secret() returns "".
import { StarlarkBuiltin, decodeUtf8, encodeUtf8, starlarkRuntimeError, starlarkTypeName, type StarlarkKwargs, type StarlarkValue } from '../engine/index.js';
import type { ResolvedValues } from './config-values.js';
import type { KeyUse } from './types.js';

/** Keys seen while running, merged into the build's key list. */
export class KeyRecorder {
  readonly uses = new Map<string, KeyUse>();
  record(key: string, kind: 'config' | 'secret', required: boolean): void {
    const id = `${kind}:${key}`;
    const old = this.uses.get(id);
    if (old) old.required ||= required;
    else this.uses.set(id, { key, kind, required, where: ['runtime'] });
  }
  list(): KeyUse[] {
    return [...this.uses.values()];
  }
}

export const CONFIG_BUILTIN_NAMES = ['config', 'secret'] as const;

function keyArg(fn: string, args: StarlarkValue[], kwargs: StarlarkKwargs | null): string {
  let k: StarlarkValue | undefined = args[0];
  for (const [name, v] of kwargs ?? []) if (name === 'key') k = v;
  if (typeof k !== 'string') throw starlarkRuntimeError(`${fn}: for parameter key: got ${k === undefined ? 'nothing' : starlarkTypeName(k)}, want string`);
  return decodeUtf8(k);
}

/**
 * `values` undefined = build mode (no environment). Missing required values raise an error naming the key
 * (deploy refuses environments that lack them, so this only happens for keys computed at runtime).
 */
export function configBuiltins(values: ResolvedValues | undefined, recorder?: KeyRecorder): Record<string, StarlarkValue> {
  return {
    config: new StarlarkBuiltin('config', (_t, args: StarlarkValue[], kwargs: StarlarkKwargs | null) => {
      if (args.length > 2) throw starlarkRuntimeError(`config: got ${args.length} arguments, want at most 2`);
      const key = keyArg('config', args, kwargs);
      let def: StarlarkValue | undefined = args[1];
      for (const [name, v] of kwargs ?? []) {
        if (name === 'default') def = v;
        else if (name !== 'key') throw starlarkRuntimeError(`config: unexpected keyword argument ${name}`);
      }
      recorder?.record(key, 'config', def === undefined);
      const v = values?.config[key];
      if (v !== undefined) return encodeUtf8(v);
      if (def !== undefined) return def;
      if (!values) return '';
      throw starlarkRuntimeError(`config: the key "${key}" is not set for this environment; set it with \`choreo config set ENV ${key} VALUE\``);
    }),
    secret: new StarlarkBuiltin('secret', (_t, args: StarlarkValue[], kwargs: StarlarkKwargs | null) => {
      if (args.length > 1) throw starlarkRuntimeError(`secret: got ${args.length} arguments, want 1`);
      const key = keyArg('secret', args, kwargs);
      recorder?.record(key, 'secret', true);
      if (!values) return '';
      const v = values.secrets[key];
      if (v === undefined) throw starlarkRuntimeError(`secret: the secret "${key}" is not set for this environment; set it with \`choreo config set ENV ${key} VALUE --secret\``);
      return encodeUtf8(v);
    }),
  };
}
