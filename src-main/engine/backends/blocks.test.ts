import { describe, expect, it } from 'vitest';
import { bestFitBlock, freeIntervals, intervalBlocks } from './blocks.js';

const blocks = (start: number, end: number, width = 32) => intervalBlocks({ start: BigInt(start), end: BigInt(end) }, width).map((b) => `${b.addr}/${b.bits}`);

describe('number blocks (netipx semantics)', () => {
  it('splits a range into the largest aligned blocks, in order', () => {
    expect(blocks(65000, 65100)).toEqual(['65000/29', '65008/28', '65024/26', '65088/29', '65096/30', '65100/32']);
    expect(blocks(4096, 65535, 16)).toEqual(['4096/4', '8192/3', '16384/2', '32768/1']);
    expect(blocks(0, 255, 8)).toEqual(['0/0']);
    expect(blocks(7, 7)).toEqual(['7/32']);
  });

  it('computes what is free of a base interval', () => {
    const used = [
      { start: 0n, end: 0n },
      { start: 5n, end: 9n },
      { start: 7n, end: 12n },
    ];
    expect(freeIntervals({ start: 0n, end: 15n }, used)).toEqual([
      { start: 1n, end: 4n },
      { start: 13n, end: 15n },
    ]);
    expect(freeIntervals({ start: 0n, end: 3n }, [{ start: 0n, end: 3n }])).toEqual([]);
  });

  it('takes the smallest free block that fits, the first of equal size (RemoveFreePrefix)', () => {
    const fit = (start: number, end: number, used: [number, number][], bits: number, width = 8) => {
      const free = freeIntervals({ start: BigInt(start), end: BigInt(end) }, used.map(([a, b]) => ({ start: BigInt(a), end: BigInt(b) })));
      const b = bestFitBlock(free, bits, width);
      return b && `${b.addr}/${b.bits}`;
    };
    expect(fit(0, 255, [], 8)).toBe('0/8');
    expect(fit(0, 255, [[0, 0]], 8)).toBe('1/8'); // 1/8 is an exact single block
    expect(fit(0, 255, [[0, 0], [1, 1], [255, 255]], 8)).toBe('254/8'); // 2..254: only 254 stands alone
    expect(fit(0, 255, [[0, 0], [255, 255]], 7)).toBe('2/7');
    expect(fit(0, 3, [[0, 3]], 8)).toBeUndefined();
  });
});
