import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HostContext } from './handlers.js';
import { lazyHandlers, lazyModule } from './lazy-handlers.js';

const group = {
  'x.double': { request: z.object({ n: z.number() }), response: z.number() },
  'x.name': { request: z.object({}), response: z.string() },
};
const ctx = {} as HostContext;

describe('lazy handler groups', () => {
  it('imports the module on the first request only, and delegates every channel to it', async () => {
    let imports = 0;
    const mod = lazyModule(async () => {
      imports++;
      return { handlers: { 'x.double': async ({ n }: { n: number }) => n * 2, 'x.name': async () => 'x' } };
    });
    const handlers = lazyHandlers(group, async () => (await mod.load()).handlers);
    expect(Object.keys(handlers)).toEqual(['x.double', 'x.name']);
    expect(imports).toBe(0);
    expect(mod.loaded()).toBeUndefined();
    expect(await Promise.all([handlers['x.double']({ n: 21 }, ctx), handlers['x.name']({}, ctx)])).toEqual([42, 'x']);
    expect(imports).toBe(1);
    expect(mod.loaded()).toBeDefined();
  });

  it('tries the import again on the next request after a failure', async () => {
    let attempt = 0;
    const mod = lazyModule(async () => {
      if (++attempt === 1) throw new Error('disk hiccup');
      return { ok: true };
    });
    await expect(mod.load()).rejects.toThrow('disk hiccup');
    await expect(mod.load()).resolves.toEqual({ ok: true });
  });
});
