import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput } from './capture-output.js';

afterEach(() => vi.restoreAllMocks());

describe('captureOutput', () => {
  it('collects stdout and stderr apart, clears, and restores the real writers', () => {
    const realOut = process.stdout.write;
    const io = captureOutput();
    process.stdout.write('one\n');
    process.stderr.write(Buffer.from('two\n'));
    expect(io.stdout()).toBe('one\n');
    expect(io.stderr()).toBe('two\n');
    io.clear();
    process.stdout.write('three');
    expect(io.stdout()).toBe('three');
    expect(io.stderr()).toBe('');
    io.restore();
    expect(process.stdout.write).toBe(realOut);
  });
});
