import { describe, expect, it } from 'vitest';
import { randomUuidV4 } from './uuid.js';

describe('randomUuidV4', () => {
  it('gives distinct version-4 UUIDs across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const u = randomUuidV4();
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(u);
    }
    expect(seen.size).toBe(5000);
  });
});
