// `choreo debug` in-process, with the prompt's lines scripted (the debuggee runs in a real worker thread).
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../../testing/capture-output.js';
import { bundledExample, tempProjects } from '../../testing/temp-projects.js';
import { debugCommand, launchOf, runDebugCli, type LineSource } from './debug.js';

const projects = tempProjects('choreo-debug-cli-');
const dir = projects.copyOf(bundledExample('hello-world'));
afterAll(() => projects.cleanup());

let io: CapturedOutput;
beforeEach(() => {
  io = captureOutput();
});
afterEach(() => vi.restoreAllMocks());

/** Answers each prompt with the next scripted line; records where it was asked. */
function script(lines: string[]): LineSource & { asked: number } {
  const src = {
    asked: 0,
    next: async (prompt: string) => {
      src.asked++;
      process.stdout.write(prompt);
      const l = lines.shift();
      if (l !== undefined) process.stdout.write(`${l}\n`);
      return l ?? null;
    },
    close: () => {},
  };
  return src;
}

const LIB = 'libs/studio.example.com.greetings.star';
const REC = 'reconcilers/studio.example.com.greeters.greeter.star';

describe('choreo debug', () => {
  it('stops at --break, steps into the library, evaluates, prints the stack, and runs to the end', async () => {
    const lines = script(['bt', 'p language', 's', 'bt', 'p word', 'n', 'p word + "!"', 'up', 'p self["metadata"]["name"]', 'o', 'locals', 'c', 'c']);
    const code = await runDebugCli([dir, '--break', `${REC}:10`, '--object', 'Greeter/world'], lines);
    const out = io.stdout();
    expect(code).toBe(0);
    expect(out).toContain(`stopped at a breakpoint in reconcile at ${REC}:10 reconciling Greeter/default/world (studio.example.com.greeters.greeter)`);
    expect(out).toContain('->   10    text = greeting_text(language, spec.get("name", "world"))');
    expect(out).toContain(`> #0 reconcile at ${REC}:10`);
    expect(out).toContain('p language\n"en"\n');
    expect(out).toContain(`stopped after a step in greeting_text at ${LIB}:12`);
    expect(out).toContain(`> #0 greeting_text at ${LIB}:12\n  #1 reconcile at ${REC}:10`);
    expect(out).toContain('p word\nerror: undefined: word'); // not assigned yet
    expect(out).toContain('p word + "!"\n"Hello!"');
    expect(out).toContain(`up\n#1 reconcile at ${REC}:10`);
    expect(out).toContain('p self["metadata"]["name"]\n"world"');
    expect(out).toContain(`stopped after a step in reconcile at ${REC}:10`); // out: back in the caller
    expect(out).toMatch(/locals\n(.*\n)*language = "en"\n/);
    expect(out).toContain('Run once finished: success');
  });

  it('replays one object against a snapshot with a conditional breakpoint added at the prompt, and quits', async () => {
    const { runOnce } = await import('../../engine/index.js');
    const run = await runOnce(dir);
    expect(run.success).toBe(true);
    const lines = script(['b libs/studio.example.com.greetings.star:13 if name.startswith("Choreo")', 'c', 'p word', 'q']);
    const code = await runDebugCli([dir, '--reconcile', 'Greeter/team', '--snapshot', 'latest', '--stop-on-entry'], lines);
    const out = io.stdout();
    expect(code).toBe(0);
    expect(out).toContain('debugging the reconcile of Greeter/team against snapshot latest (nothing is written)');
    expect(out).toContain(`stopped on entry in reconcile at ${REC}:8 reconciling Greeter/default/team`);
    expect(out).toContain(`breakpoint at ${LIB}:13 if name.startswith("Choreo")`);
    expect(out).toContain('p word\n"Hallo"');
    expect(out).toContain('The debug session was stopped.');
  });

  it('refuses bad arguments with the usage', async () => {
    expect(await debugCommand.run([dir, '--break', 'nowhere'])).toBe(2);
    expect(io.stderr()).toContain('--break nowhere: write FILE:LINE');
    expect(() => launchOf([dir, '--object', 'Greeter'])).toThrow(/--object: Object filter "Greeter" is not KIND\/NAME/);
    expect(() => launchOf([dir, '--snapshot', 'latest'])).toThrow(/--snapshot replays one object/);
    expect(launchOf([dir, '--break', `${LIB}:12 if x > 1`, '--break', `${LIB}:13`]).launch.breakpoints).toEqual([{ source: LIB, breakpoints: [{ line: 12, condition: 'x > 1' }, { line: 13 }] }]);
  });
});
