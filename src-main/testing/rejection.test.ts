import { describe, expect, it } from 'vitest';
import { rejectionOf } from './rejection.js';

class NotFound extends Error {}

describe('rejectionOf', () => {
  it('returns the error the promise rejected with', async () => {
    const e = await rejectionOf(Promise.reject(new NotFound('gone')), NotFound);
    expect(e).toBeInstanceOf(NotFound);
    expect(e.message).toBe('gone');
  });
  it('fails when the promise resolves', async () => {
    await expect(rejectionOf(Promise.resolve(1), NotFound)).rejects.toThrow('expected a rejection with NotFound, but the operation succeeded');
  });
  it('rethrows an error of another class as is', async () => {
    const other = new TypeError('boom');
    await expect(rejectionOf(Promise.reject(other), NotFound)).rejects.toBe(other);
  });
});
