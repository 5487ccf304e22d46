import { afterEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../testing/capture-output.js';
import { intFlag, parseFlags, UsageError, withUsage } from './flags.js';

describe('parseFlags', () => {
  const spec = {
    values: { '-o': 'output', '--output': 'output' },
    lists: { '--option': 'option' },
    bools: { '-a': 'all', '-i': 'internal', '--quiet': 'quiet' },
  };

  it('reads values in both forms, repeated lists, bools, combined short bools, --dir and positionals', () => {
    const p = parseFlags(['x', '-o', 'json', '--option=set', '--option', 'while', '-ai', '--quiet', '--dir', 'proj', 'y'], spec);
    expect(p.positional).toEqual(['x', 'y']);
    expect(p.values).toEqual({ output: 'json' });
    expect(p.lists).toEqual({ option: ['set', 'while'] });
    expect([...p.bools].sort()).toEqual(['all', 'internal', 'quiet']);
    expect(p.dir).toBe('proj');
    expect(p.dirGiven).toBe(true);
    expect(p.help).toBe(false);
  });

  it('defaults --dir to the current folder and notices --help', () => {
    const p = parseFlags(['-h'], spec);
    expect(p).toMatchObject({ dir: '.', dirGiven: false, help: true });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['-ax'], 'unknown option -ax'],
    [['-o'], '-o needs a value'],
    [['--output', '--quiet'], '--output needs a value'],
  ])('refuses %j with a UsageError', (args, message) => {
    expect(() => parseFlags(args, spec)).toThrow(UsageError);
    expect(() => parseFlags(args, spec)).toThrow(message);
  });

  it('takes a value that starts with -- when it is given inline', () => {
    expect(parseFlags(['--output=--x'], spec).values.output).toBe('--x');
  });
});

describe('intFlag', () => {
  it('accepts whole numbers in range and names the flag otherwise', () => {
    expect(intFlag('8080', '--port', 0, 65535)).toBe(8080);
    expect(() => intFlag('70000', '--port', 0, 65535)).toThrow('--port must be a whole number from 0 to 65535, got "70000"');
    expect(() => intFlag('1.5', '--max-steps', 1)).toThrow('--max-steps must be a whole number of at least 1');
    expect(() => intFlag('', '--timeout', 1)).toThrow(UsageError);
  });
});

describe('withUsage', () => {
  let io: ReturnType<typeof captureOutput>;
  afterEach(() => io.restore());

  it('turns a UsageError into exit 2 with the message and the usage on stderr; other errors propagate', async () => {
    io = captureOutput();
    const missing = async (): Promise<number> => {
      throw new UsageError('missing FILE');
    };
    expect(await withUsage('usage: choreo x', missing)).toBe(2);
    expect(io.stderr()).toBe('missing FILE\n\nusage: choreo x\n');
    const boom = async (): Promise<number> => {
      throw new Error('boom');
    };
    await expect(withUsage('usage', boom)).rejects.toThrow('boom');
    expect(await withUsage('usage', async () => 0)).toBe(0);
  });
});
