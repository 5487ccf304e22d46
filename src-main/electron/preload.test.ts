// The sandboxed preload with a fake `electron`: it exposes only `window.choreo = { invoke, on }`,
// accepts exactly the contract's names (as sent by main), and refuses everything else.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { transformSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelNames, eventNames } from '../../src-shared/ipc/contract.js';
import { bridgeArguments } from './bridge-args.js';

const fake = {
  exposed: new Map<string, unknown>(),
  invoked: [] as [string, unknown][],
  listeners: new Map<string, Set<(event: unknown, payload: unknown) => void>>(),
  required: [] as string[],
};

const fakeElectron = {
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, request: unknown) => {
      fake.invoked.push([channel, request]);
      return { ok: true, value: 'from main' };
    },
    on: (event: string, fn: (event: unknown, payload: unknown) => void) => {
      if (!fake.listeners.has(event)) fake.listeners.set(event, new Set());
      fake.listeners.get(event)!.add(fn);
    },
    removeListener: (event: string, fn: (event: unknown, payload: unknown) => void) => fake.listeners.get(event)?.delete(fn),
  },
};

interface Bridge {
  invoke(channel: unknown, request: unknown): Promise<unknown>;
  on(event: unknown, listener: unknown): () => void;
}
let bridge: Bridge;

/**
 * Runs preload.cts the way Electron's sandbox does: as CommonJS in a fresh context whose `require`
 * knows only 'electron', with the renderer's process.argv (main's additionalArguments appended).
 */
beforeAll(() => {
  const source = readFileSync(fileURLToPath(new URL('./preload.cts', import.meta.url)), 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2022' });
  const module = { exports: {} as Record<string, unknown> };
  const sandboxRequire = (id: string) => {
    fake.required.push(id);
    if (id === 'electron') return fakeElectron;
    throw new Error(`module not found: ${id} (a sandboxed preload can only require electron)`);
  };
  runInNewContext(code, {
    require: sandboxRequire,
    module,
    exports: module.exports,
    process: { argv: ['/opt/choreo/chrome', '--type=renderer', ...bridgeArguments()] },
    Promise,
    Object,
    Set,
    JSON,
    Error,
    TypeError,
  });
  bridge = fake.exposed.get('choreo') as Bridge;
});

describe('preload', () => {
  it('requires nothing but electron', () => {
    expect(fake.required).toEqual(['electron']);
  });

  it('exposes one frozen object with only invoke and on', () => {
    expect([...fake.exposed.keys()]).toEqual(['choreo']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('forwards every contract channel to ipcRenderer.invoke', async () => {
    for (const channel of channelNames) expect(await bridge.invoke(channel, { x: 1 })).toEqual({ ok: true, value: 'from main' });
    expect(fake.invoked.map(([c]) => c)).toEqual(channelNames);
  });

  it.each(['shell.exec', '', 'constructor', '__proto__', 42, undefined])('refuses the non-contract channel %j without reaching main', async (name) => {
    const before = fake.invoked.length;
    expect(await bridge.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(fake.invoked.length).toBe(before);
  });

  it('delivers only the payload of contract events and unsubscribes', () => {
    for (const event of eventNames) {
      const got: unknown[] = [];
      const off = bridge.on(event, (p: unknown) => got.push(p));
      const [listener] = fake.listeners.get(event)!;
      listener({ sender: 'secret ipc event' }, { hello: event });
      expect(got).toEqual([{ hello: event }]);
      off();
      expect(fake.listeners.get(event)!.size).toBe(0);
    }
  });

  it('refuses non-contract events and non-function listeners', () => {
    expect(() => bridge.on('ipc.anything', () => {})).toThrow('not in the IPC contract');
    expect(() => bridge.on(eventNames[0], 'nope')).toThrow('must be a function');
  });
});
